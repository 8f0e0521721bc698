import { stringify } from "yaml";
import { didYouMean } from "../core/did-you-mean.js";
import { loadRepository } from "../core/repo/load.js";
import type { RepoModel } from "../core/repo/model.js";
import { stages, statuses } from "../core/schemas/kep.schema.js";
import { DiskSnapshot } from "../io/disk-snapshot.js";
import type { CommandIo } from "./command-io.js";
import { enhancementsRoot } from "./enhancements-root.js";
import { kepListing, type KepListing } from "./kep-listing.js";
import { loadRepoConfig } from "./repo-config.js";
import { UsageError } from "./usage-error.js";

export type QueryFormat = "table" | "json" | "yaml";

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
  /** One of the KEP's authors (kep.yaml `authors`), `@` optional, any case. */
  readonly author?: string;
  /** One of the KEP's approvers (kep.yaml `approvers`), `@` optional, any case. */
  readonly approver?: string;
  readonly format: QueryFormat;
}

/** `kepbot query`: the repository's KEPs that match every filter given; exit 1 when none does. */
export async function runQuery(options: QueryOptions, io: CommandIo): Promise<number> {
  const root = await enhancementsRoot(io.cwd, options.dir);
  requireKnownValues(options);
  const model = await loadRepository({ head: new DiskSnapshot(root), config: await loadRepoConfig(root) });
  const matches = matcher(options, model);
  const listings = model.keps
    .filter((kep) => kep.tree !== undefined && !kep.template)
    .map((kep) => kepListing(kep, model))
    .filter(matches)
    .sort((a, b) => (a.number ?? Infinity) - (b.number ?? Infinity) || (a.path < b.path ? -1 : 1));
  io.stdout(render(listings, options.format));
  return listings.length > 0 ? 0 : 1;
}

/** --status and --stage take the values kep.yaml may hold: a typo is a usage error, with what was probably meant. */
function requireKnownValues(options: QueryOptions): void {
  if (options.status !== undefined && !(statuses as readonly string[]).includes(options.status)) {
    throw new UsageError(`--status ${options.status} is not a status${didYouMean(options.status, statuses)} (one of ${statuses.join(", ")})`);
  }
  const stageValues = [...stages, "none"];
  if (options.stage !== undefined && !stageValues.includes(options.stage)) {
    throw new UsageError(`--stage ${options.stage} is not a stage${didYouMean(options.stage, stageValues)} (one of ${stageValues.join(", ")})`);
  }
}

/** --sig is a regular expression; one that matches no group of the repository's sigs.yaml is a usage error (a typo, most likely). */
function sigPattern(sig: string | undefined, model: RepoModel): RegExp | undefined {
  if (sig === undefined) return undefined;
  let pattern: RegExp;
  try {
    pattern = new RegExp(sig);
  } catch (error) {
    throw new UsageError(`--sig ${sig}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const groups = model.lists.groups.state === "loaded" ? model.lists.groups.value.names : undefined;
  if (groups !== undefined && ![...groups].some((group) => pattern.test(group))) {
    throw new UsageError(`--sig ${sig} matches no group in ${model.lists.groups.path}${didYouMean(sig, groups)}`);
  }
  return pattern;
}

const handle = (login: string): string => login.replace(/^@/, "").toLowerCase();

function matcher(options: QueryOptions, model: RepoModel): (listing: KepListing) => boolean {
  const sig = sigPattern(options.sig, model);
  const prr = options.prr === undefined ? undefined : handle(options.prr);
  const author = options.author === undefined ? undefined : handle(options.author);
  const approver = options.approver === undefined ? undefined : handle(options.approver);
  return (listing) =>
    (sig === undefined || sig.test(listing.owningSig)) &&
    (options.status === undefined || listing.status === options.status) &&
    (options.stage === undefined || listing.stage === (options.stage === "none" ? "" : options.stage)) &&
    (prr === undefined || listing.prrApprover?.toLowerCase() === prr) &&
    (author === undefined || listing.authors.some((login) => handle(login) === author)) &&
    (approver === undefined || listing.approvers.some((login) => handle(login) === approver));
}

function render(listings: readonly KepListing[], format: QueryFormat): string {
  switch (format) {
    case "json":
      return `${JSON.stringify(listings, null, 2)}\n`;
    case "yaml":
      return listings.length === 0 ? "[]\n" : stringify(listings);
    case "table":
      return table(listings);
  }
}

function table(listings: readonly KepListing[]): string {
  if (listings.length === 0) return "No KEP matches.\n";
  const rows = [["KEP", "stage", "status", "SIG", "title"], ...listings.map((kep) => [String(kep.number ?? "?"), kep.stage || "-", kep.status, kep.owningSig, kep.title])];
  const widths = [0, 1, 2, 3].map((column) => Math.max(...rows.map((row) => (row[column] ?? "").length)));
  return `${rows.map((row) => row.map((cell, column) => (column < 4 ? cell.padEnd(widths[column] ?? 0) : cell)).join("  ").trimEnd()).join("\n")}\n`;
}
