// Thin resolver for the check; the reasons and errors are put into words in the caller's language here.
import { type FieldNode, type GraphQLResolveInfo, Kind, type SelectionSetNode } from "graphql";
import { LRUCache } from "lru-cache";
import { Arg, Ctx, Info, Query, Resolver } from "type-graphql";
import type { Context } from "../../context.js";
import { type Language, render as renderIn } from "../../shared/i18n/index.js";
import { countDecisions } from "../../shared/metrics.js";
import type { CheckReportView } from "./check.service.js";
import { CheckInput, CheckReport } from "./check.types.js";

@Resolver(() => CheckReport)
export class CheckResolver {
  @Query(() => CheckReport, { description: "SYSTEM, OFFICER, ADMIN: what to do about each party, and why." })
  async check(@Arg("input", () => CheckInput) input: CheckInput, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) {
    const report = await ctx.services.check.check(input, { ...ctx, sealed: asksSealed(info) });
    ctx.audit.note({ subjects: report.audit.subjectIds, purpose: input.matter ?? null, detail: report.audit.detail });
    countDecisions(report.scenario, report.results.map((r) => r.decision));
    return inWords(report, ctx.language);
  }
}

/**
 * Checks repeat the same few reasons (a list's measure in the scenario, the same reason text):
 * each distinct message is put into words once per language and kept, up to a bound.
 */
const said = new LRUCache<string, string>({ max: 10_000 });

function inWords(report: CheckReportView, language: Language) {
  const render = (message: Parameters<typeof renderIn>[0]) => {
    if (typeof message === "string") return message;
    const key = `${language}|${JSON.stringify(message)}`;
    let text = said.get(key);
    if (text === undefined) said.set(key, (text = renderIn(message, language)));
    return text;
  };
  return {
    ...report,
    results: report.results.map((r) => ({
      ...r,
      error: r.error && { ...r.error, message: render(r.error.message) },
      reasons: r.reasons.map((reason) => ({ ...reason, message: render(reason.message) })),
    })),
  };
}

/** Subject fields whose answer opens a sealed value (a person's ID number, the contacts). */
const SEALED_FIELDS = new Set(["identifier", "legalRepresentative", "phone", "address"]);

/**
 * Whether the document asks `results { subject { … } }` for a field served from a sealed value:
 * only then does the check's statement carry the sealed columns (most checks ask for decisions
 * and reasons only). Through fragments and inline fragments; a field under a directive counts.
 */
export function asksSealed(info: Pick<GraphQLResolveInfo, "fieldNodes" | "fragments">): boolean {
  const under = (sets: readonly (SelectionSetNode | undefined)[], name: string): SelectionSetNode[] => {
    const found: SelectionSetNode[] = [];
    const visit = (set: SelectionSetNode | undefined, seen: Set<string>) => {
      for (const sel of set?.selections ?? []) {
        if (sel.kind === Kind.FIELD) {
          if (sel.name.value === name && sel.selectionSet) found.push(sel.selectionSet);
        } else if (sel.kind === Kind.INLINE_FRAGMENT) {
          visit(sel.selectionSet, seen);
        } else if (!seen.has(sel.name.value)) {
          seen.add(sel.name.value);
          visit(info.fragments[sel.name.value]?.selectionSet, seen);
        }
      }
    };
    for (const set of sets) visit(set, new Set());
    return found;
  };
  const subjects = under(under(info.fieldNodes.map((f: FieldNode) => f.selectionSet), "results"), "subject");
  let asked = false;
  const visit = (set: SelectionSetNode | undefined, seen: Set<string>) => {
    for (const sel of set?.selections ?? []) {
      if (sel.kind === Kind.FIELD) asked ||= SEALED_FIELDS.has(sel.name.value);
      else if (sel.kind === Kind.INLINE_FRAGMENT) visit(sel.selectionSet, seen);
      else if (!seen.has(sel.name.value)) {
        seen.add(sel.name.value);
        visit(info.fragments[sel.name.value]?.selectionSet, seen);
      }
    }
  };
  for (const set of subjects) visit(set, new Set());
  return asked;
}
