import type { ChangedFile } from "../core/change-set.js";
import { configPath, defaultConfig } from "../core/config.js";
import { receiptLocation, releaseOwnersPath } from "../core/receipts/paths.js";
import { baseName, dirName, templateReadmePath } from "../core/repo/discover.js";
import { isSpellingCandidate } from "../core/repo/load.js";
import type { PullRequestReads } from "../github/port.js";

/**
 * The files judging this change will most likely read, guessed from the changed paths alone so that
 * they come in the same round trip that learns the pull request's test merge and base. A wrong guess
 * costs one more query, never a wrong result: the core reads through the snapshots either way.
 *
 * Both sides get the same KEP files: the base's are what "already present before this pull request"
 * is judged on. The lists and the config are the base's only.
 */
export function guessedReads(changed: readonly ChangedFile[]): PullRequestReads {
  const both = new Set<string>();
  const baseOnly = new Set<string>([configPath, "OWNERS_ALIASES", defaultConfig.sigs, defaultConfig.tocExemptList]);
  for (const path of changed.flatMap((file) => [file.path, ...(file.previousPath ? [file.previousPath] : [])])) {
    const receipt = receiptLocation(path);
    if (receipt) {
      both.add(path);
      baseOnly.add(releaseOwnersPath(receipt.release));
      continue;
    }
    if (path === configPath) both.add(path);
    if (!path.startsWith("keps/")) continue;
    // repo/spelling reads every changed file below keps/ but *.yaml; readme/toc-vs-template, the template.
    if (path.endsWith(".md") || isSpellingCandidate(path) || path.startsWith("keps/prod-readiness/")) both.add(path);
    if (path.endsWith("/README.md")) both.add(templateReadmePath);
    for (const dir of kepDirCandidates(path)) {
      both.add(`${dir}/kep.yaml`);
      both.add(`${dir}/README.md`);
      // kep/node-approvers reads the KEP directory's own OWNERS file, where there is one.
      both.add(`${dir}/OWNERS`);
      const number = /^([0-9]+)-/.exec(baseName(dir))?.[1];
      const sig = dir.split("/")[1];
      // Most KEPs live in their owning SIG's directory, where their PRR file is named by number.
      if (number && sig) both.add(`keps/prod-readiness/${sig}/${Number(number)}.yaml`);
    }
  }
  // An added file is not on the base, nor is anything in a KEP directory the change creates: asking for
  // them there would only cost bytes in the query.
  const added = new Set(changed.filter((file) => file.status === "added").map((file) => file.path));
  const newDirs = [...added].filter((path) => baseName(path) === "kep.yaml").map((path) => `${dirName(path)}/`);
  const onBase = (path: string) => !added.has(path) && !newDirs.some((dir) => path.startsWith(dir));
  return { merged: [...both], base: [...new Set([...baseOnly, ...[...both].filter(onBase)])] };
}

/** The directories a changed file's KEP may be: its own and its parents below `keps/<sig>/`, named `NNNN-…`. */
function kepDirCandidates(path: string): string[] {
  const dirs: string[] = [];
  for (let dir = dirName(path); dir.split("/").length >= 3 && !dir.startsWith("keps/prod-readiness"); dir = dirName(dir)) {
    if (/^[0-9]+-/.test(baseName(dir))) dirs.push(dir);
  }
  return dirs;
}
