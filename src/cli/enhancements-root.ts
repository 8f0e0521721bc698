import { stat } from "node:fs/promises";
import path from "node:path";
import { UsageError } from "./usage-error.js";

/** The absolute root of the enhancements repository that `--dir` names, refusing anything without keps/. */
export async function enhancementsRoot(cwd: string, dir: string): Promise<string> {
  const root = path.resolve(cwd, dir);
  if (!(await isDirectory(root))) throw new UsageError(`${root} is not a directory`);
  if (!(await isDirectory(path.join(root, "keps")))) throw new UsageError(`${root} is not an enhancements repository: it has no keps/ directory`);
  return root;
}

export async function isDirectory(dir: string): Promise<boolean> {
  return stat(dir).then((stats) => stats.isDirectory(), () => false);
}

export async function isFile(file: string): Promise<boolean> {
  return stat(file).then((stats) => stats.isFile(), () => false);
}
