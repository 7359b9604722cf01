// The state history: every move of a record, entry, commitment, objection or repair, never overwritten.
import { requireUuid } from "../../shared/ids.js";
import { defineModule } from "../manifest.js";
import { changesOf } from "./history.store.js";

export const historyModule = defineModule({
  name: "history",
  service: ({ db }) => ({ of: (entityId: string) => changesOf(db, requireUuid(entityId, "entityId")) }),
});
