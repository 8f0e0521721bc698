import type { ChangeSet } from "../change-set.js";
import { touchedPaths } from "../change-set.js";
import { configPath, parseConfig, type Config } from "../config.js";
import { parseOwnersAliases } from "../lists/owners-aliases.js";
import { rememberingRecentTexts } from "../lists/recent-texts.js";
import { parseSigsYaml, type Groups } from "../lists/sigs.js";
import { readKepYaml } from "../parse/kep-yaml.js";
import { decodeText } from "../parse/text.js";
import { validateTree } from "../parse/validate.js";
import { readYaml } from "../parse/yaml-tree.js";
import { kepSchema } from "../schemas/kep.schema.js";
import { prrSchema } from "../schemas/prr.schema.js";
import { unlimitedBudget, type WorkBudget } from "../budget.js";
import { compareBytes, type RepoSnapshot } from "../snapshot.js";
import { baseName, dirName, discover, isPrrFile, templateReadmePath } from "./discover.js";
import { field, numericKepNumber, prrPathOf } from "./kep-fields.js";
import type { Kep, ListState, Lists, PrrFile, PullRequestFacts, ReceiptFile, RepoModel, TextFile } from "./model.js";
import { detectMoves } from "../receipts/moves.js";
import { ownersMembers } from "../receipts/owners.js";
import { isMisplacedReceipt, receiptLocation, releaseOwnersPath, releasesRoot } from "../receipts/paths.js";
import { receiptSchema } from "../schemas/receipt.schema.js";

/**
 * Extensions of files that misspell skips as binary without reading them (images, archives, documents);
 * anything else is read, and text that does not decode as UTF-8 is skipped by the spelling rule.
 */
const binaryExtensions = /\.(png|jpe?g|gif|bmp|ico|webp|tiff?|pdf|zip|gz|tgz|bz2|xz|tar|jar|exe|so|dylib|dll|woff2?|ttf|otf|eot|mp[34]|mov|avi)$/i;

/** Whether the spelling check reads this file: not `*.yaml` (upstream's pathspec) and not binary by name. */
export function isSpellingCandidate(path: string): boolean {
  return !path.endsWith(".yaml") && !binaryExtensions.test(path);
}

/** Size limits per kind of file: metadata is small; READMEs of real KEPs reach a few hundred KiB. */
export const maxYamlBytes = 1 << 20;
export const maxMarkdownBytes = 8 << 20;
const maxListBytes = 8 << 20;

export interface LoadInput {
  /** The revision under judgement (a PR's head, or the working tree). */
  readonly head: RepoSnapshot;
  /** Where trusted lists come from (a PR's base); the head itself when judging a whole tree. */
  readonly base?: RepoSnapshot;
  /** The change under judgement; undefined judges the whole tree. */
  readonly change?: ChangeSet;
  readonly config: Config;
  readonly pullRequest?: PullRequestFacts;
  /** Where a sigs.yaml configured as `org/repo:path` is read from (the app reads the other repository). */
  readonly remoteSigs?: RepoSnapshot;
  /** The evaluation time (freeze dates); defaults to the clock. */
  readonly now?: Date;
  /** The judgement's work budget: each file's parse is charged to it, with a pause before each (default: unlimited). */
  readonly budget?: WorkBudget;
}

