import type { IncomingMessage, ServerResponse } from "node:http";
import { boardFiltersFrom, filterBoard } from "../core/tracking/board-filters.js";
import type { TrackingBoard } from "../core/tracking/track-release.js";
import { boardJson } from "../render/release-board-json.js";
import { renderBoardHtml } from "../render/release-board-html.js";

/** Finds the board of a release (issues and default branch read, judged), or undefined when kepbot does not track that release. */
export type BoardLoader = (release: string) => Promise<TrackingBoard | undefined>;

const boardPath = /^\/releases\/(v[0-9]+\.[0-9]+)(\.json)?\/?$/;

/** Headers for a page that runs no script and loads nothing: its own inline styles only. */
const pageHeaders = {
  "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  "x-content-type-options": "nosniff",
  "cache-control": "no-cache",
};

/**
 * The release board route for Probot's `addHandler`: `GET /releases/vX.Y` serves the HTML page,
 * `/releases/vX.Y.json` or `?format=json` the JSON, both filtered by `sig`, `stage`, `verdict` and
 * `prr` query parameters. Returns false for every other request, so other handlers get it.
 */
export function boardRoute(load: BoardLoader) {
  return async (request: IncomingMessage, response: ServerResponse): Promise<boolean> => {
    if (request.method !== "GET" && request.method !== "HEAD") return false;
    const url = new URL(request.url ?? "/", "http://kepbot.invalid");
    const match = boardPath.exec(url.pathname);
    if (!match) return false;
    const release = match[1] ?? "";
    const json = match[2] === ".json" || url.searchParams.get("format") === "json";
    const board = await load(release);
    if (!board) {
      response.writeHead(404, { "content-type": "text/plain; charset=utf-8", ...pageHeaders });
      response.end(`kepbot does not track ${release}\n`);
      return true;
    }
    const filters = boardFiltersFrom(url.searchParams);
    const body = json ? boardJson(filterBoard(board, filters), filters) : renderBoardHtml(board, filters);
    response.writeHead(200, { "content-type": json ? "application/json; charset=utf-8" : "text/html; charset=utf-8", ...pageHeaders });
    response.end(request.method === "HEAD" ? undefined : body);
    return true;
  };
}
