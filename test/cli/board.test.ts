import { describe, expect, test } from "@jest/globals";
import type { IncomingMessage, ServerResponse } from "node:http";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { boardRoute } from "../../src/app/board-route.js";
import { main } from "../../src/cli/main.js";
import { corpusDir } from "../helpers/corpus.js";
import { boardNow, corpusBoard, corpusIssuesFile } from "../helpers/corpus-board.js";

const dir = mkdtempSync(path.join(tmpdir(), "kepbot-board-cli-"));
const configFile = path.join(dir, "kepbot.yml");
writeFileSync(configFile, 'current-release: v1.37\nreleases:\n  v1.37:\n    prr-freeze: "2026-06-04T00:00:00Z"\n    enhancements-freeze: "2026-06-12T00:00:00Z"\n    code-freeze: "2026-07-31T00:00:00Z"\n');

async function run(argv: string[]) {
  let stdout = "";
  let stderr = "";
  const code = await main(argv, { cwd: process.cwd(), stdout: (text) => void (stdout += text), stderr: (text) => void (stderr += text), colour: false });
  return { code, stdout, stderr };
}

const board = (issues: string, ...rest: string[]) => run(["board", corpusDir, "--release", "v1.37", "--issues", issues, "--config", configFile, "--now", boardNow, ...rest]);

function writeIssues(name: string, text: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
}

/** What the route answers to a GET of `url`. */
async function get(url: string): Promise<{ status: number; headers: Record<string, string>; body: string }> {
  const route = boardRoute(async (release) => (release === "v1.37" ? corpusBoard() : undefined));
  const result = { status: 0, headers: {} as Record<string, string>, body: "" };
  const response = {
    writeHead(status: number, headers: Record<string, string>) {
      result.status = status;
      result.headers = headers;
      return this;
    },
    end(body?: string) {
      result.body = body ?? "";
    },
  } as unknown as ServerResponse;
  const handled = await route({ method: "GET", url } as IncomingMessage, response);
  if (!handled) return { status: 0, headers: {}, body: "" };
  return result;
}

describe("kepbot board", () => {
  test.each([
    { name: "a missing file", file: () => path.join(dir, "absent.json"), message: /^kepbot: cannot read issues file .*absent\.json: no such file\n$/ },
    { name: "CSV instead of JSON", file: () => writeIssues("issues.csv", "number,title\n1,x\n"), message: /^kepbot: invalid issues file .*issues\.csv: not JSON \(.*\); expected a JSON array like `gh issue list --json number,title,labels,milestone,state` prints\n$/ },
    { name: "an export without labels", file: () => writeIssues("no-labels.json", '[{"number": 4242, "title": "t", "milestone": null, "state": "OPEN"}]'), message: /invalid issues file .*no-labels\.json: \[0\]\.labels \(issue #4242\) must be an array of \{ "name": … \} objects; add labels to --json/ },
  ])("a bad issues file is a clear error naming it: $name", async ({ file, message }) => {
    const result = await board(file());
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stdout).toBe("");
  });

  test("a release kepbot does not track is refused", async () => {
    const result = await run(["board", corpusDir, "--release", "v1.40", "--issues", corpusIssuesFile, "--config", configFile]);
    expect(result).toMatchObject({ code: 2, stderr: "kepbot: v1.40 is not tracked: the config names v1.37 (current-release, or a release with a calendar under releases:)\n" });
  });

  test("the JSON equals what the web page serves for the same inputs", async () => {
    const cli = await board(corpusIssuesFile, "--format", "json");
    expect(cli.code).toBe(0);
    const served = await get("/releases/v1.37?format=json");
    expect(served.status).toBe(200);
    expect(served.headers["content-type"]).toBe("application/json; charset=utf-8");
    expect(served.body).toBe(cli.stdout);
    expect((await get("/releases/v1.37.json")).body).toBe(cli.stdout);
  });

  test("filtered JSON equals the filtered page's JSON", async () => {
    const cli = await board(corpusIssuesFile, "--format", "json", "--sig", "sig-node", "--verdict", "at-risk");
    expect((await get("/releases/v1.37.json?sig=sig-node&verdict=at-risk")).body).toBe(cli.stdout);
    expect(JSON.parse(cli.stdout)).toMatchObject({ filters: { sig: "sig-node", verdict: "at-risk" } });
  });

  test("the HTML equals the page, which runs no script", async () => {
    const cli = await board(corpusIssuesFile, "--format", "html", "--stage", "beta");
    const served = await get("/releases/v1.37?stage=beta");
    expect(served.body).toBe(cli.stdout);
    expect(served.headers["content-security-policy"]).toMatch(/default-src 'none'/);
  });

  test("the route leaves other paths alone and answers 404 for releases it does not track", async () => {
    expect((await get("/metrics")).status).toBe(0);
    expect(await get("/releases/v1.36")).toMatchObject({ status: 404, body: "kepbot does not track v1.36\n" });
  });

  test("text lists each KEP with what is missing", async () => {
    const result = await board(corpusIssuesFile);
    expect(result.code).toBe(0);
    expect(result.stdout.split("\n")[0]).toMatch(/^v1\.37: 48 tracked — \d+ ready, \d+ at risk, 0 missed \(enhancements freeze 2026-06-12 00:00 UTC\)$/);
    expect(result.stdout).toMatch(/#9998 +at-risk .*\n +✗ no KEP with kep-number 9998 is merged/);
  });
});
