import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { privateKey } from "../helpers/probot.js";

const repoRoot = path.resolve(process.cwd());

/** node's flags of `npm start` (the image's CMD is kept alike by test/deploy.test.ts): the app runs with them here too. */
export function startNodeFlags(): string[] {
  const start = (JSON.parse(readFileSync(path.join(repoRoot, "package.json"), "utf8")) as { scripts: { start: string } }).scripts.start.split(/\s+/);
  if (start[0] !== "node" || start.at(-1) !== "dist/app/main.js") throw new Error(`npm start is no longer "node [flags] dist/app/main.js": ${start.join(" ")}`);
  return start.slice(1, -1);
}

/** A free loopback port (asked of the OS, then released). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** The built app (`dist/`), started as `probot run` in its own process, as an operator would. */
export class AppProcess {
  private output = "";

  private constructor(
    readonly url: string,
    private readonly child: ChildProcess,
  ) {
    child.stdout?.on("data", (chunk: Buffer) => void (this.output += chunk.toString()));
    child.stderr?.on("data", (chunk: Buffer) => void (this.output += chunk.toString()));
  }

  /** `nodeArgs` go before the script (e.g. `--cpu-prof`, which Node refuses in NODE_OPTIONS). */
  static async start(env: Record<string, string>, nodeArgs: readonly string[] = []): Promise<AppProcess> {
    const port = await freePort();
    // A scratch working directory: `probot run` would read a developer's .env from the cwd.
    const cwd = mkdtempSync(path.join(tmpdir(), "kepbot-e2e-"));
    const child = spawn(process.execPath, [...startNodeFlags(), ...nodeArgs, path.join(repoRoot, "dist/app/main.js")], {
      cwd,
      env: { PATH: process.env.PATH ?? "", APP_ID: "424242", PRIVATE_KEY: privateKey, HOST: "127.0.0.1", PORT: String(port), LOG_LEVEL: "warn", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const app = new AppProcess(`http://127.0.0.1:${port}`, child);
    await app.waitUntilReady();
    return app;
  }

  private async waitUntilReady(): Promise<void> {
    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline) {
      if (this.child.exitCode !== null) throw new Error(`kepbot exited with ${this.child.exitCode}:\n${this.output}`);
      const ok = await fetch(`${this.url}/ping`).then((response) => response.ok, () => false);
      if (ok) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`kepbot did not answer /ping within 15 s:\n${this.output}`);
  }

  get logs(): string {
    return this.output;
  }

  /** The exit code once the process has ended (null while it runs). */
  get exitCode(): number | null {
    return this.child.exitCode;
  }

  /** The server's process id (for reading its memory in /proc). */
  get pid(): number {
    return this.child.pid ?? 0;
  }

  /** The server's resident memory now and its peak so far, in bytes (Linux: /proc/PID/status). */
  memory(): { rss: number; peak: number } {
    const status = readFileSync(`/proc/${this.pid}/status`, "utf8");
    const kib = (field: string): number => Number(new RegExp(`^${field}:\\s+([0-9]+) kB`, "m").exec(status)?.[1] ?? NaN) * 1024;
    return { rss: kib("VmRSS"), peak: kib("VmHWM") };
  }

  /**
   * Resolves once every delivery this process queued has been worked on (done, failed for good or superseded),
   * read from its /metrics: the webhook answers when a delivery is queued, before its handling.
   */
  async idle(timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    const sum = (text: string, pattern: RegExp) => [...text.matchAll(pattern)].reduce((total, match) => total + Number(match[1]), 0);
    for (;;) {
      const text = await (await fetch(`${this.url}/metrics`)).text();
      const enqueued = sum(text, /^kepbot_jobs_enqueued_total\{[^}]*\} (\d+)/gm);
      const finished = sum(text, /^kepbot_jobs_total\{[^}]*outcome="(?:done|failed|superseded)"[^}]*\} (\d+)/gm);
      if (finished >= enqueued) return;
      if (Date.now() > deadline) throw new Error(`kepbot still had ${enqueued - finished} queued deliveries after ${timeoutMs} ms:\n${this.output.slice(-4000)}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  /** Ends the process at once, as the OOM killer does (SIGKILL: no handler runs, nothing is finished). */
  async kill(signal: NodeJS.Signals = "SIGKILL"): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise((resolve) => this.child.once("exit", resolve));
    this.child.kill(signal);
    await exited;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise((resolve) => this.child.once("exit", resolve));
    this.child.kill("SIGTERM");
    await exited;
  }
}
