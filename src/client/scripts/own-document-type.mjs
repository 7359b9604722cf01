// GraphQL Code Generator hook (codegen.yml, afterOneFileWrite): the generated documents import
// the type DocumentTypeDecoration from @graphql-typed-document-node/core, whose declarations
// import graphql, so an application that installs the client would also install graphql (about
// 2 MB) only to type-check. The client declares the same structural type itself
// (document-type.ts); urql, Apollo Client and graphql-request accept its documents as theirs.
import { readFileSync, writeFileSync } from "node:fs";

const FROM = "from '@graphql-typed-document-node/core';";
const TO = "from '../document-type.js';";

for (const file of process.argv.slice(2)) {
  const text = readFileSync(file, "utf8");
  if (text.includes(FROM)) writeFileSync(file, text.replace(FROM, TO));
}
