// Thin resolvers for subjects: parse arguments, call the service or the request's loaders.
import { Arg, Ctx, FieldResolver, Int, Query, Resolver, Root } from "type-graphql";
import type { Context } from "../../context.js";
import { regionName } from "../../shared/regions.js";
import { Commitment } from "../commitment/commitment.types.js";
import { Evaluation } from "../evaluation/evaluation.types.js";
import { ListEntry } from "../list/list.types.js";
import { CreditRecord } from "../record/record.types.js";
import type { SubjectRow } from "./subject.store.js";
import { Subject, SubjectConnection, SubjectKind, SubjectRef } from "./subject.types.js";

@Resolver(() => Subject)
export class SubjectResolver {
  @Query(() => Subject, { nullable: true, description: "A subject by identifier; null when it is not in the register." })
  subject(@Arg("ref", () => SubjectRef) ref: SubjectRef, @Ctx() ctx: Context) {
    return ctx.services.subject.byRef(ref, ctx);
  }

  @Query(() => SubjectConnection, { description: "Subjects whose name contains or resembles `name`, best match first." })
  searchSubjects(
    @Arg("name", () => String) name: string,
    @Arg("kind", () => SubjectKind, { nullable: true }) kind: keyof typeof SubjectKind | null,
    @Arg("region", () => String, { nullable: true, description: "Division code prefix: 53, 5301, 530102." }) region: string | null,
    @Arg("first", () => Int, { nullable: true, defaultValue: 20 }) first: number | null,
    @Arg("after", () => String, { nullable: true }) after: string | null,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.subject.search({ name, kind, region, first, after }, ctx);
  }

  @FieldResolver(() => String)
  identifier(@Root() s: SubjectRow, @Ctx() ctx: Context) {
    return ctx.services.subject.displayIdentifier(s, ctx.visibility);
  }

  @FieldResolver(() => String, { nullable: true })
  regionName(@Root() s: SubjectRow) {
    return regionName(s.region);
  }

  @FieldResolver(() => [ListEntry])
  listEntries(
    @Root() s: SubjectRow,
    @Arg("includeInactive", () => Boolean, { nullable: true, defaultValue: false }) includeInactive: boolean | null,
    @Ctx() ctx: Context,
  ) {
    const all = includeInactive === true && ctx.visibility.inactiveEntries;
    return (all ? ctx.loaders.allEntries : ctx.loaders.activeEntries).load(s.id);
  }

  @FieldResolver(() => [CreditRecord])
  async records(
    @Root() s: SubjectRow,
    @Arg("category", () => String, { nullable: true }) category: string | null,
    @Arg("includeUnpublished", () => Boolean, { nullable: true, defaultValue: false }) includeUnpublished: boolean | null,
    @Ctx() ctx: Context,
  ) {
    const all = includeUnpublished === true && ctx.visibility.unpublishedRecords;
    const records = await (all ? ctx.loaders.allRecords : ctx.loaders.publishedRecords).load(s.id);
    return category ? records.filter((r) => r.category === category) : records;
  }

  @FieldResolver(() => [Evaluation])
  evaluations(@Root() s: SubjectRow, @Ctx() ctx: Context) {
    return ctx.loaders.evaluations.load(s.id);
  }

  @FieldResolver(() => [Commitment])
  commitments(@Root() s: SubjectRow, @Ctx() ctx: Context) {
    return ctx.loaders.commitments.load(s.id);
  }

  @FieldResolver(() => String, { nullable: true, description: "Protected: 法定代表人." })
  legalRepresentative(@Root() s: SubjectRow, @Ctx() ctx: Context) {
    return ctx.visibility.protectedFields ? s.legalRepresentative : null;
  }

  @FieldResolver(() => String, { nullable: true, description: "Protected." })
  phone(@Root() s: SubjectRow, @Ctx() ctx: Context) {
    return ctx.visibility.protectedFields ? s.phone : null;
  }

  @FieldResolver(() => String, { nullable: true, description: "Protected." })
  address(@Root() s: SubjectRow, @Ctx() ctx: Context) {
    return ctx.visibility.protectedFields ? s.address : null;
  }
}
