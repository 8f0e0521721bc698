/**
 * The stand-in driven by Probot's own Octokit (JWT signing, installation tokens, pagination, GraphQL routing),
 * so that e2e tests of the app exercise the same client stack as production.
 */
import { afterAll, beforeAll, describe, expect, test } from "@jest/globals";
import { generateKeyPairSync } from "node:crypto";
import { Probot } from "probot";
import { GitHubStandIn } from "./github-stand-in.js";

const BASE = "a".repeat(40);
const HEAD = "b".repeat(40);

let gh: GitHubStandIn;
let probot: Probot;

beforeAll(async () => {
  const head: Record<string, string> = { "README.md": "root\n" };
  for (let i = 0; i < 250; i++) head[`keps/sig-apps/${i}/kep.yaml`] = `title: ${i}\n`;
  gh = await GitHubStandIn.start({
    owner: "kubernetes",
    repo: "enhancements",
    installationId: 7,
    commits: { [BASE]: { "README.md": "root\n" }, [HEAD]: head },
    pulls: [{ number: 1, baseSha: BASE, headSha: HEAD, author: "alice" }],
  });
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  probot = new Probot({
    appId: 123,
    privateKey: privateKey.export({ type: "pkcs1", format: "pem" }).toString(),
    baseUrl: gh.baseUrl,
    logLevel: "fatal",
  });
});

afterAll(async () => {
  await gh.stop();
});

describe("GitHubStandIn with Probot's Octokit", () => {
  test("installation auth, pagination, checks and GraphQL all pass the contract", async () => {
    const octokit = await probot.auth(7);
    const files = await octokit.paginate(octokit.rest.pulls.listFiles, { owner: "kubernetes", repo: "enhancements", pull_number: 1, per_page: 100 });
    expect(files).toHaveLength(250);

    const run = await octokit.rest.checks.create({
      owner: "kubernetes",
      repo: "enhancements",
      name: "KEP checks",
      head_sha: HEAD,
      status: "completed",
      conclusion: "success",
      output: { title: "ok", summary: "all good" },
    });
    expect(run.status).toBe(201);

    const result = await octokit.graphql<{ repository: { object: { text: string } | null } }>(
      `query($owner: String!, $name: String!, $expr: String!) { repository(owner: $owner, name: $name) { object(expression: $expr) { ... on Blob { text } } } }`,
      { owner: "kubernetes", name: "enhancements", expr: `${HEAD}:keps/sig-apps/3/kep.yaml` },
    );
    expect(result.repository.object?.text).toBe("title: 3\n");

    const config = await octokit.config.get({ owner: "kubernetes", repo: "enhancements", path: ".github/kepbot.yml" });
    expect(config.config).toEqual({});

    expect(gh.invalidRequests).toEqual([]);
    expect(gh.unimplementedRequests).toEqual([]);
    const ops = gh.requests.map((r) => r.operationId);
    expect(ops[0]).toBe("apps/create-installation-access-token");
    expect(ops.filter((o) => o === "pulls/list-files")).toHaveLength(3);
    expect(ops).toContain("graphql");
  });

  test("contract violations surface as Octokit RequestErrors with GitHub's status", async () => {
    const octokit = await probot.auth(7);
    const annotations = Array.from({ length: 51 }, (_, i) => ({
      path: "README.md",
      start_line: i + 1,
      end_line: i + 1,
      annotation_level: "notice" as const,
      message: "m",
    }));
    await expect(
      octokit.rest.checks.create({ owner: "kubernetes", repo: "enhancements", name: "x", head_sha: HEAD, output: { title: "t", summary: "s", annotations } }),
    ).rejects.toMatchObject({ status: 422 });
    await expect(octokit.graphql(`{ repository(owner: "kubernetes", name: "enhancements") { nope } }`)).rejects.toThrow(/nope/);
    expect(gh.invalidRequests.map((r) => r.operationId)).toEqual(["checks/create", "graphql"]);
  });
});
