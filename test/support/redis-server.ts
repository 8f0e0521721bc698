/**
 * A throwaway `redis-server` for tests: a child process on a free loopback port, no persistence, stopped by its PID.
 *
 *   const redis = await RedisServer.start();   // throws, saying how to install it, when redis-server is missing
 *   … REDIS_URL = redis.url …
 *   await redis.stop();
 */
import { describe } from "@jest/globals";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { connect } from "node:net";
import { freePort } from "./app-process.js";

export const missingRedisMessage =
  "redis-server is not installed, so the multi-replica tests did not run. Install it to run them " +
  "(Debian/Ubuntu: apt-get install -y --no-install-recommends redis-server); CI's .ci/run installs it and requires them.";

let skipNoted = false;

/**
 * `describe` when redis-server is installed; otherwise the suite is skipped and one line says so and
 * how to install it. CI sets KEPBOT_REQUIRE_REDIS=1 (`.ci/run` installs redis-server), so there a
 * missing redis-server fails the suite instead of skipping it.
 */
export function describeWithRedis(name: string, body: () => void): void {
  if (redisServerBinary() || process.env.KEPBOT_REQUIRE_REDIS === "1") {
    describe(name, body);
    return;
  }
  if (!skipNoted) process.stderr.write(`skipped "${name}": ${missingRedisMessage}\n`);
  skipNoted = true;
  describe.skip(name, body);
}

/** The redis-server executable, or undefined when none is on the PATH. */
export function redisServerBinary(): string | undefined {
  const found = spawnSync("sh", ["-c", "command -v redis-server"], { encoding: "utf8" });
  const path = found.stdout.trim();
  return found.status === 0 && path ? path : undefined;
}

/** Sends one inline command and resolves with the first reply line (e.g. "+PONG"), or rejects. */
function ask(port: number, command: string, timeoutMs = 1_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: "127.0.0.1", port });
    let data = "";
    const done = (error?: Error) => {
      clearTimeout(timer);
      socket.destroy();
      if (error) reject(error);
      else resolve(data.split("\r\n")[0] ?? "");
    };
    const timer = setTimeout(() => done(new Error(`no answer to ${command} within ${timeoutMs} ms`)), timeoutMs);
    socket.once("error", (error) => done(error));
    socket.on("data", (chunk: Buffer) => {
      data += chunk.toString("utf8");
      if (data.includes("\r\n")) done();
    });
    socket.once("connect", () => socket.write(`${command}\r\n`));
  });
}

export class RedisServer {
  private output = "";

  private constructor(
    readonly port: number,
    private readonly child: ChildProcess,
  ) {
    child.stdout?.on("data", (chunk: Buffer) => void (this.output += chunk.toString()));
    child.stderr?.on("data", (chunk: Buffer) => void (this.output += chunk.toString()));
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  get logs(): string {
    return this.output;
  }

  /** Starts redis-server in the foreground as a child of this process; fails clearly when it is not installed. */
  static async start(): Promise<RedisServer> {
    const binary = redisServerBinary();
    if (!binary) throw new Error(missingRedisMessage);
    const port = await freePort();
    const child = spawn(binary, ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "no"], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    const server = new RedisServer(port, child);
    const deadline = Date.now() + 10_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`redis-server exited with ${child.exitCode}:\n${server.output}`);
      const answer = await ask(port, "PING").catch(() => "");
      if (answer === "+PONG") return server;
      if (Date.now() > deadline) {
        await server.stop();
        throw new Error(`redis-server did not answer PING within 10 s:\n${server.output}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise((resolve) => this.child.once("exit", resolve));
    this.child.kill("SIGTERM");
    const timer = setTimeout(() => this.child.kill("SIGKILL"), 5_000);
    await exited;
    clearTimeout(timer);
  }
}
