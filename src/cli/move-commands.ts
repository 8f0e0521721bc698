import { moveKey, movesFrom } from "../core/receipts/moves.js";
import type { ReceiptState } from "../core/schemas/receipt.schema.js";

/** The receipt commands; each makes some of the moves of KEP-2140's state diagram. */
export type MoveCommand = "accept" | "accept --at-risk" | "remove" | "exception request" | "exception accept" | "exception deny";

/** Which command makes each move of the state diagram (core/receipts/moves.ts `allowedMoves`). */
export const commandForMove: Readonly<Record<string, MoveCommand | "promote">> = {
  "new→proposed": "promote",
  "proposed→accepted": "accept",
  "at-risk→accepted": "accept",
  "proposed→at-risk": "accept --at-risk",
  "accepted→at-risk": "accept --at-risk",
  "proposed→removed": "remove",
  "at-risk→removed": "remove",
  "at-risk→exception": "exception request",
  "removed→exception": "exception request",
  "exception→at-risk": "exception accept",
  "exception→removed": "exception deny",
};

/** Whether `command` is the one that moves a receipt from `from` to `to`. */
export function commandMakes(command: MoveCommand, from: ReceiptState, to: ReceiptState): boolean {
  return commandForMove[moveKey(from, to)] === command;
}

/** The command line that makes a move, for messages: `kepbot accept 4242 --release v1.37`. */
export function commandLine(key: string, number: number, release: string): string {
  const command = commandForMove[key];
  if (command === "promote") return `kepbot promote <sig>/<NNNN-name> --stage <stage> --release ${release}`;
  if (command === "accept --at-risk") return `kepbot accept ${number} --at-risk --release ${release}`;
  return `kepbot ${command ?? "?"} ${number} --release ${release}`;
}

/** The moves out of `state`, each with its command: `accepted→at-risk (\`kepbot accept 42 --at-risk --release v1.37\`)`. */
export function movesOutOf(state: ReceiptState, number: number, release: string): readonly string[] {
  return movesFrom(state).map((key) => `${key} (\`${commandLine(key, number, release)}\`)`);
}
