import { approverFor } from "../prr-state.js";
import { decodeText } from "../parse/text.js";
import { readYaml, textAt } from "../parse/yaml-tree.js";
import { receiptStates, type ReceiptState } from "../schemas/receipt.schema.js";
import { compareBytes, type RepoSnapshot } from "../snapshot.js";
import { receiptLocation, releasesRoot } from "./paths.js";

export interface ManifestEntry {
  readonly number: number;
  readonly title: string;
  readonly sig: string;
  readonly stage: string;
  /** The PRR approver for the receipt's stage, from the KEP's PRR file; undefined when there is none. */
  readonly prrApprover?: string;
  readonly path: string;
}

/** A release's tracked enhancements: per state, the KEPs in it. */
export interface Manifest {
  readonly release: string;
  readonly counts: Readonly<Record<ReceiptState, number>>;
  readonly states: Readonly<Record<ReceiptState, readonly ManifestEntry[]>>;
}

const maxReceiptBytes = 1 << 20;

async function yamlAt(snapshot: RepoSnapshot, path: string) {
  const bytes = await snapshot.readFile(path);
  const decoded = bytes ? decodeText(bytes, maxReceiptBytes) : undefined;
  const read = decoded?.ok ? readYaml(decoded.text) : undefined;
  return read?.ok ? read.tree : undefined;
}

/** The manifest of `release` as the snapshot has it, read from its receipts and the KEPs' PRR files. */
export async function buildManifest(snapshot: RepoSnapshot, release: string): Promise<Manifest> {
  const paths = (await snapshot.listFiles(`${releasesRoot}/${release}`)).filter((path) => receiptLocation(path)?.release === release);
  await snapshot.prefetch?.(paths);
  const receipts = await Promise.all(paths.map(async (path) => ({ path, location: receiptLocation(path), tree: await yamlAt(snapshot, path) })));
  const prrPaths = receipts.map(({ location, tree }) => `keps/prod-readiness/${textAt(tree, "owning-sig")}/${location?.number ?? 0}.yaml`);
  await snapshot.prefetch?.(prrPaths);
  const states = Object.fromEntries(receiptStates.map((state) => [state, [] as ManifestEntry[]])) as Record<ReceiptState, ManifestEntry[]>;
  for (const [index, { path, location, tree }] of receipts.entries()) {
    if (!location) continue;
    const stage = textAt(tree, "stage");
    const prr = await yamlAt(snapshot, prrPaths[index] ?? "");
    const approver = approverFor({ tree: prr }, stage)?.handle;
    states[location.state].push({ number: location.number, title: textAt(tree, "title"), sig: textAt(tree, "owning-sig"), stage, path, ...(approver ? { prrApprover: approver } : {}) });
  }
  for (const state of receiptStates) states[state].sort((a, b) => a.number - b.number || compareBytes(a.path, b.path));
  const counts = Object.fromEntries(receiptStates.map((state) => [state, states[state].length])) as Record<ReceiptState, number>;
  return { release, counts, states };
}
