import { touchedPaths } from "../change-set.js";
import { parseOwnersAliases } from "../lists/owners-aliases.js";
import { parseSigsYaml } from "../lists/sigs.js";
import { readKepYaml } from "../parse/kep-yaml.js";
import { decodeText } from "../parse/text.js";
import { validateTree } from "../parse/validate.js";
import { readYaml } from "../parse/yaml-tree.js";
import { kepSchema } from "../schemas/kep.schema.js";
import { prrSchema } from "../schemas/prr.schema.js";
import { compareBytes } from "../snapshot.js";
import { baseName, dirName, discover } from "./discover.js";
import { field, numericKepNumber, prrPathOf } from "./kep-fields.js";
/** Size limits per kind of file: metadata is small; READMEs of real KEPs reach a few hundred KiB. */
export const maxYamlBytes = 1 << 20;
export const maxMarkdownBytes = 8 << 20;
const maxListBytes = 8 << 20;
/** Reads what the rules need from the snapshots, in as few batched reads as the snapshots allow. */
export async function loadRepository(input) {
    const { head, config } = input;
    const base = input.base ?? head;
    const [files, lists] = await Promise.all([head.listFiles("keps"), loadLists(base, config, input.remoteSigs)]);
    const found = discover(files);
    const touched = input.change ? touchedPaths(input.change) : undefined;
    const isTouched = (path) => touched === undefined || touched.has(path);
    const dirTouched = (dir) => touched === undefined || [...touched].some((path) => path.startsWith(`${dir}/`));
    const prrPaths = found.prrFiles.filter(isTouched);
    let kepDirs = found.kepDirs.filter(dirTouched);
    // A changed PRR file puts its KEP under judgement too; find it by the number in the directory name.
    const numberedDirs = indexDirsByNumber(found.kepDirs);
    const contextDirs = new Set();
    for (const path of prrPaths) {
        const number = numericKepNumber(baseName(path).replace(/\.yaml$/, ""));
        for (const dir of number === undefined ? [] : (numberedDirs.get(number) ?? []))
            contextDirs.add(dir);
    }
    kepDirs = [...new Set([...kepDirs, ...contextDirs])].sort(compareBytes);
    const markdownPaths = found.markdownFiles.filter((path) => isTouched(path) && !lists.tocExempt.has(path));
    const readmes = found.readmesWithoutMetadata.filter((path) => isTouched(path) || isTouched(`${dirName(path)}/kep.yaml`));
    await head.prefetch?.([...kepDirs.flatMap((dir) => [`${dir}/kep.yaml`, `${dir}/README.md`]), ...prrPaths, ...markdownPaths]);
    // A KEP's README is read once, for the README rules and the TOC check alike.
    const texts = new Map();
    const readMarkdown = (path) => {
        let text = texts.get(path);
        if (!text)
            texts.set(path, (text = loadText(head, path, maxMarkdownBytes)));
        return text;
    };
    const keps = await Promise.all(kepDirs.map((dir) => loadKep(head, dir, config, readMarkdown)));
    const markdown = await Promise.all(markdownPaths.map(readMarkdown));
    // Some PRR files that a changed PRR file names may belong to no KEP found by directory name
    // (directories and numbers disagree in the real tree); then the whole index is loaded to be sure.
    const loaded = new Map(keps.map((kep) => [kep.dir, kep]));
    const needsFullIndex = input.change === undefined || prrPaths.some((path) => !hasCandidate(path, numberedDirs));
    if (needsFullIndex) {
        const rest = found.kepDirs.filter((dir) => !loaded.has(dir));
        await head.prefetch?.(rest.map((dir) => `${dir}/kep.yaml`));
        for (const kep of await Promise.all(rest.map((dir) => loadKep(head, dir, config))))
            loaded.set(kep.dir, kep);
    }
    const wantedPrr = new Set(prrPaths);
    for (const kep of keps) {
        const path = prrPathOf(kep);
        if (path)
            wantedPrr.add(path);
    }
    await head.prefetch?.([...wantedPrr]);
    const prrFiles = new Map();
    for (const path of wantedPrr) {
        const prr = await loadPrr(head, path);
        if (prr)
            prrFiles.set(path, prr);
    }
    // The base side of PRR files this change touches: approval depends on what the change did to them.
    const basePrrFiles = new Map();
    if (input.change && input.base) {
        const changedPrr = [...wantedPrr].filter((path) => isTouched(path));
        await input.base.prefetch?.(changedPrr);
        for (const path of changedPrr) {
            const prr = await loadPrr(input.base, path);
            if (prr)
                basePrrFiles.set(path, prr);
        }
    }
    const byNumber = new Map();
    for (const kep of loaded.values()) {
        const number = numericKepNumber(field(kep, "kep-number"));
        if (number !== undefined)
            byNumber.set(number, [...(byNumber.get(number) ?? []), kep]);
    }
    return {
        config,
        lists,
        wholeTree: input.change === undefined,
        discoveredKeps: found.kepDirs.length,
        keps,
        prrFiles: prrPaths.flatMap((path) => prrFiles.get(path) ?? []),
        markdown,
        readmesWithoutMetadata: readmes,
        prrFile: (path) => prrFiles.get(path),
        kepsNumbered: (number) => byNumber.get(number) ?? [],
        allKepsLoaded: needsFullIndex,
        ...(input.pullRequest ? { pullRequest: input.pullRequest } : {}),
        basePrrFile: (path) => basePrrFiles.get(path),
        ...(touched ? { touched } : {}),
    };
}
function indexDirsByNumber(dirs) {
    const index = new Map();
    for (const dir of dirs) {
        const match = /^([0-9]+)-/.exec(baseName(dir));
        if (!match)
            continue;
        const number = Number(match[1]);
        index.set(number, [...(index.get(number) ?? []), dir]);
    }
    return index;
}
function hasCandidate(prrPath, numberedDirs) {
    const number = numericKepNumber(baseName(prrPath).replace(/\.yaml$/, ""));
    return number !== undefined && (numberedDirs.get(number)?.length ?? 0) > 0;
}
/** Loads a KEP's metadata, and its README when `readMarkdown` is given (KEPs under judgement). */
async function loadKep(snapshot, dir, config, readMarkdown) {
    const path = `${dir}/kep.yaml`;
    const template = config.templates.includes(dir);
    const readme = readMarkdown ? await readMarkdown(`${dir}/README.md`) : undefined;
    const base = { dir, path, template, ...(readme?.text !== undefined || readme?.problem ? { readme } : {}) };
    const bytes = await snapshot.readFile(path);
    const decoded = decodeText(bytes ?? new Uint8Array(), maxYamlBytes);
    if (!decoded.ok)
        return { ...base, textProblem: decoded.message, schemaProblems: [], clean: false };
    const source = readKepYaml(decoded.text);
    if (!source.result.ok)
        return { ...base, source, schemaProblems: [], clean: false };
    const tree = source.result.tree;
    // An empty document is kep/yaml's finding ("EOF"), as upstream reports it; there is nothing to validate.
    const schemaProblems = tree === undefined ? [] : validateTree(kepSchema, tree);
    return { ...base, source, ...(tree ? { tree } : {}), schemaProblems, clean: schemaProblems.length === 0 && tree !== undefined };
}
async function loadPrr(snapshot, path) {
    const bytes = await snapshot.readFile(path);
    if (bytes === undefined)
        return undefined;
    const parts = path.split("/");
    const identity = { path, sig: parts[2] ?? "", fileNumber: baseName(path).replace(/\.yaml$/, "") };
    const decoded = decodeText(bytes, maxYamlBytes);
    if (!decoded.ok)
        return { ...identity, textProblem: decoded.message, schemaProblems: [], clean: false };
    const read = readYaml(decoded.text);
    if (!read.ok)
        return { ...identity, read, schemaProblems: [], clean: false };
    const schemaProblems = validateTree(prrSchema, read.tree);
    return { ...identity, read, ...(read.tree ? { tree: read.tree } : {}), schemaProblems, clean: schemaProblems.length === 0 && read.tree !== undefined };
}
async function loadText(snapshot, path, maxBytes) {
    const bytes = await snapshot.readFile(path);
    if (bytes === undefined)
        return { path };
    const decoded = decodeText(bytes, maxBytes);
    return decoded.ok ? { path, text: decoded.text } : { path, problem: decoded.message };
}
export async function loadLists(base, config, remoteSnapshot) {
    const aliasesPath = "OWNERS_ALIASES";
    // `org/repo:path` names sigs.yaml in another repository, read through `remoteSnapshot` when there is one.
    const remote = /^[^/:]+\/[^/:]+:(.+)$/.exec(config.sigs);
    await base.prefetch?.([aliasesPath, config.tocExemptList, ...(remote ? [] : [config.sigs])]);
    const readSigs = async () => {
        if (!remote)
            return loadText(base, config.sigs, maxListBytes);
        const file = remoteSnapshot ? await loadText(remoteSnapshot, remote[1] ?? "", maxListBytes) : { path: config.sigs };
        return { ...file, path: config.sigs };
    };
    const [aliasesFile, sigsFile, exemptFile] = await Promise.all([
        loadText(base, aliasesPath, maxListBytes),
        readSigs(),
        loadText(base, config.tocExemptList, maxListBytes),
    ]);
    const ownersAliases = listState(aliasesFile, parseOwnersAliases);
    const prrApprovers = ownersAliases.state === "loaded" ? { ...ownersAliases, value: new Set(config.prrApproverAliases.flatMap((alias) => ownersAliases.value.get(alias) ?? [])) } : ownersAliases;
    const groups = listState(sigsFile, parseSigsYaml);
    const tocExempt = new Set((exemptFile.text ?? "").split(/\r?\n/).map((line) => line.trim()).filter((line) => line && !line.startsWith("#")));
    return { ownersAliases, prrApprovers, groups, tocExempt };
}
function listState(file, parse) {
    if (file.problem)
        return { state: "invalid", path: file.path, message: file.problem, line: 1 };
    if (file.text === undefined)
        return { state: "missing", path: file.path };
    const parsed = parse(file.text);
    return parsed.ok ? { state: "loaded", path: file.path, value: parsed.value } : { state: "invalid", path: file.path, ...parsed };
}
