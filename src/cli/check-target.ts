import { readdir } from "node:fs/promises";
import path from "node:path";
import { findEnhancementsRoot, isDirectory, isFile, requireEnhancementsRootAbove } from "./enhancements-root.js";
import { UsageError } from "./usage-error.js";

/** What `kepbot check [dir]` judges: a repository, or one KEP of it (its directory and its PRR file). */
export interface CheckTarget {
  /** The directory the repository is read from. */
  readonly root: string;
  /** With a KEP's directory as DIR: that KEP, repository-relative (`keps/sig-node/4242-foo`). */
  readonly kep?: KepScope;
}

export interface KepScope {
  readonly dir: string;
  /** The number in the directory name, which pairs the KEP with its PRR file. */
  readonly number: number | undefined;
}

/**
 * DIR as given (a repository root, checked later), a KEP's directory (it holds kep.yaml; the repository is
 * the nearest one above), or nothing: the repository around the working directory.
 */
export async function checkTarget(cwd: string, dir: string | undefined): Promise<CheckTarget> {
  if (dir === undefined) return { root: await requireEnhancementsRootAbove(cwd) };
  const resolved = path.resolve(cwd, dir);
  if (!(await isDirectory(resolved))) throw new UsageError(`${resolved} is not a directory`);
  if (await isDirectory(path.join(resolved, "keps"))) return { root: resolved };
  if (!(await isFile(path.join(resolved, "kep.yaml")))) return { root: resolved };
  const root = await findEnhancementsRoot(path.dirname(resolved));
  const relative = root === undefined ? "" : path.relative(root, resolved).split(path.sep).join("/");
  if (root === undefined || !relative.startsWith("keps/")) throw new UsageError(`${resolved} holds a kep.yaml but is not below the keps/ directory of an enhancements repository`);
  const number = /^([0-9]{1,9})-/.exec(path.basename(resolved))?.[1];
  return { root, kep: { dir: relative, number: number === undefined ? undefined : Number(number) } };
}

const prrFile = /^keps\/prod-readiness\/(?:.+\/)?([0-9]{1,9})\.yaml$/;

/** Is a repository path one of the KEP's files: below its directory, or its PRR file (paired by number, as the loader pairs them)? */
export function inKepScope(scope: KepScope, file: string): boolean {
  if (file.startsWith(`${scope.dir}/`)) return true;
  const number = prrFile.exec(file)?.[1];
  return number !== undefined && Number(number) === scope.number;
}

/** How many of the KEP's files the judgement reads: kep.yaml, README.md, OWNERS and its PRR files, where they exist. */
export async function kepFilesRead(root: string, scope: KepScope): Promise<number> {
  const own = await Promise.all(["kep.yaml", "README.md", "OWNERS"].map((name) => isFile(path.join(root, scope.dir, name))));
  const prrRoot = path.join(root, "keps", "prod-readiness");
  const sigs = await readdir(prrRoot, { withFileTypes: true }).catch(() => []);
  const prr = await Promise.all(sigs.filter((entry) => entry.isDirectory()).map((entry) => isFile(path.join(prrRoot, entry.name, `${scope.number ?? "none"}.yaml`))));
  return [...own, ...prr].filter(Boolean).length;
}
