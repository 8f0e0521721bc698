import { readFileSync } from "node:fs";
import { Command, CommanderError, InvalidArgumentError, Option } from "commander";
import { profiles, type Profile } from "../core/schemas/config.schema.js";
import { GitError } from "../io/git.js";
import { stages, statuses, type Stage } from "../core/schemas/kep.schema.js";
import type { ReceiptState } from "../core/schemas/receipt.schema.js";
import { parseKepNumber, parseLogins, parseRelease } from "./arguments.js";
// The commands are imported when they run: `check` does not load the GitHub client that
// `release close` needs (Probot, Octokit), nor the other commands' code. Start-up is part of every run.
import type { BoardOptions } from "./board.js";
import type { MoveCommand } from "./move-commands.js";
import type { QueryFormat, QueryOptions } from "./query.js";
import { UsageError } from "./usage-error.js";

export interface MainIo {
  readonly cwd: string;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly colour: boolean;
  /** The environment (GITHUB_TOKEN for commands that talk to GitHub); default process.env. */
  readonly env?: NodeJS.ProcessEnv;
}

const defaultIo: MainIo = {
  cwd: process.cwd(),
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  colour: Boolean(process.stdout.isTTY) && !process.env.NO_COLOR,
};

export function version(): string {
  const manifest = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };
  return manifest.version;
}

function parseCount(value: string): number {
  if (!/^[1-9][0-9]{0,5}$/.test(value)) throw new InvalidArgumentError("expected a positive number such as 600");
  return Number(value);
}

function parseNow(value: string): Date {
  const date = new Date(value);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(date.getTime())) throw new InvalidArgumentError("expected an ISO-8601 time such as 2026-02-12T00:00:00Z");
  return date;
}

const queryFormats: QueryFormat[] = ["table", "json", "yaml"];

