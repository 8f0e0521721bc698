import { stat } from "node:fs/promises";
import path from "node:path";
import { UsageError } from "./usage-error.js";

/**
 * The absolute root of the enhancements repository that `--dir` names, refusing anything without keps/.
 * Without `dir`, the nearest directory at or above `cwd` that holds keps/ (run from anywhere inside the repository).
 */
export async function enhancementsRoot(cwd: string, dir: string | undefined): Promise<string> {
  if (dir === undefined) return requireEnhancementsRootAbove(cwd);
  const root = path.resolve(cwd, dir);
  if (!(await isDirectory(root))) throw new UsageError(`${root} is not a directory`);
  if (!(await isDirectory(path.join(root, "keps")))) throw new UsageError(`${root} is not an enhancements repository: it has no keps/ directory`);
  return root;
}

/** The nearest directory at or above `start` (absolute) that holds keps/, or a UsageError. */
export async function requireEnhancementsRootAbove(start: string): Promise<string> {
  const root = await findEnhancementsRoot(start);
  if (root === undefined) throw new UsageError(`${start} is not inside an enhancements repository: no keps/ directory here or above (or name the repository's root)`);
  return root;
}

/** The nearest directory at or above `start` (absolute) that holds keps/, or undefined. */
export async function findEnhancementsRoot(start: string): Promise<string | undefined> {
  for (let dir = path.resolve(start); ; dir = path.dirname(dir)) {
    if (await isDirectory(path.join(dir, "keps"))) return dir;
    if (path.dirname(dir) === dir) return undefined;
  }
}

export async function isDirectory(dir: string): Promise<boolean> {
  return stat(dir).then((stats) => stats.isDirectory(), () => false);
}

export async function isFile(file: string): Promise<boolean> {
  return stat(file).then((stats) => stats.isFile(), () => false);
}
