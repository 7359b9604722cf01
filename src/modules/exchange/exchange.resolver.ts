// Thin resolvers of the exchange hub: the queue for officials, export, import of a file, acknowledgement, reconciliation.
import { Readable } from "node:stream";
import { createInterface } from "node:readline";
import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import type { Context } from "../../context.js";
import { EXCHANGE_KINDS } from "../../config.js";
import type { BatchRow } from "./exchange.store.js";
import { ExchangeBatch, ExchangeBatchConnection, ExchangeBatchStatus, ExchangeKindCount, ExchangePartner, Reconciliation } from "./exchange.types.js";

type PartnerName = keyof typeof ExchangePartner;

const kindCounts = (counts: string | null, hashes: string | null): ExchangeKindCount[] | null => {
  if (!counts) return null;
  const c = JSON.parse(counts) as Record<string, number>;
  const h = hashes ? (JSON.parse(hashes) as Record<string, string>) : {};
  return EXCHANGE_KINDS.map((kind) => ({ kind, count: c[kind] ?? 0, sha256: h[kind] ?? null }));
};

@Resolver(() => ExchangeBatch)
export class ExchangeResolver {
  @Query(() => ExchangeBatchConnection, { description: "数据交换队列: batches to and from partners, newest first (OFFICER, ADMIN)." })
  exchangeBatches(
    @Arg("partner", () => ExchangePartner, { nullable: true }) partner: PartnerName | null,
    @Arg("status", () => ExchangeBatchStatus, { nullable: true }) status: keyof typeof ExchangeBatchStatus | null,
    @Arg("first", () => Int, { nullable: true, defaultValue: 50 }) first: number | null,
    @Arg("after", () => String, { nullable: true }) after: string | null,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.exchange.page({ partner, status, first, after });
  }

  @Query(() => Reconciliation, { description: "对账: counts and hashes per kind of what was sent against what the partner acknowledged (ADMIN)." })
  reconcile(@Arg("partner", () => ExchangePartner) partner: PartnerName, @Ctx() ctx: Context) {
    return ctx.services.exchange.reconcile(partner);
  }

  @Mutation(() => ExchangeBatch, { description: "ADMIN: the partner's next batch (its open one while it has not acknowledged it), pushed to the partner's URL once made." })
  async exportBatch(@Arg("partner", () => ExchangePartner) partner: PartnerName, @Ctx() ctx: Context) {
    const batch = await ctx.services.exchange.exportBatch(partner);
    ctx.services.exchange.pushAfterCommit(batch);
    return batch;
  }

  @Mutation(() => ExchangeBatch, { description: "ADMIN: import a partner's batch file (its text); all or nothing." })
  async importBatch(@Arg("partner", () => ExchangePartner) partner: PartnerName, @Arg("content", () => String) content: string, @Ctx() ctx: Context) {
    const lines = createInterface({ input: Readable.from([content]), crlfDelay: Infinity });
    const ack = await ctx.services.exchange.importBatch(partner, lines, { principal: ctx.principal, requestId: ctx.requestId, operation: "importBatch", audit: false });
    return ctx.services.exchange.batch(ack.batchId);
  }

  @Mutation(() => ExchangeBatch, { description: "The partner (its key) or ADMIN: the batch was received." })
  acknowledgeBatch(@Arg("id", () => ID) id: string, @Ctx() ctx: Context) {
    return ctx.services.exchange.acknowledge(id, ctx.principal);
  }

  @FieldResolver(() => String)
  dataVersion(@Root() b: BatchRow) {
    return `v${b.dataVersion}`;
  }

  @FieldResolver(() => [ExchangeKindCount])
  counts(@Root() b: BatchRow) {
    return kindCounts(b.counts, b.kindHashes);
  }

  @FieldResolver(() => [ExchangeKindCount], { nullable: true })
  partnerCounts(@Root() b: BatchRow) {
    return kindCounts(b.partnerCounts, b.partnerHashes);
  }

  @FieldResolver(() => String)
  sha256(@Root() b: BatchRow) {
    return b.hash;
  }
}
