import { receiptStates, type ReceiptState } from "../schemas/receipt.schema.js";

export const releasesRoot = "releases";

/** Where a receipt sits: `releases/<release>/<state>/<number>.yaml`. */
export interface ReceiptLocation {
  readonly release: string;
  readonly state: ReceiptState;
  /** The file name without `.yaml`, as written (`0042`). */
  readonly fileNumber: string;
  /** The KEP number it means (`0042` → 42). */
  readonly number: number;
}

const statePattern = receiptStates.join("|");
const receiptPath = new RegExp(`^${releasesRoot}/(v[0-9]+\\.[0-9]+)/(${statePattern})/([0-9]{1,9})\\.yaml$`);

/** The location a path names, if it is a receipt's path. */
export function receiptLocation(path: string): ReceiptLocation | undefined {
  const match = receiptPath.exec(path);
  if (!match) return undefined;
  const [, release, state, fileNumber] = match as unknown as [string, string, ReceiptState, string];
  return { release, state, fileNumber, number: Number(fileNumber) };
}

/** Anything below `releases/<release>/<state>/` that is not a well-formed receipt path (a typo'd state, a name that is not a number). */
export function isMisplacedReceipt(path: string): boolean {
  return /^releases\/[^/]+\/[^/]+\/[^/]+\.ya?ml$/.test(path) && receiptLocation(path) === undefined;
}

export function receiptPathOf(release: string, state: ReceiptState, number: number): string {
  return `${releasesRoot}/${release}/${state}/${number}.yaml`;
}

export function releaseOwnersPath(release: string): string {
  return `${releasesRoot}/${release}/OWNERS`;
}

/** `v1.37` → [1, 37], for ordering releases. */
export function releaseVersion(release: string): readonly [number, number] | undefined {
  const match = /^v([0-9]+)\.([0-9]+)$/.exec(release);
  return match ? [Number(match[1]), Number(match[2])] : undefined;
}
