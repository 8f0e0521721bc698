import { readFileSync } from "node:fs";
import { Command, CommanderError, InvalidArgumentError, Option } from "commander";
import { profiles, type Profile } from "../core/schemas/config.schema.js";
import { GitError } from "../io/git.js";
import { runCheck } from "./check.js";
import { UsageError } from "./usage-error.js";

export interface MainIo {
  readonly cwd: string;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly colour: boolean;
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

function parseNow(value: string): Date {
  const date = new Date(value);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(date.getTime())) throw new InvalidArgumentError("expected an ISO-8601 time such as 2026-02-12T00:00:00Z");
  return date;
}

/** Runs the CLI with `argv` (without node and script) and returns the exit status: 0 clean, 1 errors found, 2 could not run. */
export async function main(argv: readonly string[], io: MainIo = defaultIo): Promise<number> {
  let exitCode = 0;
  const program = new Command("kepbot")
    .description("Checks a Kubernetes enhancements repository the way kepbot checks pull requests")
    .version(version())
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });

  program
    .command("check")
    .description("check a whole tree, or what a pull request from --base to --head would be checked for")
    .argument("[dir]", "root of the enhancements repository", ".")
    .option("--base <rev>", "judge the change base...head, reading files from git (DIR must be a git repository)")
    .option("--head <rev>", "the head revision with --base", "HEAD")
    .addOption(new Option("--profile <profile>", "upstream, default or strict (overrides the config)").choices(profiles))
    .addOption(new Option("--format <format>", "output format").choices(["text", "json", "sarif"]).default("text"))
    .option("--config <file>", "configuration file (default: .github/kepbot.yml of the base)")
    .option("--now <time>", "evaluation time, ISO-8601 (default: now)", parseNow)
    .option("--author <login>", "who opened the pull request (receipt moves reserved to the Enhancements team)")
    .option("--approved-by <logins>", "comma-separated logins that approved the pull request", (value: string) => value.split(",").map((login) => login.trim().replace(/^@/, "")).filter(Boolean))
    .option("--pr-body <file>", "the pull request's description (an exception request answers its questionnaire there)")
    .action(async (dir: string, options: { base?: string; head: string; profile?: Profile; format: "text" | "json" | "sarif"; config?: string; now?: Date; author?: string; approvedBy?: string[]; prBody?: string }) => {
      if (options.base === undefined && options.head !== "HEAD") throw new UsageError("--head needs --base");
      exitCode = await runCheck({ dir, ...options }, { cwd: io.cwd, colour: io.colour, version: version(), write: io.stdout });
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
