import type { TrackingBoard } from "./track-release.js";
import type { TrackedEnhancement } from "./tracked-enhancement.js";
import { verdictKinds, type VerdictKind } from "./verdict.js";

/** What a board view shows: entries matching every filter given (an absent filter matches all). */
export interface BoardFilters {
  readonly sig?: string;
  readonly stage?: string;
  readonly verdict?: VerdictKind;
  /** A PRR approver's handle (`@` optional, any case); `none` for KEPs without one. */
  readonly prr?: string;
}

export const filterNames = ["sig", "stage", "verdict", "prr"] as const;

/** The filters a query string names (`?sig=sig-node&verdict=at-risk`); unknown values are kept (they match nothing), empty ones dropped. */
export function boardFiltersFrom(params: URLSearchParams): BoardFilters {
  const filters: { -readonly [K in keyof BoardFilters]: BoardFilters[K] } = {};
  for (const name of filterNames) {
    const value = params.get(name)?.trim();
    if (!value) continue;
    if (name === "verdict") filters.verdict = value as VerdictKind;
    else filters[name] = value;
  }
  return filters;
}

function matches(entry: TrackedEnhancement, filters: BoardFilters): boolean {
  if (filters.sig !== undefined && entry.sig !== filters.sig) return false;
  if (filters.stage !== undefined && (entry.stage ?? "") !== filters.stage) return false;
  if (filters.verdict !== undefined && entry.verdict.kind !== filters.verdict) return false;
  if (filters.prr !== undefined) {
    const wanted = filters.prr.replace(/^@/, "").toLowerCase();
    const approver = entry.prr.approver?.toLowerCase();
    if (wanted === "none" ? approver !== undefined : approver !== wanted) return false;
  }
  return true;
}

/** The board with only the entries the filters select. */
export function filterBoard(board: TrackingBoard, filters: BoardFilters): TrackingBoard {
  return { ...board, entries: board.entries.filter((entry) => matches(entry, filters)) };
}

export function countVerdicts(entries: readonly TrackedEnhancement[]): Readonly<Record<VerdictKind, number>> {
  const counts = Object.fromEntries(verdictKinds.map((kind) => [kind, 0])) as Record<VerdictKind, number>;
  for (const entry of entries) counts[entry.verdict.kind]++;
  return counts;
}

/** The values each filter can take on this board (sorted), for the filter form. */
export function filterChoices(board: TrackingBoard): Readonly<Record<(typeof filterNames)[number], readonly string[]>> {
  const distinct = (values: readonly string[]) => [...new Set(values.filter(Boolean))].sort();
  return {
    sig: distinct(board.entries.map((entry) => entry.sig)),
    stage: distinct(board.entries.map((entry) => entry.stage ?? "")),
    verdict: [...verdictKinds],
    prr: [...distinct(board.entries.map((entry) => entry.prr.approver ?? "")), ...(board.entries.some((entry) => !entry.prr.approver) ? ["none"] : [])],
  };
}
