import type { ChangeSet } from "../change-set.js";
import type { ReceiptState } from "../schemas/receipt.schema.js";
import { receiptLocation, type ReceiptLocation } from "./paths.js";

/** A receipt that changed directory, appeared or disappeared within one release. */
export interface Move {
  readonly release: string;
  readonly number: number;
  /** undefined for a new receipt */
  readonly from?: ReceiptState;
  /** undefined for a deleted receipt */
  readonly to?: ReceiptState;
  /** The receipt's path after the change (or before it, for a deletion). */
  readonly path: string;
}

/** Who may make a move: anyone, the release's Enhancements team, or anyone with an exception request in the PR body. */
export type MovePermission = "anyone" | "enhancements-team" | "exception-request";

/** KEP-2140's state diagram (PRODUCT.md §4). Every move not listed is an error. */
export const allowedMoves: ReadonlyMap<string, MovePermission> = new Map([
  ["new→proposed", "anyone"],
  ["proposed→accepted", "enhancements-team"],
  ["proposed→at-risk", "enhancements-team"],
  ["at-risk→accepted", "enhancements-team"],
  ["accepted→at-risk", "enhancements-team"],
  ["proposed→removed", "enhancements-team"],
  ["at-risk→removed", "enhancements-team"],
  ["at-risk→exception", "exception-request"],
  ["removed→exception", "exception-request"],
  ["exception→at-risk", "enhancements-team"],
  ["exception→removed", "enhancements-team"],
]);

export function moveKey(from: ReceiptState | undefined, to: ReceiptState | undefined): string {
  return `${from ?? "new"}→${to ?? "deleted"}`;
}

export function permissionFor(move: Pick<Move, "from" | "to">): MovePermission | undefined {
  return allowedMoves.get(moveKey(move.from, move.to));
}

/** The moves allowed out of a state (or for a new receipt), for messages. */
export function movesFrom(from: ReceiptState | undefined): readonly string[] {
  return [...allowedMoves.keys()].filter((key) => key.startsWith(`${from ?? "new"}→`));
}

/**
 * The receipt moves of a change set. A receipt leaving one state and arriving in another of the same
 * release is one move, whether git (or GitHub) reports a rename or a delete plus an add.
 */
export function detectMoves(change: ChangeSet): readonly Move[] {
  const gone: (ReceiptLocation & { path: string })[] = [];
  const arrived: (ReceiptLocation & { path: string })[] = [];
  for (const file of change.files) {
    const before = file.previousPath ?? (file.status === "removed" ? file.path : undefined);
    const after = file.status === "removed" ? undefined : file.path;
    const from = before !== undefined ? receiptLocation(before) : undefined;
    const to = after !== undefined ? receiptLocation(after) : undefined;
    if (file.status === "modified") continue;
    if (from) gone.push({ ...from, path: before as string });
    if (to) arrived.push({ ...to, path: after as string });
  }
  const moves: Move[] = [];
  for (const target of arrived) {
    const index = gone.findIndex((source) => source.release === target.release && source.number === target.number);
    const source = index >= 0 ? gone.splice(index, 1)[0] : undefined;
    if (source?.state === target.state) continue;
    moves.push({ release: target.release, number: target.number, ...(source ? { from: source.state } : {}), to: target.state, path: target.path });
  }
  for (const source of gone) moves.push({ release: source.release, number: source.number, from: source.state, path: source.path });
  return moves;
}
