// Thin resolvers for subjects: parse arguments, call the service or the request's loaders. A
// subject's entries, records, grades and commitments are fields their own modules add to it.
import { Arg, Ctx, FieldResolver, Int, Query, Resolver, Root } from "type-graphql";
import { seesHistory } from "../../auth/policy.js";
import type { Context } from "../../context.js";
import { regionName } from "../../shared/regions.js";
import type { ProtectedField, SubjectNode } from "./subject.service.js";
import { Subject, SubjectConnection, SubjectKind, SubjectRef } from "./subject.types.js";

@Resolver(() => Subject)
export class SubjectResolver {
  @Query(() => Subject, { nullable: true, description: "A subject by identifier; null when it is not in the register." })
  async subject(@Arg("ref", () => SubjectRef) ref: SubjectRef, @Ctx() ctx: Context) {
    return ctx.audit.served(await ctx.services.subject.byRef(ref, ctx));
  }

  @Query(() => SubjectConnection, { description: "Subjects whose name contains or resembles `name`, best match first." })
  async searchSubjects(
    @Arg("name", () => String) name: string,
    @Arg("kind", () => SubjectKind, { nullable: true }) kind: keyof typeof SubjectKind | null,
    @Arg("region", () => String, { nullable: true, description: "Division code prefix: 53, 5301, 530102." }) region: string | null,
    @Arg("first", () => Int, { nullable: true, defaultValue: 20 }) first: number | null,
    @Arg("after", () => String, { nullable: true }) after: string | null,
    @Ctx() ctx: Context,
  ) {
    const page = await ctx.services.subject.search({ name, kind, region, first, after }, ctx);
    page.nodes.forEach((node) => ctx.audit.served(node));
    return page;
  }

  @FieldResolver(() => String)
  identifier(@Root() s: SubjectNode, @Ctx() ctx: Context) {
    const { value, full } = ctx.services.subject.identifierFor(s, ctx.principal);
    if (full) ctx.audit.note({ protectedField: "PERSON_ID" });
    return value;
  }

  @FieldResolver(() => String, { nullable: true })
  regionName(@Root() s: SubjectNode) {
    return regionName(s.region);
  }

  @FieldResolver(() => String, { nullable: true, description: "Protected: 法定代表人." })
  legalRepresentative(@Root() s: SubjectNode, @Ctx() ctx: Context) {
    return protectedValue(s, "legalRepresentative", ctx);
  }

  @FieldResolver(() => String, { nullable: true, description: "Protected." })
  phone(@Root() s: SubjectNode, @Ctx() ctx: Context) {
    return protectedValue(s, "phone", ctx);
  }

  @FieldResolver(() => String, { nullable: true, description: "Protected." })
  address(@Root() s: SubjectNode, @Ctx() ctx: Context) {
    return protectedValue(s, "address", ctx);
  }
}

/** Reached only when the permission layer allowed the field; the audit notes what was served. */
function protectedValue(s: SubjectNode, field: ProtectedField, ctx: Context): string | null {
  const value = ctx.services.subject.protectedValue(s, field);
  if (value !== null) ctx.audit.note({ protectedField: field });
  return value;
}
