// Writes the served SDL to schema/schema.graphql (part of `npm run generate`; CI checks it is fresh).
import { writeFileSync } from "node:fs";
import { lexicographicSortSchema, printSchema } from "graphql";
import { buildAppSchema } from "../schema.js";

const target = new URL("../../schema/schema.graphql", import.meta.url);
writeFileSync(target, `${printSchema(lexicographicSortSchema(await buildAppSchema()))}\n`);
console.log(`wrote ${target.pathname}`);
