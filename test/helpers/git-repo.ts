import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

const identity = ["-c", "user.name=kepbot test", "-c", "user.email=test@kepbot.invalid", "-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false"];

/** A throwaway git repository for `--base/--head` tests; needs no global git identity. */
export class TempGitRepo {
  readonly dir = mkdtempSync(path.join(tmpdir(), "kepbot-git-"));

  constructor() {
    this.git("init", "-q");
  }

  git(...args: string[]): string {
    return execFileSync("git", [...identity, ...args], { cwd: this.dir, encoding: "utf8" }).trim();
  }

  /** Runs git with its author and committer time set to `date` (ISO-8601). */
  gitAt(date: string, ...args: string[]): string {
    const env = { ...process.env, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date };
    return execFileSync("git", [...identity, ...args], { cwd: this.dir, encoding: "utf8", env }).trim();
  }

  write(files: Record<string, string | null>): void {
    for (const [file, content] of Object.entries(files)) {
      const full = path.join(this.dir, file);
      if (content === null) rmSync(full, { force: true });
      else {
        mkdirSync(path.dirname(full), { recursive: true });
        writeFileSync(full, content);
      }
    }
  }

  /** Writes the files, commits everything, and returns the commit id. */
  commit(message: string, files: Record<string, string | null> = {}): string {
    this.write(files);
    this.git("add", "-A");
    this.git("commit", "-q", "--allow-empty", "-m", message);
    return this.git("rev-parse", "HEAD");
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