/** Reads what the rules need from the snapshots, in as few batched reads as the snapshots allow. */
export async function loadRepository(input: LoadInput): Promise<RepoModel> {
  const { head, config } = input;
  const base = input.base ?? head;
  const budget = input.budget ?? unlimitedBudget;
  const [files, releaseFiles, lists] = await Promise.all([head.listFiles("keps"), head.listFiles(releasesRoot), loadLists(base, config, input.remoteSigs)]);
  const found = discover(files);
  const touched = input.change ? touchedPaths(input.change) : undefined;
  const isTouched = (path: string): boolean => touched === undefined || touched.has(path);
  const dirTouched = (dir: string): boolean => touched === undefined || [...touched].some((path) => path.startsWith(`${dir}/`));

  const prrPaths = found.prrFiles.filter(isTouched);
  let kepDirs = found.kepDirs.filter(dirTouched);
  // A changed PRR file puts its KEP under judgement too; find it by the number in the directory name.
  // A PRR path the change touches counts even where this revision has no such file (the base of a
  // change that adds it), so that the base judges the same KEPs as the head.
  const numberedDirs = indexDirsByNumber(found.kepDirs);
  const contextDirs = new Set<string>();
  for (const path of touched ? [...touched].filter(isPrrFile) : prrPaths) {
    const number = numericKepNumber(baseName(path).replace(/\.yaml$/, ""));
    for (const dir of number === undefined ? [] : (numberedDirs.get(number) ?? [])) contextDirs.add(dir);
  }
  kepDirs = [...new Set([...kepDirs, ...contextDirs])].sort(compareBytes);
  // Receipts under judgement, and their KEPs as context (read, not judged: a receipt PR is not about the KEP's old defects).
  const receiptPaths = releaseFiles.filter((path) => receiptLocation(path) !== undefined);
  const judgedReceipts = receiptPaths.filter(isTouched);
  const receiptKepDirs = [...new Set(judgedReceipts.flatMap((path) => numberedDirs.get(receiptLocation(path)?.number ?? -1) ?? []))].filter((dir) => !kepDirs.includes(dir));
  const markdownPaths = found.markdownFiles.filter((path) => isTouched(path) && !lists.tocExempt.has(path));
  const readmes = found.readmesWithoutMetadata.filter((path) => isTouched(path) || isTouched(`${dirName(path)}/kep.yaml`));
  const spellingPaths = files.filter((path) => isTouched(path) && isSpellingCandidate(path));
  const listed = new Set(files);

  const ownersPaths = kepDirs.map((dir) => `${dir}/OWNERS`).filter((path) => listed.has(path));
  // The template README is read only for readme/toc-vs-template, which judges the READMEs a change touches.
  const wantsTemplate = touched !== undefined && listed.has(templateReadmePath) && kepDirs.some((dir) => touched.has(`${dir}/README.md`));
  await head.prefetch?.([
    ...kepDirs.flatMap((dir) => [`${dir}/kep.yaml`, `${dir}/README.md`]),
    ...ownersPaths,
    ...prrPaths,
    ...markdownPaths,
    ...spellingPaths,
    ...(wantsTemplate ? [templateReadmePath] : []),
  ]);
  // A KEP's README is read once, for the README rules, the TOC check and the spelling check alike.
  const texts = new Map<string, Promise<TextFile>>();
  const readMarkdown = (path: string): Promise<TextFile> => {
    let text = texts.get(path);
    if (!text) texts.set(path, (text = loadText(head, path, maxMarkdownBytes)));
    return text;
  };
  const ownersOf = (dir: string): Promise<TextFile> | undefined => (listed.has(`${dir}/OWNERS`) ? loadText(head, `${dir}/OWNERS`, maxYamlBytes) : undefined);
  const keps = await Promise.all(kepDirs.map((dir) => loadKep(head, dir, config, budget, readMarkdown, ownersOf)));
  await head.prefetch?.([...receiptKepDirs.flatMap((dir) => [`${dir}/kep.yaml`, `${dir}/README.md`]), ...judgedReceipts]);
  const receiptKeps = await Promise.all(receiptKepDirs.map((dir) => loadKep(head, dir, config, budget, readMarkdown)));
  const receipts = (await Promise.all(judgedReceipts.map((path) => loadReceipt(head, path, budget)))).flatMap((receipt) => receipt ?? []);
  const markdown = await Promise.all(markdownPaths.map(readMarkdown));
  const spellingFiles = await Promise.all(spellingPaths.map(readMarkdown));
  const templateReadme = wantsTemplate ? await readMarkdown(templateReadmePath) : undefined;

  // Some PRR files that a changed PRR file names may belong to no KEP found by directory name
  // (directories and numbers disagree in the real tree); then the whole index is loaded to be sure.
  const loaded = new Map([...keps, ...receiptKeps].map((kep) => [kep.dir, kep]));
  // Other KEPs that may hold the same kep-number as a judged one (kep/number-unique): those whose directory says so.
  const namesakes = keps
    .flatMap((kep) => numberedDirs.get(numericKepNumber(field(kep, "kep-number")) ?? -1) ?? [])
    .filter((dir) => !loaded.has(dir));
  await head.prefetch?.(namesakes.map((dir) => `${dir}/kep.yaml`));
  for (const kep of await Promise.all([...new Set(namesakes)].map((dir) => loadKep(head, dir, config, budget)))) loaded.set(kep.dir, kep);
  const needsFullIndex =
    input.change === undefined ||
    prrPaths.some((path) => !hasCandidate(path, numberedDirs)) ||
    receipts.some((receipt) => (numberedDirs.get(receipt.number)?.length ?? 0) === 0);
  if (needsFullIndex) {
    const rest = found.kepDirs.filter((dir) => !loaded.has(dir));
    await head.prefetch?.(rest.map((dir) => `${dir}/kep.yaml`));
    for (const kep of await Promise.all(rest.map((dir) => loadKep(head, dir, config, budget)))) loaded.set(kep.dir, kep);
  }

  const wantedPrr = new Set(prrPaths);
  for (const kep of [...keps, ...receiptKeps]) {
    const path = prrPathOf(kep);
    if (path) wantedPrr.add(path);
  }
  await head.prefetch?.([...wantedPrr]);
  // Read side by side (one after the other, 450 PRR files of the real tree wait on 450 reads in turn); the map keeps their order.
  const prrFiles = new Map<string, PrrFile>();
  const loadedPrr = await Promise.all([...wantedPrr].map((path) => loadPrr(head, path, budget)));
  [...wantedPrr].forEach((path, index) => {
    const prr = loadedPrr[index];
    if (prr) prrFiles.set(path, prr);
  });

  // The base side of PRR files this change touches: approval depends on what the change did to them.
  const basePrrFiles = new Map<string, PrrFile>();
  if (input.change && input.base) {
    const changedPrr = [...wantedPrr].filter((path) => isTouched(path));
    await input.base.prefetch?.(changedPrr);
    for (const path of changedPrr) {
      const prr = await loadPrr(input.base, path, budget);
      if (prr) basePrrFiles.set(path, prr);
    }
  }

  const moves = input.change ? detectMoves(input.change) : [];
  const receiptEdits = (input.change?.files ?? []).filter((file) => file.status === "modified" && receiptLocation(file.path)).map((file) => file.path);
  const teams = await loadEnhancementsTeams(base, [...new Set([...moves, ...receiptEdits.flatMap((path) => receiptLocation(path) ?? [])].map((entry) => entry.release))], lists);

  const byNumber = new Map<number, Kep[]>();
  for (const kep of loaded.values()) {
    const number = numericKepNumber(field(kep, "kep-number"));
    if (number !== undefined) byNumber.set(number, [...(byNumber.get(number) ?? []), kep]);
  }
  return {
    config,
    lists,
    discoveredKeps: found.kepDirs.length,
    keps,
    prrFiles: prrPaths.flatMap((path) => prrFiles.get(path) ?? []),
    markdown,
    spellingFiles,
    ...(templateReadme ? { templateReadme } : {}),
    readmesWithoutMetadata: readmes,
    prrFile: (path) => prrFiles.get(path),
    kepsNumbered: (number) => byNumber.get(number) ?? [],
    allKepsLoaded: needsFullIndex,
    ...(input.pullRequest ? { pullRequest: input.pullRequest } : {}),
    basePrrFile: (path) => basePrrFiles.get(path),
    ...(touched ? { touched } : {}),
    receipts,
    receiptPaths,
    misplacedReceipts: releaseFiles.filter((path) => isTouched(path) && isMisplacedReceipt(path)),
    releasesWithOwners: new Set(releaseFiles.flatMap((path) => /^releases\/([^/]+)\/OWNERS$/.exec(path)?.[1] ?? [])),
    moves,
    receiptEdits,
    enhancementsTeam: (release) => teams.get(release),
    now: input.now ?? new Date(),
    proposedConfigProblems: touched?.has(configPath) ? await proposedConfigProblems(head) : [],
  };
}

