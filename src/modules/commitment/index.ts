// Credit commitments (信用承诺): registered, kept or breached.
import { allow, mayDo } from "../../permissions/rules.js";
import { bySubject } from "../../shared/batch.js";
import { defineModule, type ServiceDeps } from "../manifest.js";
import type { SubjectService } from "../subject/subject.service.js";
import { CommitmentResolver } from "./commitment.resolver.js";
import { CommitmentService } from "./commitment.service.js";
import { SubjectCommitmentsResolver } from "./commitment.subject.resolver.js";
import { commitmentsBySubjectIds } from "./commitment.store.js";

export const commitmentModule = defineModule({
  name: "commitment",
  resolvers: [CommitmentResolver, SubjectCommitmentsResolver],
  rules: {
    Mutation: { registerCommitment: mayDo("submit", "register commitments"), breachCommitment: mayDo("write", "record breaches") },
    types: { Commitment: allow },
  },
  needs: ["subject"],
  service: ({ db, subject }: ServiceDeps & { subject: SubjectService }) => new CommitmentService(db, subject),
  loaders: ({ db }) => ({ bySubject: bySubject((ids) => commitmentsBySubjectIds(db, ids)) }),
});
