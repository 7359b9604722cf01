// Thin resolvers for list entries: the public lists, each entry's subject, and adding an entry.
import { Arg, Ctx, FieldResolver, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import type { Context } from "../../context.js";
import { DateTimeScalar } from "../../shared/graphql.js";
import { CreditRecord } from "../record/record.types.js";
import { Subject } from "../subject/subject.types.js";
import { entryEndedAt } from "./list.service.js";
import type { ListEntryRow } from "./list.store.js";
import { ListEntry, ListEntryConnection, ListEntryInput, ListType } from "./list.types.js";

@Resolver(() => ListEntry)
export class ListResolver {
  @Query(() => ListEntryConnection, { description: "List entries in order of last change; follow them with `changedSince`." })
  async listEntries(
    @Arg("list", () => ListType, { nullable: true }) list: keyof typeof ListType | null,
    @Arg("region", () => String, { nullable: true, description: "Division code prefix of the subject's region." }) region: string | null,
    @Arg("reason", () => String, { nullable: true, description: "Reason code." }) reason: string | null,
    @Arg("changedSince", () => DateTimeScalar, { nullable: true }) changedSince: Date | null,
    @Arg("first", () => Int, { nullable: true, defaultValue: 50 }) first: number | null,
    @Arg("after", () => String, { nullable: true }) after: string | null,
    @Ctx() ctx: Context,
  ) {
    const page = await ctx.services.list.page({ list, region, reason, changedSince, first, after }, ctx);
    ctx.audit.note({ subjects: page.ended });
    return page;
  }

  @Mutation(() => ListEntry, { description: "ADMIN: put a subject on a list, with a reason code and its basis records." })
  async addListEntry(@Arg("input", () => ListEntryInput) input: ListEntryInput, @Ctx() ctx: Context) {
    const entry = await ctx.services.list.add(input, ctx);
    ctx.audit.note({ subjects: [entry] });
    return entry;
  }

  @FieldResolver(() => DateTimeScalar, { nullable: true, description: "When the entry stopped being in force; null while it is in force." })
  endedAt(@Root() entry: ListEntryRow, @Ctx() ctx: Context) {
    return entryEndedAt(entry, ctx.today);
  }

  @FieldResolver(() => String)
  reason(@Root() entry: ListEntryRow) {
    return entry.reasonCode;
  }

  @FieldResolver(() => [CreditRecord], { description: "依据: the published records the entry stands on (its basis records); records no longer published are left out." })
  async basis(@Root() entry: ListEntryRow, @Ctx() ctx: Context) {
    const records = await ctx.loaders.record.publishedById.loadMany(entry.basisRecordIds);
    return records.filter((r) => r !== null && !(r instanceof Error));
  }

  @FieldResolver(() => Subject)
  async subject(@Root() entry: ListEntryRow, @Ctx() ctx: Context) {
    return ctx.audit.served(await ctx.loaders.subject.byId.load(entry.subjectId));
  }
}
