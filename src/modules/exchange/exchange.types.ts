// GraphQL types of the exchange hub (数据交换): batches to and from partner platforms, reconciliation.
import { Field, ID, Int, ObjectType, registerEnumType } from "type-graphql";
import { EXCHANGE_KINDS } from "../../config.js";
import { exchangeBatchStatus, exchangeDirection, exchangePartner } from "../../db/schema.js";
import { enumOf } from "../../shared/enums.js";
import { DateTimeScalar, PageInfo } from "../../shared/graphql.js";

export const ExchangePartner = enumOf(exchangePartner.enumValues);
registerEnumType(ExchangePartner, { name: "ExchangePartner", description: "MINISTRY 全国交通运输信用信息共享平台, PROVINCE 云南省公共信用信息共享平台" });
export const ExchangeBatchStatus = enumOf(exchangeBatchStatus.enumValues);
registerEnumType(ExchangeBatchStatus, {
  name: "ExchangeBatchStatus",
  description: "Exports: PENDING (made), SENT (delivery tried), ACKNOWLEDGED (the partner took it), FAILED (to be sent again). Imports: IMPORTED, REJECTED.",
});
export const ExchangeDirection = enumOf(exchangeDirection.enumValues);
registerEnumType(ExchangeDirection, { name: "ExchangeDirection", description: "EXPORT to a partner, IMPORT from one." });
export const ExchangeKind = enumOf(EXCHANGE_KINDS);
registerEnumType(ExchangeKind, { name: "ExchangeKind", description: "Kinds of exchange lines: subject, listEntry, record, evaluation, commitment, repair, jointReport (a quarter's joint report)." });

@ObjectType({ description: "Lines of one kind in a batch, and their SHA-256." })
export class ExchangeKindCount {
  @Field(() => ExchangeKind) kind!: string;
  @Field(() => Int) count!: number;
  @Field(() => String, { nullable: true }) sha256!: string | null;
}

@ObjectType({ description: "数据交换批次: one batch to or from a partner platform." })
export class ExchangeBatch {
  @Field(() => ID) id!: string;
  @Field(() => ExchangeDirection) direction!: string;
  @Field(() => ExchangePartner) partner!: string;
  @Field(() => ExchangeBatchStatus) status!: string;
  @Field(() => Int) formatVersion!: number;
  @Field(() => DateTimeScalar, { nullable: true, description: "The changes it carries are after this moment (null: from the start)." }) periodFrom!: Date | null;
  @Field(() => DateTimeScalar, { description: "… and up to this one." }) periodTo!: Date;
  @Field(() => String, { description: "The sender's register version the batch was made from." }) dataVersion!: string;
  @Field(() => [ExchangeKindCount]) counts!: ExchangeKindCount[];
  @Field(() => [ExchangeKindCount], { nullable: true, description: "What the partner acknowledged having taken in (exports)." }) partnerCounts!: ExchangeKindCount[] | null;
  @Field(() => String, { description: "SHA-256 of the content (the lines after the manifest)." }) sha256!: string;
  @Field(() => Int) lines!: number;
  @Field(() => Int, { description: "Delivery attempts (exports) or imports tried (imports)." }) attempts!: number;
  @Field(() => String, { nullable: true, description: "Why the last delivery failed, or why the batch was rejected (with its line)." }) error!: string | null;
  @Field(() => DateTimeScalar) createdAt!: Date;
  @Field(() => DateTimeScalar, { nullable: true }) sentAt!: Date | null;
  @Field(() => DateTimeScalar, { nullable: true }) acknowledgedAt!: Date | null;
}

@ObjectType()
export class ExchangeBatchConnection {
  @Field(() => [ExchangeBatch]) nodes!: ExchangeBatch[];
  @Field(() => PageInfo) pageInfo!: PageInfo;
}

@ObjectType({ description: "One kind: lines sent in acknowledged batches, and lines the partner acknowledged." })
export class ReconciledKind {
  @Field(() => ExchangeKind) kind!: string;
  @Field(() => Int) ours!: number;
  @Field(() => Int) theirs!: number;
}

@ObjectType({ description: "A batch and kind where the partner's acknowledgement differs from what was sent." })
export class ReconcileDifference {
  @Field(() => ID) batchId!: string;
  @Field(() => ExchangeKind) kind!: string;
  @Field(() => Int) ours!: number;
  @Field(() => Int, { nullable: true }) theirs!: number | null;
  @Field(() => String) ourHash!: string;
  @Field(() => String, { nullable: true }) theirHash!: string | null;
}

@ObjectType({ description: "对账: what was sent to a partner against what it acknowledged, per kind." })
export class Reconciliation {
  @Field(() => ExchangePartner) partner!: string;
  @Field(() => Int, { description: "Acknowledged batches compared." }) batches!: number;
  @Field(() => Int, { description: "Of them, acknowledged without counts (by acknowledgeBatch): not comparable." }) unconfirmed!: number;
  @Field(() => Boolean) agreed!: boolean;
  @Field(() => [ReconciledKind]) kinds!: ReconciledKind[];
  @Field(() => [ReconcileDifference]) differences!: ReconcileDifference[];
}
