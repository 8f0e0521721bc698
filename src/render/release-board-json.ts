import { countVerdicts, type BoardFilters } from "../core/tracking/board-filters.js";
import type { TrackingBoard } from "../core/tracking/track-release.js";
import { fileUrl, issueUrl, treeUrl } from "./source-links.js";

/**
 * The board as JSON: the same data the page shows (after the same filters), with links resolved. The
 * web route serves exactly this text for `?format=json` and `kepbot board --format json` prints it.
 */
export function boardJson(board: TrackingBoard, filters: BoardFilters = {}): string {
  const { source } = board;
  const data = {
    release: board.release,
    revision: board.revision,
    now: board.now,
    calendar: board.calendar,
    source,
    filters,
    counts: countVerdicts(board.entries),
    entries: board.entries.map((entry) => ({
      ...entry,
      links: {
        issue: issueUrl(source, entry.issue.number),
        ...(entry.kep ? { kep: treeUrl(source, entry.kep.dir) } : {}),
        ...(entry.prr.path && entry.prr.state !== "no-file" ? { prr: fileUrl(source, entry.prr.path, entry.prr.line) } : {}),
      },
      criteria: entry.criteria.map((criterion) => ({ ...criterion, ...(criterion.path !== "keps" ? { url: fileUrl(source, criterion.path, criterion.line) } : {}) })),
    })),
  };
  return `${JSON.stringify(data, null, 2)}\n`;
}
