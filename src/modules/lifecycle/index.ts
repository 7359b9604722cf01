// The lifecycle's operations: objections, repairs, commitments, list entries and the history.
import { allow, mayDo } from "../../permissions/rules.js";
import { defineModule } from "../manifest.js";
import { LifecycleResolver } from "./lifecycle.resolver.js";

export const lifecycleModule = defineModule({
  name: "lifecycle",
  resolvers: [LifecycleResolver],
  rules: {
    Query: { stateChanges: mayDo("readHistory", "read the state history") },
    Mutation: {
      fileObjection: mayDo("submit", "file objections"),
      applyRepair: mayDo("submit", "apply for repair"),
      registerCommitment: mayDo("submit", "register commitments"),
      decideObjection: mayDo("write", "decide objections"),
      decideRepair: mayDo("write", "decide repairs"),
      reverseRepair: mayDo("write", "reverse repairs"),
      breachCommitment: mayDo("write", "record breaches"),
      addListEntry: mayDo("write", "add list entries"),
    },
    types: { Objection: allow, Repair: allow, StateChange: allow },
  },
});
