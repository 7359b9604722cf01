// The store rules of dependency-cruiser.cjs once more, type-only imports counted: a module takes
// even the row types of another module from its service, never from its store (npm run deps).
const base = require("./dependency-cruiser.cjs");

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: base.forbidden.filter((rule) => rule.name === "no-foreign-store" || rule.name === "stores-below-services"),
  options: { ...base.options, tsPreCompilationDeps: true },
};
