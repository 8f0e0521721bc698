import type { ChangeSet } from "./change-set.js";
import type { Finding } from "./finding.js";
import { dirName } from "./repo/discover.js";
import { field } from "./repo/kep-fields.js";
import type { RepoModel } from "./repo/model.js";

/**
 * Which findings a change introduced. A finding is the change's own when the same finding is absent
 * from the base: same rule, same file (followed through renames, also of a whole KEP directory) and
 * the same thing wrong. Lines are not part of a finding's identity, since unrelated edits move them.
 */

/**
 * The change set as the base sees it: what the change touches, by the paths the base has. An added
 * file stays in: the base has no such file, but the KEP directory it lands in is under judgement on
 * both sides (an OWNERS file added to a KEP puts that KEP's old defects in view, as old).
 */
export function changeOnBase(change: ChangeSet): ChangeSet {
  return { files: change.files.map((file) => ({ path: file.previousPath ?? file.path, status: "modified" as const })) };
}

/** Translates base-side paths (and messages that name them) into the head's paths. */
export interface PathMapping {
  toHead(path: string): string;
  /** A message from the base with every renamed path or KEP directory it names written as on the head. */
  rewrite(text: string): string;
}

/**
 * Renames from the change set (a renamed kep.yaml moves its whole KEP directory), plus KEP directories
 * that git saw as a delete and an add but that hold the same kep-number on both sides.
 */
export function pathMapping(change: ChangeSet, base: RepoModel, head: RepoModel): PathMapping {
  const files = new Map<string, string>();
  const dirs = new Map<string, string>();
  for (const file of change.files) {
    if (file.status !== "renamed" || !file.previousPath) continue;
    files.set(file.previousPath, file.path);
    if (file.path.endsWith("/kep.yaml") && file.previousPath.endsWith("/kep.yaml")) dirs.set(dirName(file.previousPath), dirName(file.path));
  }
  const headDirs = new Set(head.keps.map((kep) => kep.dir));
  const baseDirs = new Set(base.keps.map((kep) => kep.dir));
  const movedIn = head.keps.filter((kep) => !baseDirs.has(kep.dir) && field(kep, "kep-number") !== "");
  for (const kep of base.keps) {
    if (headDirs.has(kep.dir) || dirs.has(kep.dir)) continue;
    const number = field(kep, "kep-number");
    const candidates = movedIn.filter((other) => field(other, "kep-number") === number);
    if (number !== "" && candidates.length === 1 && candidates[0]) dirs.set(kep.dir, candidates[0].dir);
  }
  const dirsLongestFirst = [...dirs].sort(([a], [b]) => b.length - a.length);
  const toHead = (path: string): string => {
    const renamed = files.get(path);
    if (renamed !== undefined) return renamed;
    const dir = dirsLongestFirst.find(([from]) => path.startsWith(`${from}/`));
    return dir ? `${dir[1]}${path.slice(dir[0].length)}` : path;
  };
  const replacements = [...files, ...dirsLongestFirst].sort(([a], [b]) => b.length - a.length);
  return {
    toHead,
    rewrite: (text) => replacements.reduce((result, [from, to]) => (result.includes(from) ? result.split(from).join(to) : result), text),
  };
}

/** A finding's identity: rule, file and what is wrong, without line or column numbers. */
export function identityOf(finding: Pick<Finding, "rule" | "path" | "message">): string {
  return `${finding.rule}\u0000${finding.path}\u0000${finding.message.replace(/\b(lines?|columns?)\s+[0-9]+/gi, "$1 #")}`;
}

/**
 * Marks the findings that were already on the base. Matching counts: a defect that appears twice on
 * the head and once on the base is one old finding and one new.
 */
export function markPreexisting(findings: readonly Finding[], baseFindings: readonly Finding[], mapping: PathMapping): Finding[] {
  const remaining = new Map<string, number>();
  for (const finding of baseFindings) {
    const key = identityOf({ rule: finding.rule, path: mapping.toHead(finding.path), message: mapping.rewrite(finding.message) });
    remaining.set(key, (remaining.get(key) ?? 0) + 1);
  }
  return findings.map((finding) => {
    const key = identityOf(finding);
    const left = remaining.get(key) ?? 0;
    if (left === 0) return finding;
    remaining.set(key, left - 1);
    return { ...finding, preexisting: true };
  });
}
