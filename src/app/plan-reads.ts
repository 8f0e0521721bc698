import type { ChangedFile } from "../core/change-set.js";
import { configPath, defaultConfig } from "../core/config.js";
import { receiptLocation, releaseOwnersPath } from "../core/receipts/paths.js";
import { baseName, dirName, templateReadmePath } from "../core/repo/discover.js";
import { isSpellingCandidate } from "../core/repo/load.js";

/**
 * The files an evaluation of this change will read, predicted from the changed paths and the head's
 * file list, so that one batched query serves them all. A wrong guess costs one more query, never a
 * wrong result: the core reads through the snapshots either way.
 */
export function plannedReads(changed: readonly ChangedFile[], headFiles: readonly string[]): { readonly head: string[]; readonly base: string[] } {
  const present = new Set(headFiles);
  const head = new Set<string>();
  const base = new Set<string>([configPath, "OWNERS_ALIASES", defaultConfig.sigs, defaultConfig.tocExemptList]);
  const prrByNumber = new Map<number, string[]>();
  for (const file of headFiles) {
    const match = /^keps\/prod-readiness\/[^/]+\/([0-9]+)\.yaml$/.exec(file);
    if (match) prrByNumber.set(Number(match[1]), [...(prrByNumber.get(Number(match[1])) ?? []), file]);
  }
  const kepDirsByNumber = new Map<number, string[]>();
  for (const file of headFiles) {
    const match = /^(keps\/.+\/([0-9]+)-[^/]+)\/kep\.yaml$/.exec(file);
    if (match) kepDirsByNumber.set(Number(match[2]), [...(kepDirsByNumber.get(Number(match[2])) ?? []), match[1] as string]);
  }
  const addKep = (dir: string, number: number | undefined): void => {
    head.add(`${dir}/kep.yaml`);
    head.add(`${dir}/README.md`);
    // kep/node-approvers reads the KEP directory's own OWNERS file, where there is one.
    if (present.has(`${dir}/OWNERS`)) head.add(`${dir}/OWNERS`);
    for (const prr of number === undefined ? [] : (prrByNumber.get(number) ?? [])) {
      head.add(prr);
      base.add(prr);
    }
  };
  for (const path of changed.flatMap((file) => [file.path, ...(file.previousPath ? [file.previousPath] : [])])) {
    const receipt = receiptLocation(path);
    if (receipt) {
      // A receipt is judged with its KEP and its release's Enhancements team (the base OWNERS).
      if (present.has(path)) head.add(path);
      base.add(releaseOwnersPath(receipt.release));
      for (const dir of kepDirsByNumber.get(receipt.number) ?? []) addKep(dir, receipt.number);
      continue;
    }
    if (!path.startsWith("keps/")) continue;
    // repo/spelling reads every changed file below keps/ but *.yaml; readme/toc-vs-template, the template.
    if ((path.endsWith(".md") || isSpellingCandidate(path)) && present.has(path)) head.add(path);
    if (path.endsWith("/README.md") && present.has(templateReadmePath)) head.add(templateReadmePath);
    if (path.startsWith("keps/prod-readiness/")) {
      head.add(path);
      base.add(path);
      continue;
    }
    for (let dir = dirName(path); dir.startsWith("keps/"); dir = dirName(dir)) {
      if (!present.has(`${dir}/kep.yaml`)) continue;
      const number = /^([0-9]+)-/.exec(baseName(dir))?.[1];
      addKep(dir, number === undefined ? undefined : Number(number));
      break;
    }
  }
  return { head: [...head], base: [...base] };
}
