// Thin resolvers for the early-warning feed.
import { Arg, Ctx, FieldResolver, Int, Query, Resolver, Root } from "type-graphql";
import type { Context } from "../../context.js";
import { Subject, SubjectKind } from "../subject/subject.types.js";
import type { WarningRow } from "./warnings.store.js";
import { CreditWarning, CreditWarningConnection, CreditWarningKind } from "./rules.types.js";
import type { WarningKind } from "./warnings.service.js";

@Resolver(() => CreditWarning)
export class WarningsResolver {
  @Query(() => CreditWarningConnection, { description: "OFFICER (own region), ADMIN: 信用预警, most urgent first." })
  async creditWarnings(
    @Arg("region", () => String, { nullable: true, description: "Division code prefix of the subject's region." }) region: string | null,
    @Arg("kind", () => SubjectKind, { nullable: true, description: "Only subjects of this kind." }) kind: keyof typeof SubjectKind | null,
    @Arg("warningKind", () => CreditWarningKind, { nullable: true, description: "Only warnings of this kind." }) warningKind: WarningKind | null,
    @Arg("withinDays", () => Int, { nullable: true, defaultValue: 30, description: "How far ahead endings are warned of." }) withinDays: number | null,
    @Arg("first", () => Int, { nullable: true, defaultValue: 50 }) first: number | null,
    @Arg("after", () => String, { nullable: true }) after: string | null,
    @Ctx() ctx: Context,
  ) {
    const page = await ctx.services.rules.warnings.page({ region, kind, warningKind, withinDays, first, after }, ctx);
    ctx.audit.note({ subjects: page.nodes });
    return page;
  }

  @FieldResolver(() => Subject)
  async subject(@Root() warning: WarningRow, @Ctx() ctx: Context) {
    return ctx.audit.served(await ctx.loaders.subject.byId.load(warning.subjectId));
  }
}
