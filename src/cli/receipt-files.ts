import { readdir } from "node:fs/promises";
import path from "node:path";
import { stringify } from "yaml";
import { receiptLocation, releasesRoot, type ReceiptLocation } from "../core/receipts/paths.js";
import { receiptStates, type ReceiptState } from "../core/schemas/receipt.schema.js";

/** A receipt found on disk; `path` is relative to the repository root, with `/`. */
export interface ReceiptOnDisk extends ReceiptLocation {
  readonly path: string;
}

/** Every receipt of KEP `number` in `release`, in any state, zero-padded names (`0042.yaml`) included. */
export async function receiptsOfKep(root: string, release: string, number: number): Promise<readonly ReceiptOnDisk[]> {
  const found: ReceiptOnDisk[] = [];
  for (const state of receiptStates) {
    const dir = `${releasesRoot}/${release}/${state}`;
    const names = await readdir(path.join(root, dir)).catch(() => [] as string[]);
    for (const name of names.sort()) {
      const location = receiptLocation(`${dir}/${name}`);
      if (location?.number === number) found.push({ ...location, path: `${dir}/${name}` });
    }
  }
  return found;
}

export interface NewReceipt {
  readonly title: string;
  readonly number: number;
  readonly owningSig: string;
  /** The KEP's directory below keps/. */
  readonly kepPath: string;
  readonly state: ReceiptState;
  readonly stage: string;
}

/** A receipt's text in the field order of KEP-2140's example. */
export function receiptText(receipt: NewReceipt): string {
  return stringify(
    { title: receipt.title, "kep-number": receipt.number, "owning-sig": receipt.owningSig, path: receipt.kepPath, "tracking-status": receipt.state, stage: receipt.stage },
    { lineWidth: 0 },
  );
}
