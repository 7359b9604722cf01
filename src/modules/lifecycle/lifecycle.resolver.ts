// Thin resolvers for objections, repairs, commitments, list entries and the history.
import { Arg, Ctx, ID, Mutation, Query, Resolver } from "type-graphql";
import type { Context } from "../../context.js";
import { CommitmentInput } from "../commitment/commitment.types.js";
import { Commitment } from "../commitment/commitment.types.js";
import { ListEntry, ListEntryInput } from "../list/list.types.js";
import { Objection, ObjectionInput, Repair, RepairInput, StateChange } from "./lifecycle.types.js";

const touched = <T extends { subjectId: string }>(ctx: Context, row: T): T => {
  ctx.audit.note({ subjects: [row] });
  return row;
};

@Resolver()
export class LifecycleResolver {
  @Mutation(() => Objection, { description: "SYSTEM (for the subject), ADMIN: dispute a record or list entry." })
  async fileObjection(@Arg("input", () => ObjectionInput) input: ObjectionInput, @Ctx() ctx: Context) {
    return touched(ctx, await ctx.services.objection.file(input, ctx));
  }

  @Mutation(() => Objection, { description: "ADMIN: uphold (the record is corrected or revoked) or reject an objection." })
  async decideObjection(
    @Arg("id", () => ID) id: string,
    @Arg("upheld", () => Boolean) upheld: boolean,
    @Arg("answer", () => String) answer: string,
    @Arg("correctedContent", () => String, { nullable: true, description: "Upheld with a correction: the record's corrected content (else it is revoked)." }) correctedContent: string | null,
    @Ctx() ctx: Context,
  ) {
    return touched(ctx, await ctx.services.objection.decide(id, { upheld, answer, correctedContent }, ctx.principal));
  }

  @Mutation(() => Repair, { description: "SYSTEM (for the subject), ADMIN: apply for credit repair; needs a repair commitment." })
  async applyRepair(@Arg("input", () => RepairInput) input: RepairInput, @Ctx() ctx: Context) {
    return touched(ctx, await ctx.services.repair.apply(input, ctx));
  }

  @Mutation(() => Repair, { description: "ADMIN: approve (publication stops, measures end) or refuse a repair." })
  async decideRepair(@Arg("id", () => ID) id: string, @Arg("approved", () => Boolean) approved: boolean, @Arg("reason", () => String) reason: string, @Ctx() ctx: Context) {
    return touched(ctx, await ctx.services.repair.decide(id, { approved, reason }, ctx.principal));
  }

  @Mutation(() => Repair, { description: "ADMIN: undo a wrong repair; publication and measures come back." })
  async reverseRepair(@Arg("id", () => ID) id: string, @Arg("reason", () => String) reason: string, @Ctx() ctx: Context) {
    return touched(ctx, await ctx.services.repair.reverse(id, reason, ctx.principal));
  }

  @Mutation(() => Commitment, { description: "SYSTEM, ADMIN: register a subject's signed licensing or repair commitment." })
  async registerCommitment(@Arg("input", () => CommitmentInput) input: CommitmentInput, @Ctx() ctx: Context) {
    return touched(ctx, await ctx.services.commitment.register(input, ctx));
  }

  @Mutation(() => Commitment, { description: "ADMIN: record that a subject broke a commitment; it counts against it in checks." })
  async breachCommitment(@Arg("id", () => ID) id: string, @Arg("reason", () => String) reason: string, @Ctx() ctx: Context) {
    return touched(ctx, await ctx.services.commitment.breach(id, reason, ctx.principal));
  }

  @Mutation(() => ListEntry, { description: "ADMIN: put a subject on a list, with a reason code and its basis records." })
  async addListEntry(@Arg("input", () => ListEntryInput) input: ListEntryInput, @Ctx() ctx: Context) {
    return touched(ctx, await ctx.services.list.add(input, ctx));
  }

  @Query(() => [StateChange], { nullable: true, description: "ADMIN: every change of state of a record, entry, commitment, objection or repair." })
  stateChanges(@Arg("entityId", () => ID) entityId: string, @Ctx() ctx: Context) {
    return ctx.services.history.of(entityId);
  }
}