/** The problems of the config file on the head, which a change proposes (none when the change deletes it). */
async function proposedConfigProblems(head: RepoSnapshot): Promise<readonly { readonly message: string; readonly line: number }[]> {
  const file = await loadText(head, configPath, maxYamlBytes);
  if (file.problem) return [{ message: file.problem, line: 1 }];
  if (file.text === undefined) return [];
  const parsed = parseConfig(file.text);
  return parsed.ok ? [] : parsed.problems;
}

/** Each release's Enhancements team, from `releases/<release>/OWNERS` on the base: a PR cannot add its author to it. */
async function loadEnhancementsTeams(base: RepoSnapshot, releases: readonly string[], lists: Lists): Promise<ReadonlyMap<string, ReadonlySet<string>>> {
  await base.prefetch?.(releases.map(releaseOwnersPath));
  const aliases = lists.ownersAliases.state === "loaded" ? lists.ownersAliases.value : undefined;
  const teams = new Map<string, ReadonlySet<string>>();
  for (const release of releases) {
    const file = await loadText(base, releaseOwnersPath(release), maxYamlBytes);
    const members = file.text !== undefined ? ownersMembers(file.text, aliases) : undefined;
    if (members) teams.set(release, members);
  }
  return teams;
}

async function loadReceipt(snapshot: RepoSnapshot, path: string, budget: WorkBudget): Promise<ReceiptFile | undefined> {
  const location = receiptLocation(path);
  const bytes = await snapshot.readFile(path);
  if (!location || bytes === undefined) return undefined;
  await budget.pause();
  return budget.spend(() => parseReceipt(location, path, bytes));
}

