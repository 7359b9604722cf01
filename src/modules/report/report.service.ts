// Credit reports for authorized providers: the subject as its grant lets the provider see it.
import type { Scope } from "../../auth/policy.js";
import type { Database } from "../../db/client.js";
import { readDataVersion } from "../../db/version.js";
import type { GrantRow, GrantService } from "../grant/grant.service.js";
import type { Reader, SubjectNode, SubjectRefInput, SubjectService } from "../subject/subject.service.js";

export interface CreditReportView {
  subject: SubjectNode;
  generatedAt: Date;
  grantId: string;
  scopes: Scope[];
  dataVersion: string;
  grant: GrantRow;
}

export class ReportService {
  constructor(private readonly db: Database, private readonly subjects: SubjectService, private readonly grants: GrantService) {}

  async report(ref: SubjectRefInput, grantId: string, reader: Reader): Promise<CreditReportView> {
    // A grant lets its provider read a person who has no public information.
    const subject = await this.subjects.byRef(ref, reader, true);
    const grant = await this.grants.authorize(grantId, subject?.id ?? null, reader.principal);
    const scopes = grant.scopes as Scope[];
    return {
      subject: { ...subject!, grantScopes: scopes },
      generatedAt: new Date(),
      grantId: grant.id,
      scopes,
      dataVersion: await readDataVersion(this.db),
      grant,
    };
  }
}
