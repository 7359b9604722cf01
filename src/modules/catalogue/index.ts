// The measure catalogue, the supervision policy and the publication periods, as data.
import { allow, mayDo } from "../../permissions/rules.js";
import { defineModule } from "../manifest.js";
import { CatalogueResolver } from "./catalogue.resolver.js";
import { CatalogueService } from "./catalogue.service.js";

export const catalogueModule = defineModule({
  name: "catalogue",
  resolvers: [CatalogueResolver],
  rules: {
    Query: { measures: allow, supervisionPolicies: allow, publicationPeriods: allow },
    Mutation: {
      setMeasure: mayDo("write", "change measures"),
      setSupervisionPolicy: mayDo("write", "change the supervision policy"),
      setPublicationPeriod: mayDo("write", "change publication periods"),
    },
    types: { Measure: allow, SupervisionPolicy: allow, PublicationPeriod: allow },
  },
  service: ({ db }) => new CatalogueService(db),
});
