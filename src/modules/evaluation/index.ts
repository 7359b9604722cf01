// Yearly credit grades (信用评价) of subjects by sector: intake from evaluating systems and the grade scales.
import { allow, mayDo } from "../../permissions/rules.js";
import { bySubject } from "../../shared/batch.js";
import type { SubjectService } from "../subject/subject.service.js";
import { defineModule, type ServiceDeps } from "../manifest.js";
import { EvaluationResolver, SubjectEvaluationsResolver } from "./evaluation.resolver.js";
import { EvaluationService } from "./evaluation.service.js";
import { evaluationsBySubjectIds } from "./evaluation.store.js";

export const evaluationModule = defineModule({
  name: "evaluation",
  resolvers: [SubjectEvaluationsResolver, EvaluationResolver],
  rules: {
    Query: { gradeScales: allow },
    Mutation: { submitEvaluations: mayDo("submit", "submit evaluations"), setGradeScale: mayDo("write", "change grade scales") },
    types: { Evaluation: allow, SubmitEvaluationsResult: allow, GradeScale: allow },
  },
  needs: ["subject"],
  service: ({ db, protector, subject }: ServiceDeps & { subject: SubjectService }) => new EvaluationService(db, protector, subject),
  loaders: ({ db }) => ({ bySubject: bySubject((ids) => evaluationsBySubjectIds(db, ids)) }),
});
