// GraphiQL for people with a browser, served from the installed packages: this network has no CDN.
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import express, { type Router } from "express";

const require = createRequire(import.meta.url);
const dirOf = (pkg: string) => dirname(require.resolve(`${pkg}/package.json`));

const assets: Record<string, string> = {
  "react.js": join(dirOf("react"), "umd/react.production.min.js"),
  "react-dom.js": join(dirOf("react-dom"), "umd/react-dom.production.min.js"),
  "graphiql.js": join(dirOf("graphiql"), "graphiql.min.js"),
  "graphiql.css": join(dirOf("graphiql"), "graphiql.min.css"),
};

const defaultQuery = `# creditgate: 信用交通 credit register. Try:
query Lookup {
  listEntries(list: BLACK, first: 5) {
    nodes { list reason reasonText effectiveFrom subject { kind identifier name regionName } }
    pageInfo { hasNextPage endCursor }
  }
}
`;

const page = `<!doctype html>
<html lang="zh-CN">
<head>
  <meta charset="utf-8" />
  <title>creditgate · GraphiQL</title>
  <link rel="stylesheet" href="/graphiql/graphiql.css" />
  <style>body { margin: 0; height: 100vh; } #graphiql { height: 100vh; }</style>
</head>
<body>
  <div id="graphiql">Loading…</div>
  <script src="/graphiql/react.js"></script>
  <script src="/graphiql/react-dom.js"></script>
  <script src="/graphiql/graphiql.js"></script>
  <script>
    const fetcher = GraphiQL.createFetcher({ url: "/graphql" });
    ReactDOM.createRoot(document.getElementById("graphiql")).render(
      React.createElement(GraphiQL, { fetcher, defaultQuery: ${JSON.stringify(defaultQuery)} }),
    );
  </script>
</body>
</html>`;

/** `/graphiql/*` assets; `wantsGraphiql` tells a browser's GET /graphql from a GraphQL GET. */
export function graphiqlAssets(): Router {
  const router = express.Router();
  for (const [name, file] of Object.entries(assets)) {
    router.get(`/graphiql/${name}`, (_req, res) => res.sendFile(file, { maxAge: "1d" }));
  }
  return router;
}

export function graphiqlPage(): string {
  return page;
}

export function wantsGraphiql(req: express.Request): boolean {
  return req.method === "GET" && req.query.query === undefined && (req.headers.accept ?? "").includes("text/html");
}
