import type { BoardSource } from "../core/tracking/track-release.js";

/** A repository path as a URL path: each segment encoded, the slashes kept. */
function encodePath(path: string): string {
  return path.split("/").map(encodeURIComponent).join("/");
}

/** The file on the board's branch, at a line when there is one worth pointing at. */
export function fileUrl(source: BoardSource, path: string, line?: number): string {
  return `${source.repository}/blob/${encodePath(source.ref)}/${encodePath(path)}${line !== undefined && line > 1 ? `#L${line}` : ""}`;
}

export function treeUrl(source: BoardSource, path: string): string {
  return `${source.repository}/tree/${encodePath(source.ref)}/${encodePath(path)}`;
}

export function issueUrl(source: BoardSource, number: number): string {
  return `${source.repository}/issues/${number}`;
}
