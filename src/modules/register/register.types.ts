// GraphQL enums of the register: what objections and repairs are about, the statuses of its things.
import { registerEnumType } from "type-graphql";
import { enumOf } from "../../shared/enums.js";
import { ENTITIES, STATUSES, TARGET_KINDS } from "./register.states.js";

export const TargetKind = enumOf(TARGET_KINDS);
registerEnumType(TargetKind, { name: "TargetKind", description: "What an objection or repair is about: a credit record or a list entry." });

/** The statuses of each kind of thing, from the register's one state table (register.states.ts). */
export const RecordStatus = enumOf(STATUSES.RECORD);
registerEnumType(RecordStatus, { name: "RecordStatus", description: "A credit record's status." });
export const ListEntryStatus = enumOf(STATUSES.ENTRY);
registerEnumType(ListEntryStatus, { name: "ListEntryStatus", description: "A list entry's status." });
export const CommitmentStatus = enumOf(STATUSES.COMMITMENT);
registerEnumType(CommitmentStatus, { name: "CommitmentStatus", description: "A credit commitment's status." });
export const ObjectionStatus = enumOf(STATUSES.OBJECTION);
registerEnumType(ObjectionStatus, { name: "ObjectionStatus", description: "An objection's status." });
export const RepairStatus = enumOf(STATUSES.REPAIR);
registerEnumType(RepairStatus, { name: "RepairStatus", description: "A credit repair's status." });

/** Every status of anything in the register, for the state history, which spans them all. */
export const RegisterStatus = enumOf([...new Set(Object.values(STATUSES).flat())]);
registerEnumType(RegisterStatus, { name: "RegisterStatus", description: "Any status of a record, list entry, commitment, objection or repair (the state history's from and to)." });

export const RegisterEntity = enumOf(ENTITIES);
registerEnumType(RegisterEntity, { name: "RegisterEntity", description: "What a change of state is of: RECORD, ENTRY, COMMITMENT, OBJECTION or REPAIR." });
