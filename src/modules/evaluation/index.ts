// Yearly credit grades (信用评价) of subjects by sector.
import { allow } from "../../permissions/rules.js";
import { bySubject } from "../../shared/batch.js";
import { defineModule } from "../manifest.js";
import { SubjectEvaluationsResolver } from "./evaluation.resolver.js";
import { evaluationsBySubjectIds } from "./evaluation.store.js";

export const evaluationModule = defineModule({
  name: "evaluation",
  resolvers: [SubjectEvaluationsResolver],
  rules: { types: { Evaluation: allow } },
  loaders: ({ db }) => ({ bySubject: bySubject((ids) => evaluationsBySubjectIds(db, ids)) }),
});
