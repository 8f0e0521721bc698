import { loadRepository } from "../core/repo/load.js";
import { DiskSnapshot } from "../io/disk-snapshot.js";
import type { CommandIo } from "./command-io.js";
import { enhancementsRoot } from "./enhancements-root.js";
import { kepListing, type KepListing } from "./kep-listing.js";
import { loadRepoConfig } from "./repo-config.js";
import { UsageError } from "./usage-error.js";

export interface QueryOptions {
  /** The repository root; undefined: the nearest one at or above the working directory. */
  readonly dir?: string;
  /** A regular expression matched against owning-sig (unanchored, as kepctl's --sig). */
  readonly sig?: string;
  readonly status?: string;
  /** `none` matches KEPs without a stage, as in kepctl. */
  readonly stage?: string;
  /** A PRR approver's handle, `@` optional, any case. */
  readonly prr?: string;
  readonly format: "table" | "json";
}

/** `kepbot query`: the repository's KEPs that match every filter given; exit 1 when none does. */
export async function runQuery(options: QueryOptions, io: CommandIo): Promise<number> {
  const root = await enhancementsRoot(io.cwd, options.dir);
  const matches = matcher(options);
  const model = await loadRepository({ head: new DiskSnapshot(root), config: await loadRepoConfig(root) });
  const listings = model.keps
    .filter((kep) => kep.tree !== undefined && !kep.template)
    .map((kep) => kepListing(kep, model))
    .filter(matches)
    .sort((a, b) => (a.number ?? Infinity) - (b.number ?? Infinity) || (a.path < b.path ? -1 : 1));
  io.stdout(options.format === "json" ? `${JSON.stringify(listings, null, 2)}\n` : table(listings));
  return listings.length > 0 ? 0 : 1;
}

function matcher(options: QueryOptions): (listing: KepListing) => boolean {
  let sig: RegExp | undefined;
  try {
    sig = options.sig !== undefined ? new RegExp(options.sig) : undefined;
  } catch (error) {
    throw new UsageError(`--sig ${options.sig}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const prr = options.prr?.replace(/^@/, "").toLowerCase();
  return (listing) =>
    (sig === undefined || sig.test(listing.owningSig)) &&
    (options.status === undefined || listing.status === options.status) &&
    (options.stage === undefined || listing.stage === (options.stage === "none" ? "" : options.stage)) &&
    (prr === undefined || listing.prrApprover?.toLowerCase() === prr);
}

function table(listings: readonly KepListing[]): string {
  if (listings.length === 0) return "No KEP matches.\n";
  const rows = [["KEP", "stage", "status", "SIG", "title"], ...listings.map((kep) => [String(kep.number ?? "?"), kep.stage || "-", kep.status, kep.owningSig, kep.title])];
  const widths = [0, 1, 2, 3].map((column) => Math.max(...rows.map((row) => (row[column] ?? "").length)));
  return `${rows.map((row) => row.map((cell, column) => (column < 4 ? cell.padEnd(widths[column] ?? 0) : cell)).join("  ").trimEnd()).join("\n")}\n`;
}