function parseReceipt(location: NonNullable<ReturnType<typeof receiptLocation>>, path: string, bytes: Uint8Array): ReceiptFile {
  const decoded = decodeText(bytes, maxYamlBytes);
  if (!decoded.ok) return { ...location, path, textProblem: decoded.message, schemaProblems: [], clean: false };
  const read = readYaml(decoded.text);
  if (!read.ok) return { ...location, path, read, schemaProblems: [], clean: false };
  const schemaProblems = read.tree === undefined ? [] : validateTree(receiptSchema, read.tree);
  return { ...location, path, read, ...(read.tree ? { tree: read.tree } : {}), schemaProblems, clean: schemaProblems.length === 0 && read.tree !== undefined };
}

function indexDirsByNumber(dirs: readonly string[]): Map<number, string[]> {
  const index = new Map<number, string[]>();
  for (const dir of dirs) {
    const match = /^([0-9]+)-/.exec(baseName(dir));
    if (!match) continue;
    const number = Number(match[1]);
    index.set(number, [...(index.get(number) ?? []), dir]);
  }
  return index;
}

function hasCandidate(prrPath: string, numberedDirs: ReadonlyMap<number, readonly string[]>): boolean {
  const number = numericKepNumber(baseName(prrPath).replace(/\.yaml$/, ""));
  return number !== undefined && (numberedDirs.get(number)?.length ?? 0) > 0;
}

/**
 * Loads a KEP's metadata, and its README when `readMarkdown` is given and its OWNERS file when
 * `ownersOf` finds one (KEPs under judgement).
 */
async function loadKep(
  snapshot: RepoSnapshot,
  dir: string,
  config: Config,
  budget: WorkBudget,
  readMarkdown?: (path: string) => Promise<TextFile>,
  ownersOf?: (dir: string) => Promise<TextFile> | undefined,
): Promise<Kep> {
  const path = `${dir}/kep.yaml`;
  const template = config.templates.includes(dir);
  const readme = readMarkdown ? await readMarkdown(`${dir}/README.md`) : undefined;
  const owners = await ownersOf?.(dir);
  const base = {
    dir,
    path,
    template,
    ...(readme?.text !== undefined || readme?.problem ? { readme } : {}),
    ...(owners?.text !== undefined || owners?.problem ? { owners } : {}),
  };
  const bytes = await snapshot.readFile(path);
  // Files are loaded side by side: the pause lets each parse run on its own turn of the event loop.
  await budget.pause();
  return budget.spend(() => parseKep(base, bytes));
}

function parseKep(base: Pick<Kep, "dir" | "path" | "template" | "readme" | "owners">, bytes: Uint8Array | undefined): Kep {
  const decoded = decodeText(bytes ?? new Uint8Array(), maxYamlBytes);
  if (!decoded.ok) return { ...base, textProblem: decoded.message, schemaProblems: [], clean: false };
  return { ...base, ...parseKepText(decoded.text) };
}

/**
 * What a kep.yaml text says, whatever its path. Remembered for the texts seen last (about 2 MB of them): every
 * event on a pull request, and every push that leaves the KEP's metadata as it was, reads the same texts again.
 */