/** Runs the CLI with `argv` (without node and script) and returns the exit status: 0 clean, 1 errors found, 2 could not run. */
export async function main(argv: readonly string[], io: MainIo = defaultIo): Promise<number> {
  let exitCode = 0;
  const program = new Command("kepbot")
    .description("Checks and edits a Kubernetes enhancements repository: KEP metadata, PRR approvals, READMEs and release receipts, the way kepbot checks pull requests")
    .version(version())
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });

  program
    .command("check")
    .description("check a whole tree, or what a pull request from --base to --head would be checked for")
    .argument("[dir]", "root of the enhancements repository, or one KEP's directory to check only that KEP (default: the repository around the working directory)")
    .option("--base <rev>", "judge the change base...head, reading files from git (DIR must be a git repository)")
    .option("--head <rev>", "the head revision with --base", "HEAD")
    .addOption(new Option("--profile <profile>", "upstream, default or strict (overrides the config)").choices(profiles))
    .addOption(new Option("--format <format>", "output format").choices(["text", "json", "sarif"]).default("text"))
    .option("--config <file>", "configuration file (default: .github/kepbot.yml of the base)")
    .option("--now <time>", "evaluation time, ISO-8601 (default: now)", parseNow)
    .option("--author <login>", "who opened the pull request (receipt moves reserved to the Enhancements team)")
    .option("--approved-by <logins>", "comma-separated logins that approved the pull request", (value: string) => value.split(",").map((login) => login.trim().replace(/^@/, "")).filter(Boolean))
    .option("--pr-body <file>", "the pull request's description (an exception request answers its questionnaire there)")
    .option("--sigs <file>", "a sigs.yaml on disk, instead of the repository's (kubernetes/enhancements reads kubernetes/community's)")
    .action(async (dir: string | undefined, options: { base?: string; head: string; profile?: Profile; format: "text" | "json" | "sarif"; config?: string; now?: Date; author?: string; approvedBy?: string[]; prBody?: string; sigs?: string }) => {
      if (options.base === undefined && options.head !== "HEAD") throw new UsageError("--head needs --base");
      const { runCheck } = await import("./check.js");
      exitCode = await runCheck({ ...(dir !== undefined ? { dir } : {}), ...options }, { cwd: io.cwd, colour: io.colour, version: version(), write: io.stdout, note: io.stderr });
    });

  program
    .command("history")
    .description("replay the newest merged pull requests of a branch and say what kepbot would have said on each (blocked or not, new versus already-present findings)")
    .argument("[dir]", "a git clone of the enhancements repository", ".")
    .option("--last <n>", "how many of the newest first-parent merges to replay", parseCount, 100)
    .option("--rev <rev>", "the branch or commit whose history is replayed", "HEAD")
    .addOption(new Option("--profile <profile>", "upstream, default or strict (overrides each base's config)").choices(profiles))
    .addOption(new Option("--format <format>", "output format").choices(["text", "json"]).default("text"))
    .option("--config <file>", "configuration file (default: .github/kepbot.yml of each pull request's base)")
    .option("--sigs <file>", "a sigs.yaml on disk, instead of the repository's (kubernetes/enhancements reads kubernetes/community's)")
    .action(async (dir: string, options: { last: number; rev: string; profile?: Profile; format: "text" | "json"; config?: string; sigs?: string }) => {
      const { runHistory } = await import("./history/run-history.js");
      exitCode = await runHistory({ dir, ...options }, { cwd: io.cwd, stdout: io.stdout });
    });

  // The receipt commands (KEP-2140's kepctl design): they edit the working tree of --dir; a pull request carries the edit.
  const dirOption = ["--dir <dir>", "root of the enhancements repository (default: the one around the working directory)"] as const;
  const release = program.command("release").description("manage releases/<vX.Y>/, and close a release on the issues");
  release
    .command("create")
    .description("create releases/<vX.Y>/OWNERS (the release's Enhancements team) and its five state directories")
    .argument("<release>", "the release, e.g. v1.37", parseRelease)
    .option("--owners <logins>", "comma-separated logins of the Enhancements team (default: the release-team-enhancements alias)", parseLogins)
    .option(...dirOption)
    .action(async (release: string, options: { owners?: readonly string[]; dir?: string }) => {
      const { runReleaseCreate } = await import("./release-create.js");
      exitCode = await runReleaseCreate({ release, ...options }, io);
    });
  release
    .command("close")
    .description("end a release on GitHub: remove lead-opted-in and tracked/* from every issue of the release's milestone, one comment each (GITHUB_TOKEN; GITHUB_API_URL for GitHub Enterprise)")
    .argument("<release>", "the release (its milestone's title), e.g. v1.37", parseRelease)
    .requiredOption("--repo <owner/name>", "the enhancements repository on GitHub")
    .action(async (name: string, options: { repo: string }) => {
      const { runReleaseClose } = await import("./release-close.js");
      exitCode = await runReleaseClose({ release: name, repo: options.repo }, { stdout: io.stdout, env: io.env ?? process.env });
    });

  program
    .command("create")
    .description("kepctl's create: a new provisional KEP from keps/NNNN-kep-template (kep.yaml, README.md) and, with --prr-approver, its PRR file; never overwrites")
    .argument("<kep>", "<sig>/<number>-<name>, e.g. sig-node/4242-sidecar-restarts")
    .requiredOption("--title <title>", "the KEP's title (also its README's heading)")
    .requiredOption("--authors <logins>", "comma-separated GitHub logins", parseLogins)
    .option("--participating-sigs <sigs>", "comma-separated SIGs", parseLogins)
    .option("--reviewers <logins>", "comma-separated GitHub logins (default: TBD)", parseLogins)
    .option("--approvers <logins>", "comma-separated GitHub logins (default: TBD)", parseLogins)
    .option("--prr-approver <login>", "the PRR approver for alpha: writes keps/prod-readiness/<sig>/<number>.yaml")
    .option(...dirOption)
    .option("--now <time>", "the creation date's time, ISO-8601 (default: now)", parseNow)
    .action(async (kep: string, options: { title: string; authors: readonly string[]; participatingSigs?: readonly string[]; reviewers?: readonly string[]; approvers?: readonly string[]; prrApprover?: string; dir?: string; now?: Date }) => {
      const { runCreate } = await import("./create-kep.js");
      exitCode = await runCreate({ kep, ...options }, io);
    });

  program
    .command("promote")
    .description("target a KEP at a stage in a release (kep.yaml) and propose it for tracking (releases/<vX.Y>/proposed/<N>.yaml)")
    .argument("<kep>", "the KEP's directory below keps/: <sig>/<NNNN-name>")
    .addOption(new Option("--stage <stage>", "the stage the KEP reaches in the release").choices(stages).makeOptionMandatory())
    .requiredOption("--release <release>", "the release, e.g. v1.37", parseRelease)
    .option(...dirOption)
    .option("--now <time>", "the time to judge freezes and last-updated by, ISO-8601 (default: now)", parseNow)
    .action(async (kep: string, options: { stage: Stage; release: string; dir?: string; now?: Date }) => {
      const { runPromote } = await import("./promote.js");
      exitCode = await runPromote({ kep, ...options }, io);
    });

  // `to` picks the command and target state from the options (accept --at-risk), or is fixed.
  const addMove = (parent: Command, name: string, description: string, to: (options: { atRisk?: boolean }) => readonly [MoveCommand, ReceiptState]) =>
    parent
      .command(name)
      .description(description)
      .argument("<kep-number>", "the KEP's number (0042 means 42)", parseKepNumber)
      .option("--release <release>", "the release, e.g. v1.37 (default: current-release of .github/kepbot.yml)", parseRelease)
      .option(...dirOption)
      .action(async (number: number, options: { release?: string; dir?: string; atRisk?: boolean }) => {
        const [command, target] = to(options);
        const { runMove } = await import("./move-receipt.js");
        exitCode = await runMove({ number, ...(options.dir !== undefined ? { dir: options.dir } : {}), command, to: target, ...(options.release ? { release: options.release } : {}) }, io);
      });
  addMove(program, "accept", "accept a proposed or at-risk KEP into the release (Enhancements team)", (options) => (options.atRisk ? ["accept --at-risk", "at-risk"] : ["accept", "accepted"])).option(
    "--at-risk",
    "mark it at risk instead (from proposed or accepted)",
  );
  addMove(program, "remove", "remove a proposed or at-risk KEP from the release (Enhancements team)", () => ["remove", "removed"]);
  const exception = program.command("exception").description("request and decide freeze exceptions");
  addMove(exception, "request", "request an exception for an at-risk or removed KEP; prints the questionnaire for the pull request's description", () => ["exception request", "exception"]);
  addMove(exception, "accept", "grant an exception: the KEP is at risk again (Enhancements team)", () => ["exception accept", "at-risk"]);
  addMove(exception, "deny", "deny an exception: the KEP is removed (Enhancements team)", () => ["exception deny", "removed"]);

  program
    .command("manifest")
    .description("the KEPs tracked for a release, per state")
    .argument("<release>", "the release, e.g. v1.37", parseRelease)
    .addOption(new Option("--format <format>", "output format").choices(["markdown", "json"]).default("markdown"))
    .option(...dirOption)
    .action(async (release: string, options: { format: "markdown" | "json"; dir?: string }) => {
      const { runManifest } = await import("./manifest.js");
      exitCode = await runManifest({ release, ...options }, io);
    });

  program
    .command("query")
    .description("list the KEPs that match every filter (exit 1 when none does)")
    .option("--sig <regex>", "regular expression matched against owning-sig (it must match a group of sigs.yaml)")
    .option("--status <status>", `exact status: ${statuses.join(", ")}`)
    .option("--stage <stage>", `exact stage: ${stages.join(", ")}, or none for KEPs without one`)
    .option("--prr <handle>", "PRR approver of the KEP's current stage (@ optional, any case)")
    .option("--author <handle>", "one of the KEP's authors (@ optional, any case)")
    .option("--approver <handle>", "one of the KEP's approvers (@ optional, any case)")
    .addOption(new Option("--output <format>", "output format (kepctl's name for --format)").choices(queryFormats))
    .addOption(new Option("--format <format>", "output format (default: table)").choices(queryFormats))
    .option(...dirOption)
    .action(async (options: Omit<QueryOptions, "format"> & { format?: QueryFormat; output?: QueryFormat }) => {
      const { output, format, ...filters } = options;
      if (output !== undefined && format !== undefined && output !== format) throw new UsageError(`--output ${output} and --format ${format} disagree; give one`);
      const { runQuery } = await import("./query.js");
      exitCode = await runQuery({ ...filters, format: output ?? format ?? "table" }, io);
    });

  program
    .command("board")
    .description("the release board: every enhancement issue tracked for a release (lead-opted-in and the release milestone), its KEP judged against the enhancements-freeze criteria")
    .argument("[dir]", "root of the enhancements repository (the default branch checked out; default: the one around the working directory)")
    .requiredOption("--release <release>", "the release, e.g. v1.37 (current-release or one with a calendar in .github/kepbot.yml)", parseRelease)
    .option("--issues <file>", "the issues as `gh issue list --state all --limit 3000 --json number,title,labels,milestone,state` prints them")
    .option("--github <owner/name>", "read the release milestone's opted-in issues from GitHub instead (GITHUB_TOKEN; GITHUB_API_URL for GitHub Enterprise)")
    .addOption(new Option("--format <format>", "output format").choices(["html", "json", "text"]).default("text"))
    .option("--now <time>", "evaluation time, ISO-8601 (default: now)", parseNow)
    .option("--config <file>", "configuration file (default: .github/kepbot.yml of DIR)")
    .option("--sig <sig>", "only this owning SIG (e.g. sig-node)")
    .option("--stage <stage>", "only this stage")
    .addOption(new Option("--verdict <verdict>", "only this verdict").choices(["ready", "at-risk", "missed"]))
    .option("--prr <handle>", "only this PRR approver (none: KEPs without one)")
    .option("--repository <url>", "the repository's web address, for links", "https://github.com/kubernetes/enhancements")
    .option("--ref <branch>", "the branch links point at", "master")
    .action(async (dir: string | undefined, options: Omit<BoardOptions, "dir">) => {
      const { runBoard } = await import("./board.js");
      exitCode = await runBoard({ ...(dir !== undefined ? { dir } : {}), ...options }, { ...io, env: io.env ?? process.env });
    });

  try {
    await program.parseAsync([...argv], { from: "user" });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    if (error instanceof UsageError || error instanceof GitError) {
      io.stderr(`kepbot: ${error.message}\n`);
      return 2;
    }
    io.stderr(`kepbot: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return 2;
  }
}
