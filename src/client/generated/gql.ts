/* eslint-disable */
import * as types from './graphql.js';



/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "query Check($input: CheckInput!) {\n  check(input: $input) {\n    checkedAt\n    scenario\n    dataVersion\n    results {\n      ...CheckResultFields\n    }\n  }\n}\n\nfragment CheckResultFields on CheckResult {\n  ref {\n    kind\n    identifier\n  }\n  error {\n    code\n    message\n  }\n  found\n  decision\n  reasons {\n    code\n    effect\n    message\n    listEntry {\n      id\n      list\n      reason\n      reasonText\n      effectiveFrom\n      effectiveUntil\n    }\n  }\n  supervision {\n    level\n    samplingMultiplier\n    interviewsPerYear\n    trainingsPerYear\n  }\n  subject {\n    id\n    name\n    region\n  }\n}": typeof types.CheckDocument,
};
const documents: Documents = {
    "query Check($input: CheckInput!) {\n  check(input: $input) {\n    checkedAt\n    scenario\n    dataVersion\n    results {\n      ...CheckResultFields\n    }\n  }\n}\n\nfragment CheckResultFields on CheckResult {\n  ref {\n    kind\n    identifier\n  }\n  error {\n    code\n    message\n  }\n  found\n  decision\n  reasons {\n    code\n    effect\n    message\n    listEntry {\n      id\n      list\n      reason\n      reasonText\n      effectiveFrom\n      effectiveUntil\n    }\n  }\n  supervision {\n    level\n    samplingMultiplier\n    interviewsPerYear\n    trainingsPerYear\n  }\n  subject {\n    id\n    name\n    region\n  }\n}": types.CheckDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query Check($input: CheckInput!) {\n  check(input: $input) {\n    checkedAt\n    scenario\n    dataVersion\n    results {\n      ...CheckResultFields\n    }\n  }\n}\n\nfragment CheckResultFields on CheckResult {\n  ref {\n    kind\n    identifier\n  }\n  error {\n    code\n    message\n  }\n  found\n  decision\n  reasons {\n    code\n    effect\n    message\n    listEntry {\n      id\n      list\n      reason\n      reasonText\n      effectiveFrom\n      effectiveUntil\n    }\n  }\n  supervision {\n    level\n    samplingMultiplier\n    interviewsPerYear\n    trainingsPerYear\n  }\n  subject {\n    id\n    name\n    region\n  }\n}"): typeof import('./graphql.js').CheckDocument;


export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}