const parseKepText = rememberingRecentTexts((text: string): Pick<Kep, "source" | "tree" | "schemaProblems" | "clean"> => {
  const source = readKepYaml(text);
  if (!source.result.ok) return { source, schemaProblems: [], clean: false };
  const tree = source.result.tree;
  // An empty document is kep/yaml's finding ("EOF"), as upstream reports it; there is nothing to validate.
  const schemaProblems = tree === undefined ? [] : validateTree(kepSchema, tree);
  return { source, ...(tree ? { tree } : {}), schemaProblems, clean: schemaProblems.length === 0 && tree !== undefined };
}, 1_000, 1 << 20);

async function loadPrr(snapshot: RepoSnapshot, path: string, budget: WorkBudget): Promise<PrrFile | undefined> {
  const bytes = await snapshot.readFile(path);
  if (bytes === undefined) return undefined;
  await budget.pause();
  return budget.spend(() => parsePrr(path, bytes));
}

function parsePrr(path: string, bytes: Uint8Array): PrrFile {
  const parts = path.split("/");
  const identity = { path, sig: parts[2] ?? "", fileNumber: baseName(path).replace(/\.yaml$/, "") };
  const decoded = decodeText(bytes, maxYamlBytes);
  if (!decoded.ok) return { ...identity, textProblem: decoded.message, schemaProblems: [], clean: false };
  return { ...identity, ...parsePrrText(decoded.text) };
}

/** What a PRR file's text says, whatever its path; remembered as kep.yaml texts are. */
const parsePrrText = rememberingRecentTexts((text: string): Pick<PrrFile, "read" | "tree" | "schemaProblems" | "clean"> => {
  const read = readYaml(text);
  if (!read.ok) return { read, schemaProblems: [], clean: false };
  const schemaProblems = validateTree(prrSchema, read.tree);
  return { read, ...(read.tree ? { tree: read.tree } : {}), schemaProblems, clean: schemaProblems.length === 0 && read.tree !== undefined };
}, 1_000, 1 << 20);

async function loadText(snapshot: RepoSnapshot, path: string, maxBytes: number): Promise<TextFile> {
  const bytes = await snapshot.readFile(path);
  if (bytes === undefined) return { path };
  const decoded = decodeText(bytes, maxBytes);
  return decoded.ok ? { path, text: decoded.text } : { path, problem: decoded.message };
}

export async function loadLists(base: RepoSnapshot, config: Config, remoteSnapshot: RepoSnapshot | undefined): Promise<Lists> {
  const aliasesPath = "OWNERS_ALIASES";
  // `org/repo:path` names sigs.yaml in another repository, read through `remoteSnapshot` when there is one.
  const remote = /^[^/:]+\/[^/:]+:(.+)$/.exec(config.sigs);
  await base.prefetch?.([aliasesPath, config.tocExemptList, ...(remote ? [] : [config.sigs])]);
  const readSigs = async (): Promise<TextFile> => {
    if (!remote) return loadText(base, config.sigs, maxListBytes);
    const file = remoteSnapshot ? await loadText(remoteSnapshot, remote[1] ?? "", maxListBytes) : { path: config.sigs };
    return { ...file, path: config.sigs };
  };
  const [aliasesFile, sigsFile, exemptFile] = await Promise.all([
    loadText(base, aliasesPath, maxListBytes),
    readSigs(),
    loadText(base, config.tocExemptList, maxListBytes),
  ]);
  const ownersAliases = listState(aliasesFile, parseOwnersAliases);
  const prrApprovers: ListState<ReadonlySet<string>> =
    ownersAliases.state === "loaded" ? { ...ownersAliases, value: new Set(config.prrApproverAliases.flatMap((alias) => ownersAliases.value.get(alias) ?? [])) } : ownersAliases;
  const groups = listState<Groups>(sigsFile, parseSigsYaml);
  const tocExempt = new Set((exemptFile.text ?? "").split(/\r?\n/).map((line) => line.trim()).filter((line) => line && !line.startsWith("#")));
  return { ownersAliases, prrApprovers, groups, tocExempt };
}

function listState<T>(
  file: TextFile,
  parse: (text: string) => { ok: true; value: T } | { ok: false; message: string; line: number },
): ListState<T> {
  if (file.problem) return { state: "invalid", path: file.path, message: file.problem, line: 1 };
  if (file.text === undefined) return { state: "missing", path: file.path };
  const parsed = parse(file.text);
  return parsed.ok ? { state: "loaded", path: file.path, value: parsed.value } : { state: "invalid", path: file.path, ...parsed };
}
