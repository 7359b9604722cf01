// Import rules of src/, checked in CI (npm run deps): no cycle between files, no module reaching
// into another module's store, the client and shared/ standing alone. Type-only imports are left
// out here: they vanish at compile time and cannot make a cycle at run time. The store rules are
// checked once more with them (dependency-cruiser.stores.cjs): not even a type comes from another
// module's store.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    { name: "no-cycle", severity: "error", comment: "a cycle between files", from: {}, to: { circular: true } },
    {
      name: "no-module-cycle", severity: "error", scope: "folder",
      comment: "a cycle between module folders: dependencies point one way",
      from: { path: "^src/modules/[^/]+$" }, to: { circular: true },
    },
    {
      name: "no-foreign-store", severity: "error",
      comment: "a module meets another through its service, never its store",
      from: { path: "^src/modules/([^/]+)/" },
      to: { path: "^src/modules/([^/]+)/[^/]+[.]store[.]ts$", pathNot: "^src/modules/$1/" },
    },
    {
      name: "stores-below-services", severity: "error",
      comment: "SQL in stores; nothing outside a module reads its store but the seed and the CLIs' own tools",
      from: { path: "^src/(server|context|permissions|http|auth)" },
      to: { path: "^src/modules/[^/]+/[^/]+[.]store[.]ts$" },
    },
    {
      name: "client-stands-alone", severity: "error",
      from: { path: "^src/client/" }, to: { pathNot: "^src/client/|^node_modules/", dependencyTypesNot: ["core"] },
    },
    {
      name: "shared-stands-alone", severity: "error",
      from: { path: "^src/shared/" }, to: { pathNot: "^src/shared/|^node_modules/", dependencyTypesNot: ["core"] },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    tsPreCompilationDeps: false,
    tsConfig: { fileName: "tsconfig.json" },
    exclude: { path: "^src/client/dist/" },
  },
};
