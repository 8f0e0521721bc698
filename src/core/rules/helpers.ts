// The semver functions used, not the package index (which loads all of semver: ~15 ms of start-up).
import gte from "semver/functions/gte.js";
import parse from "semver/functions/parse.js";
import type { SemVer } from "semver";
import { field } from "../repo/kep-fields.js";
import type { Kep, PrrFile, RepoModel } from "../repo/model.js";
import { prrPathOf } from "../repo/kep-fields.js";

/** KEPs under judgement that the process rules look at: parsed, and not templates. */
export function processKeps(repo: RepoModel): readonly Kep[] {
  return repo.keps.filter((kep) => kep.tree !== undefined && !kep.template);
}

export type VersionResult = { readonly ok: true; readonly version: SemVer } | { readonly ok: false; readonly message: string };

/**
 * Parses a milestone as blang/semver's ParseTolerant does (upstream's PRR gate): spaces trimmed, one
 * leading `v` dropped, leading zeros dropped, `1.21` padded to `1.21.0`.
 */
export function parseMilestone(text: string): VersionResult {
  const trimmed = text.trim().replace(/^v/, "");
  const parts = trimmed.split(".");
  if (parts.length < 3 && /[+-]/.test(parts[parts.length - 1] ?? "")) {
    return { ok: false, message: "Short version cannot contain PreRelease/Build meta data" };
  }
  while (parts.length < 3) parts.push("0");
  const normalized = parts.map((part, index) => (index < 3 ? part.replace(/^0+(?=[0-9])/, "") : part)).join(".");
  const version = parse(normalized);
  if (!version) return { ok: false, message: `"${text}" is not a version` };
  return { ok: true, version };
}

/** The upstream PRR gate's statuses: only these KEPs need a PRR approval. */
export const prrStatuses: ReadonlySet<string> = new Set(["implementable", "implemented"]);

/**
 * Whether upstream's PRR gate applies to the KEP (`isPRRRequired`): status implementable or
 * implemented, and a latest-milestone at or after the configured first PRR release. Prerequisite
 * failures are reported by their own rules, so here they simply mean "not decidable".
 */
export function requiresPrr(kep: Kep, repo: RepoModel): boolean {
  if (!kep.clean || !prrStatuses.has(field(kep, "status"))) return false;
  if (!field(kep, "stage")) return false;
  const latest = parseMilestone(field(kep, "latest-milestone"));
  const from = parseMilestone(repo.config.prrRequiredFrom);
  return latest.ok && from.ok && gte(latest.version, from.version);
}

/** PRR files under judgement, plus those that KEPs under judgement need. */
export function prrFilesInScope(repo: RepoModel): readonly PrrFile[] {
  const byPath = new Map<string, PrrFile>();
  for (const prr of repo.prrFiles) byPath.set(prr.path, prr);
  for (const kep of repo.keps) {
    const path = prrPathOf(kep);
    const prr = path ? repo.prrFile(path) : undefined;
    if (prr) byPath.set(prr.path, prr);
  }
  return [...byPath.values()];
}

/** A milestone in the form `v<major>.<minor>`. */
export const milestonePattern = /^v[0-9]+\.[0-9]+$/;

export function quoteList(values: Iterable<string>): string {
  return `[${[...values].join(" ")}]`;
}
