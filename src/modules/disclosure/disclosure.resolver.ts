// Thin resolvers of the public feeds (公示) and the subject each record, commitment and grade is about.
import { Arg, Ctx, FieldResolver, Int, Query, Resolver, Root } from "type-graphql";
import type { Context } from "../../context.js";
import { DateScalar } from "../../shared/graphql.js";
import { Commitment, CommitmentKind } from "../commitment/commitment.types.js";
import { Evaluation } from "../evaluation/evaluation.types.js";
import { CreditRecord, RecordCategory } from "../record/record.types.js";
import { CommitmentStatus } from "../register/register.types.js";
import type { SubjectNode } from "../subject/subject.service.js";
import { Subject } from "../subject/subject.types.js";
import {
  CommitmentConnection, EvaluationConnection, ListEntryCount, MonthlyPublications, MonthlyRepairs, PublishedRecordConnection,
} from "./disclosure.types.js";

const isoDay = (value: string | Date | null) => (value instanceof Date ? value.toISOString().slice(0, 10) : value);
const region = () => Arg("region", () => String, { nullable: true, description: "Division code prefix of the subject's region." });
const first = () => Arg("first", () => Int, { nullable: true, defaultValue: 50 });
const after = () => Arg("after", () => String, { nullable: true });
const months = () => Arg("months", () => Int, { nullable: true, defaultValue: 12, description: "How many months back, this one included." });

@Resolver()
export class DisclosureResolver {
  @Query(() => PublishedRecordConnection, { description: "双公示: records the caller may read, last published first." })
  async publishedRecords(
    @Arg("category", () => RecordCategory, { nullable: true }) category: string | null,
    @Arg("authority", () => String, { nullable: true, description: "Part of the deciding authority's name." }) authority: string | null,
    @Arg("from", () => DateScalar, { nullable: true, description: "Decided on or after." }) from: string | Date | null,
    @Arg("to", () => DateScalar, { nullable: true, description: "Decided on or before." }) to: string | Date | null,
    @region() region: string | null, @first() first: number | null, @after() after: string | null,
    @Ctx() ctx: Context,
  ) {
    const page = await ctx.services.disclosure.publishedRecords({ category, authority, from: isoDay(from), to: isoDay(to), region, first, after }, ctx);
    ctx.audit.note({ subjects: page.nodes });
    return page;
  }

  @Query(() => CommitmentConnection, { description: "信用承诺专栏: every commitment, last signed first." })
  async commitments(
    @Arg("matter", () => String, { nullable: true, description: "Part of the matter." }) matter: string | null,
    @Arg("status", () => CommitmentStatus, { nullable: true }) status: string | null,
    @Arg("kind", () => CommitmentKind, { nullable: true }) kind: string | null,
    @region() region: string | null, @first() first: number | null, @after() after: string | null,
    @Ctx() ctx: Context,
  ) {
    const page = await ctx.services.disclosure.commitments({ matter, status, kind, region, first, after }, ctx);
    ctx.audit.note({ subjects: page.nodes });
    return page;
  }

  @Query(() => EvaluationConnection, { description: "信用评价结果: grades by sector and year, latest year first." })
  async evaluations(
    @Arg("sector", () => String, { nullable: true }) sector: string | null,
    @Arg("year", () => Int, { nullable: true }) year: number | null,
    @Arg("grade", () => String, { nullable: true }) grade: string | null,
    @region() region: string | null, @first() first: number | null, @after() after: string | null,
    @Ctx() ctx: Context,
  ) {
    const page = await ctx.services.disclosure.evaluations({ sector, year, grade, region, first, after }, ctx);
    ctx.audit.note({ subjects: page.nodes });
    return page;
  }

  @Query(() => [ListEntryCount], { description: "Entries in force by list and prefecture." })
  listEntryCounts(@region() region: string | null, @Ctx() ctx: Context) {
    return ctx.services.disclosure.listEntryCounts(region, ctx);
  }

  @Query(() => [MonthlyPublications], { description: "Records the public may read now, by month of publication and category." })
  publicationsByMonth(@months() months: number, @Ctx() ctx: Context) {
    return ctx.services.disclosure.publicationsByMonth(months ?? 12, ctx);
  }

  @Query(() => [MonthlyRepairs], { description: "信用修复: approved repairs by month of decision; how many, never whose." })
  repairsByMonth(@months() months: number, @Ctx() ctx: Context) {
    return ctx.services.disclosure.repairsByMonth(months ?? 12, ctx);
  }
}

/** The subject of a row: null when the caller may not see it (a private person). */
const subjectOf = async (row: { subjectId: string }, ctx: Context): Promise<SubjectNode | null> => ctx.audit.served(await ctx.loaders.subject.byId.load(row.subjectId));

@Resolver(() => CreditRecord)
export class RecordSubjectResolver {
  @FieldResolver(() => Subject, { nullable: true, description: "Whom the record is about." })
  subject(@Root() row: { subjectId: string }, @Ctx() ctx: Context) { return subjectOf(row, ctx); }
}

@Resolver(() => Commitment)
export class CommitmentSubjectResolver {
  @FieldResolver(() => Subject, { nullable: true, description: "Who signed the commitment." })
  subject(@Root() row: { subjectId: string }, @Ctx() ctx: Context) { return subjectOf(row, ctx); }
}

@Resolver(() => Evaluation)
export class EvaluationSubjectResolver {
  @FieldResolver(() => Subject, { nullable: true, description: "Whom the grade is of." })
  subject(@Root() row: { subjectId: string }, @Ctx() ctx: Context) { return subjectOf(row, ctx); }
}
