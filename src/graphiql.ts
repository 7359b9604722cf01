// GraphiQL for people with a browser, served from the installed packages: this network has no CDN.
// Everything the page runs is a file of its own, so its Content-Security-Policy allows scripts
// from this origin only and no inline script.
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import express, { type Router } from "express";
import helmet from "helmet";

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

const generated: Record<string, [type: string, body: string]> = {
  "page.css": ["css", "body { margin: 0; height: 100vh; } #graphiql { height: 100vh; }"],
  "start.js": ["js", `const fetcher = GraphiQL.createFetcher({ url: "/graphql" });
ReactDOM.createRoot(document.getElementById("graphiql")).render(
  React.createElement(GraphiQL, { fetcher, defaultQuery: ${JSON.stringify(defaultQuery)} }),
);
`],
};

const page = `<!doctype html>
<html lang="zh-CN">
<head>
  <meta charset="utf-8" />
  <title>creditgate · GraphiQL</title>
  <link rel="stylesheet" href="/graphiql/graphiql.css" />
  <link rel="stylesheet" href="/graphiql/page.css" />
</head>
<body>
  <div id="graphiql">Loading…</div>
  <script src="/graphiql/react.js"></script>
  <script src="/graphiql/react-dom.js"></script>
  <script src="/graphiql/graphiql.js"></script>
  <script src="/graphiql/start.js"></script>
</body>
</html>`;

/**
 * What GraphiQL needs and no more: its scripts and styles from this origin (no inline ones),
 * data: images and fonts of its stylesheet, and requests to this origin's /graphql. No framing.
 */
const pagePolicy = helmet.contentSecurityPolicy({
  useDefaults: false,
  directives: {
    defaultSrc: ["'none'"], scriptSrc: ["'self'"], styleSrc: ["'self'"], imgSrc: ["'self'", "data:"],
    fontSrc: ["'self'", "data:"], connectSrc: ["'self'"], baseUri: ["'none'"], formAction: ["'none'"], frameAncestors: ["'none'"],
  },
});

/** The page at GET /graphql (for a browser, see wantsGraphiql) and its `/graphiql/*` assets. */
export function graphiqlRoutes(): Router {
  const router = express.Router();
  for (const [name, file] of Object.entries(assets)) {
    router.get(`/graphiql/${name}`, (_req, res) => res.sendFile(file, { maxAge: "1d" }));
  }
  for (const [name, [type, body]] of Object.entries(generated)) {
    router.get(`/graphiql/${name}`, (_req, res) => { res.type(type).set("cache-control", "public, max-age=86400").send(body); });
  }
  router.get("/graphql", (req, res, next) => (wantsGraphiql(req) ? pagePolicy(req, res, () => res.type("html").send(page)) : next()));
  return router;
}

export function wantsGraphiql(req: express.Request): boolean {
  return req.method === "GET" && req.query.query === undefined && (req.headers.accept ?? "").includes("text/html");
}
