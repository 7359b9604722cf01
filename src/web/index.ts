// The public window (信用交通·云南 公示): server-rendered pages in Simplified Chinese, served by the
// API's own process, reading the register only through the public GraphQL API.
export { notFoundPage, windowRoutes } from "./pages.js";
export { type PublicApi, toAnswer } from "./public-api.js";

/** The purpose the window's reads are audited under. */
export const WINDOW_PURPOSE = "信用交通·云南 公示页面";
