/**
 * What a typed GraphQL document declares about its result and variables: the same structural
 * type as `DocumentTypeDecoration` of @graphql-typed-document-node/core, declared here so that
 * the client needs neither that package nor graphql (see scripts/own-document-type.mjs). The
 * method is never implemented; it only carries the types.
 */
export interface DocumentTypeDecoration<TResult, TVariables> {
  __apiType?: (variables: TVariables) => TResult;
}
