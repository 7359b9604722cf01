// Thin resolver for credit files: issuing one is a mutation (kept, audited, in one transaction).
import { Arg, Ctx, ID, Mutation, Resolver } from "type-graphql";
import type { Context } from "../../context.js";
import { SubjectRef } from "../subject/subject.types.js";
import { CreditFile } from "./creditfile.types.js";

@Resolver(() => CreditFile)
export class CreditFileResolver {
  @Mutation(() => CreditFile, {
    description: "ADMIN, OFFICER (own region), PROVIDER under a grant with scope REPORT: make the subject's credit file (PDF) as the caller may see it.",
  })
  async issueCreditFile(
    @Arg("ref", () => SubjectRef) ref: SubjectRef,
    @Arg("grantId", () => ID, { nullable: true }) grantId: string | null,
    @Ctx() ctx: Context,
  ): Promise<CreditFile> {
    const { row, pdf, verifyUrl } = await ctx.services.creditFile.issue(ref, grantId ?? null, ctx);
    return { verificationCode: row.code, verifyUrl, issuedAt: row.issuedAt, dataVersion: row.dataVersion, pdfSha256: row.pdfSha256, pdf: pdf.toString("base64") };
  }
}
