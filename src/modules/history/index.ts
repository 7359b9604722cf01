// The state history: every move of a record, entry, commitment, objection or repair, never overwritten.
import { mayDo, allow } from "../../permissions/rules.js";
import { requireUuid } from "../../shared/ids.js";
import { defineModule } from "../manifest.js";
import { HistoryResolver } from "./history.resolver.js";
import { changesOf } from "./history.store.js";

export const historyModule = defineModule({
  name: "history",
  resolvers: [HistoryResolver],
  rules: { Query: { stateChanges: mayDo("readHistory", "read the state history") }, types: { StateChange: allow } },
  service: ({ db }) => ({ of: (entityId: string) => changesOf(db, requireUuid(entityId, "entityId")) }),
});
