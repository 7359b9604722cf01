// Who the caller is, as the service sees it.
import { allow } from "../../permissions/rules.js";
import { defineModule } from "../manifest.js";
import { MeResolver } from "./me.resolver.js";

export const meModule = defineModule({
  name: "me",
  resolvers: [MeResolver],
  rules: { Query: { me: allow }, types: { Principal: allow } },
});
