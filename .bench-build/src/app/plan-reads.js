import { configPath, defaultConfig } from "../core/config.js";
import { baseName, dirName } from "../core/repo/discover.js";
/**
 * The files an evaluation of this change will read, predicted from the changed paths and the head's
 * file list, so that one batched query serves them all. A wrong guess costs one more query, never a
 * wrong result: the core reads through the snapshots either way.
 */
export function plannedReads(changed, headFiles) {
    const present = new Set(headFiles);
    const head = new Set();
    const base = new Set([configPath, "OWNERS_ALIASES", defaultConfig.sigs, defaultConfig.tocExemptList]);
    const prrByNumber = new Map();
    for (const file of headFiles) {
        const match = /^keps\/prod-readiness\/[^/]+\/([0-9]+)\.yaml$/.exec(file);
        if (match)
            prrByNumber.set(Number(match[1]), [...(prrByNumber.get(Number(match[1])) ?? []), file]);
    }
    for (const path of changed.flatMap((file) => [file.path, ...(file.previousPath ? [file.previousPath] : [])])) {
        if (!path.startsWith("keps/"))
            continue;
        if (path.endsWith(".md") && present.has(path))
            head.add(path);
        if (path.startsWith("keps/prod-readiness/")) {
            head.add(path);
            base.add(path);
            continue;
        }
        for (let dir = dirName(path); dir.startsWith("keps/"); dir = dirName(dir)) {
            if (!present.has(`${dir}/kep.yaml`))
                continue;
            head.add(`${dir}/kep.yaml`);
            head.add(`${dir}/README.md`);
            const number = /^([0-9]+)-/.exec(baseName(dir))?.[1];
            for (const prr of number === undefined ? [] : (prrByNumber.get(Number(number)) ?? [])) {
                head.add(prr);
                base.add(prr);
            }
            break;
        }
    }
    return { head: [...head], base: [...base] };
}
