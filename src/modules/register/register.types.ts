// GraphQL enum of what objections and repairs are about: the register's records and list entries.
import { registerEnumType } from "type-graphql";

export const TargetKind = { RECORD: "RECORD", ENTRY: "ENTRY" } as const;
registerEnumType(TargetKind, { name: "TargetKind", description: "What an objection or repair is about: a credit record or a list entry." });
