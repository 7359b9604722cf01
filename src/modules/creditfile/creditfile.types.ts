// GraphQL types of credit files (一户式信用档案) and their verification.
import { Field, ObjectType, registerEnumType } from "type-graphql";
import { enumOf } from "../../shared/enums.js";
import { DateTimeScalar } from "../../shared/graphql.js";
import { SECTIONS } from "./creditfile.facts.js";
import { VERIFICATION_STATUSES } from "./creditfile.service.js";

export const VerificationStatus = enumOf(VERIFICATION_STATUSES);
registerEnumType(VerificationStatus, {
  name: "CreditFileVerificationStatus",
  description: "CURRENT: authentic and what the register says now; CHANGED: authentic, the register changed since; UNKNOWN: no file has this code.",
});

export const CreditFileSection = enumOf(SECTIONS);
registerEnumType(CreditFileSection, { name: "CreditFileSection", description: "A part of a credit file: subject, list entries, records, evaluations, commitments." });

@ObjectType({ description: "一户式信用档案: a subject's credit file as a PDF, with the code anyone can verify it by at /verify/:code." })
export class CreditFile {
  @Field(() => String, { description: "The verification code printed on the file and in its QR code." }) verificationCode!: string;
  @Field(() => String) verifyUrl!: string;
  @Field(() => DateTimeScalar) issuedAt!: Date;
  @Field(() => String, { description: "The state of the register the file was made from." }) dataVersion!: string;
  @Field(() => String, { description: "SHA-256 (hex) of the PDF's bytes." }) pdfSha256!: string;
  @Field(() => String, { description: "The PDF, base64-encoded (GET /subjects/:kind/:identifier/file.pdf serves it as a file)." }) pdf!: string;
}
