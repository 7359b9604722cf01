// Thin resolvers for record intake (双公示) and publication oversight.
import { Arg, Ctx, FieldResolver, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import type { Context } from "../../context.js";
import { chinaDate } from "../../shared/clock.js";
import { readStatus } from "../register/register.states.js";
import type { CreditRecordRow } from "./record.store.js";
import { CreditRecord, CreditRecordConnection, RecordInput, SubmitRecordsResult } from "./record.types.js";

@Resolver(() => CreditRecord)
export class RecordResolver {
  @Mutation(() => SubmitRecordsResult, { description: "SYSTEM, ADMIN: take in licensing, penalty and other records; published at once." })
  async submitRecords(@Arg("input", () => [RecordInput]) input: RecordInput[], @Ctx() ctx: Context) {
    const result = await ctx.services.record.submit(input, ctx);
    // Entries the listing rules made are the rules' acts, recorded in the intake's event.
    ctx.audit.note({ subjects: [...result.records, ...result.acts], detail: result.acts.length ? { kind: "rules", acts: result.acts } : undefined });
    return result;
  }

  @Query(() => CreditRecordConnection, { description: "OFFICER (own region), ADMIN: records published after their deadline, or still unpublished past it." })
  overdueRecords(
    @Arg("authority", () => String, { nullable: true }) authority: string | null,
    @Arg("region", () => String, { nullable: true }) region: string | null,
    @Arg("first", () => Int, { nullable: true, defaultValue: 50 }) first: number | null,
    @Arg("after", () => String, { nullable: true }) after: string | null,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.record.overdue({ authority, region, first, after }, ctx);
  }

  /** Publication ends by itself at `publicationEnds` (computed at read time): a read never calls such a record PUBLISHED. */
  @FieldResolver(() => String)
  status(@Root() record: CreditRecordRow, @Ctx() ctx: Context) {
    return readStatus("RECORD", record, ctx.today);
  }

  @FieldResolver(() => Boolean, { description: "Published after its 双公示 deadline (or not yet, past it)." })
  publishedLate(@Root() record: CreditRecordRow, @Ctx() ctx: Context) {
    if (!record.publishDeadline) return false;
    const publishedOn = record.publishedAt ? chinaDate(record.publishedAt) : ctx.today;
    return publishedOn > record.publishDeadline;
  }
}
