import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import type { ChangeSet } from "../core/change-set.js";
import { configPath, defaultConfig, type Config } from "../core/config.js";
import { checkRepository } from "../core/evaluate.js";
import { narrowReport, type Report } from "../core/report.js";
import { allRules } from "../core/rules/index.js";
import type { Profile } from "../core/schemas/config.schema.js";
import type { RepoSnapshot } from "../core/snapshot.js";
import { DiskSnapshot } from "../io/disk-snapshot.js";
import { requireGitRepository, resolveCommit } from "../io/git.js";
import { changeSnapshots, withSigsFile } from "./change-snapshots.js";
import { checkTarget, inKepScope, kepFilesRead } from "./check-target.js";
import { renderJson } from "../render/json-report.js";
import { renderSarif } from "../render/sarif-report.js";
import { renderText } from "../render/text-report.js";
import { configFromText } from "./repo-config.js";
import { UsageError } from "./usage-error.js";

export interface CheckOptions {
  /** The repository root or one KEP's directory; undefined: the repository around the working directory. */
  readonly dir?: string;
  readonly base?: string;
  readonly head: string;
  readonly profile?: Profile;
  readonly format: "text" | "json" | "sarif";
  readonly config?: string;
  readonly now?: Date;
  /** Who made the change, for moves only the Enhancements team may make. */
  readonly author?: string;
  readonly approvedBy?: readonly string[];
  /** A file holding the pull request's description (an exception request answers its questionnaire there). */
  readonly prBody?: string;
  /** A sigs.yaml on disk to use instead of the repository's (kubernetes/enhancements keeps it in kubernetes/community). */
  readonly sigs?: string;
}

export interface Output {
  readonly cwd: string;
  readonly colour: boolean;
  readonly version: string;
  write(text: string): void;
  /** Notes for the person running the check (stderr), kept out of the machine-readable output. */
  note(text: string): void;
}

/** `kepbot check`: reads the repository, runs the rules, prints the report; returns the exit code. */
export async function runCheck(options: CheckOptions, output: Output): Promise<number> {
  const target = await checkTarget(output.cwd, options.dir);
  const dir = target.root;
  const snapshots = await snapshotsFor(dir, options);
  if (snapshots.unmerged) output.note(`kepbot: ${options.head} does not merge cleanly into ${options.base ?? ""}; judging ${options.head} as it is\n`);
  const config = withSigsPath(withProfile(await loadConfig(options.config, output.cwd, snapshots.base ?? snapshots.head), options.profile), options.sigs);
  const { head, base, change } = await sigsFromFile(snapshots, options.sigs, output.cwd, config.sigs);
  const pullRequest = options.author !== undefined || options.prBody !== undefined || options.approvedBy !== undefined
    ? { author: options.author ?? "", approvals: (options.approvedBy ?? []).map((login) => ({ login, changedSince: [] })), ...(options.prBody !== undefined ? { body: await readPrBody(options.prBody, output.cwd) } : {}) }
    : undefined;
  const whole = await checkRepository({ head, ...(base ? { base } : {}), ...(change ? { change } : {}), config, ...(pullRequest ? { pullRequest } : {}), ...(options.now ? { now: options.now } : {}) });
  // One KEP: the whole repository is judged (number-unique and the lists need it), and what concerns the KEP is reported.
  const kep = target.kep;
  const report = kep ? narrowReport(whole, (file) => inKepScope(kep, file), await kepFilesRead(dir, kep)) : whole;
  output.write(render(report, options.format, output, shownPaths(output.cwd, dir, options.dir)));
  return report.summary.errors > 0 ? 1 : 0;
}

interface Snapshots {
  readonly head: RepoSnapshot;
  readonly base?: RepoSnapshot;
  readonly change?: ChangeSet;
  readonly unmerged?: boolean;
}

/** The whole tree on disk, or what a pull request from --base to --head is judged on (see changeSnapshots). */
async function snapshotsFor(dir: string, options: CheckOptions): Promise<Snapshots> {
  if (options.base === undefined) {
    if (!(await isDirectory(path.join(dir, "keps")))) throw new UsageError(`${dir} is not an enhancements repository: it has no keps/ directory`);
    return { head: new DiskSnapshot(dir) };
  }
  // In order, so that the first problem is the one reported.
  await requireGitRepository(dir);
  const baseCommit = await resolveCommit(dir, options.base);
  const headCommit = await resolveCommit(dir, options.head);
  return changeSnapshots(dir, baseCommit, headCommit);
}

/** With --sigs, the SIG list is read from the repository path the config names (another repository's list is replaced). */
export function withSigsPath(config: Config, file: string | undefined): Config {
  return file !== undefined && config.sigs.includes(":") ? { ...config, sigs: "sigs.yaml" } : config;
}

/** Lays --sigs over wherever the lists are read from: the base, or the tree itself. */
async function sigsFromFile(snapshots: Snapshots, file: string | undefined, cwd: string, sigsPath: string): Promise<Snapshots> {
  if (snapshots.base) return { ...snapshots, base: await withSigsFile(snapshots.base, file, cwd, sigsPath) };
  return { ...snapshots, head: await withSigsFile(snapshots.head, file, cwd, sigsPath) };
}

/** The config: `--config FILE` from disk, else `.github/kepbot.yml` of the base revision, else defaults. */
export async function loadConfig(file: string | undefined, cwd: string, snapshot: RepoSnapshot): Promise<Config> {
  let text: string;
  let shownPath: string;
  if (file !== undefined) {
    shownPath = file;
    text = await readFile(path.resolve(cwd, file), "utf8").catch((error: NodeJS.ErrnoException) => {
      throw new UsageError(`cannot read config ${file}: ${error.code === "ENOENT" ? "no such file" : error.message}`);
    });
  } else {
    const bytes = await snapshot.readFile(configPath);
    if (bytes === undefined) return defaultConfig;
    shownPath = configPath;
    text = new TextDecoder().decode(bytes);
  }
  return configFromText(text, shownPath);
}

export function withProfile(config: Config, profile: Profile | undefined): Config {
  return profile ? { ...config, profile } : config;
}

/**
 * How text output names a file: relative to the working directory, so that `path:line:column` opens from
 * the terminal; absolute when an absolute DIR outside the working directory was given.
 */
function shownPaths(cwd: string, root: string, given: string | undefined): (file: string) => string {
  const inside = !path.relative(root, cwd).startsWith("..");
  return (file) => {
    const full = path.join(root, ...file.split("/"));
    return !inside && given !== undefined && path.isAbsolute(given) ? full : path.relative(cwd, full);
  };
}

function render(report: Report, format: CheckOptions["format"], output: Output, shownPath: (file: string) => string): string {
  switch (format) {
    case "json":
      return renderJson(report);
    case "sarif":
      return renderSarif(report, allRules, output.version);
    case "text":
      return renderText(report, output.colour, shownPath);
  }
}

async function readPrBody(file: string, cwd: string): Promise<string> {
  return readFile(path.resolve(cwd, file), "utf8").catch((error: NodeJS.ErrnoException) => {
    throw new UsageError(`cannot read --pr-body ${file}: ${error.code === "ENOENT" ? "no such file" : error.message}`);
  });
}

async function isDirectory(dir: string): Promise<boolean> {
  return stat(dir).then((stats) => stats.isDirectory(), () => false);
}
