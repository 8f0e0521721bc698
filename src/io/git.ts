import { execFile, spawn } from "node:child_process";
import { promisify } from "node:util";

const execFileAsync = promisify(execFile);

/** Something went wrong talking to git; the message is fit for a user. */
export class GitError extends Error {}

/** Runs git in `cwd` and returns its stdout as a Buffer. */
export async function git(cwd: string, args: readonly string[]): Promise<Buffer> {
  try {
    const { stdout } = await execFileAsync("git", [...args], { cwd, encoding: "buffer", maxBuffer: 1 << 30 });
    return stdout;
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString().trim();
    throw new GitError(`git ${args[0] ?? ""} failed in ${cwd}: ${stderr || (error as Error).message}`);
  }
}

/** Feeds `input` to a git command's stdin and collects its stdout (used for `cat-file --batch`). */
export function gitWithInput(cwd: string, args: readonly string[], input: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn("git", [...args], { cwd, stdio: ["pipe", "pipe", "pipe"] });
    const chunks: Buffer[] = [];
    const errors: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => chunks.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => errors.push(chunk));
    child.on("error", (error) => reject(new GitError(`could not run git: ${error.message}`)));
    child.on("close", (code) => {
      if (code === 0) resolve(Buffer.concat(chunks));
      else reject(new GitError(`git ${args[0] ?? ""} failed: ${Buffer.concat(errors).toString().trim()}`));
    });
    child.stdin.end(input);
  });
}

/** Fails with a GitError unless `cwd` is inside a git repository. */
export async function requireGitRepository(cwd: string): Promise<void> {
  await git(cwd, ["rev-parse", "--git-dir"]).catch(() => {
    throw new GitError(`${cwd} is not a git repository (--base judges a change between two commits)`);
  });
}

/** The commit a revision names, or a GitError saying it does not exist. */
export async function resolveCommit(cwd: string, revision: string): Promise<string> {
  const out = await git(cwd, ["rev-parse", "--verify", "--quiet", "--end-of-options", `${revision}^{commit}`]).catch(() => {
    throw new GitError(`${revision} is not a commit in ${cwd}`);
  });
  return out.toString().trim();
}

/**
 * The tree that merging `head` into `base` would produce, as CI tests a pull request (Prow checks the
 * pull request merged into its base branch), or undefined when the two conflict or this git cannot
 * merge without a work tree (`git merge-tree --write-tree` needs git 2.38).
 */
export async function mergedTree(cwd: string, base: string, head: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile("git", ["merge-tree", "--write-tree", "--no-messages", base, head], { cwd, encoding: "utf8" }, (error, stdout) => {
      const tree = stdout.split("\n")[0]?.trim() ?? "";
      resolve(!error && /^[0-9a-f]{40,64}$/.test(tree) ? tree : undefined);
    });
  });
}
