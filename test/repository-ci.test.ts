import { expect, test } from "@jest/globals";
import { existsSync, readFileSync } from "node:fs";
import { parse } from "yaml";

/** kepbot's own CI (.github/): what it runs, on which Node.js lines, and how its actions are pinned. */
interface Step {
  readonly uses?: string;
  readonly run?: string;
  readonly with?: Record<string, unknown>;
  readonly env?: Record<string, string>;
}
interface Job {
  readonly steps: Step[];
  readonly strategy?: { matrix?: { node?: number[] } };
}
const ci = parse(readFileSync(".github/workflows/ci.yml", "utf8")) as { jobs: Record<string, Job> };
const jobs = Object.values(ci.jobs);
const runs = (job: Job | undefined) => (job?.steps ?? []).map((step) => step.run ?? "").join("\n");

test("the README's commands run on every supported Node.js LTS line, with redis-server for the multi-replica tests", () => {
  const test = ci.jobs["test"];
  expect(test?.strategy?.matrix?.node).toEqual([22, 24]);
  expect(test?.steps.find((step) => step.uses?.startsWith("actions/setup-node"))?.with?.["node-version"]).toBe("${{ matrix.node }}");
  for (const command of ["npm ci", "npx kepbot check examples/enhancements", "npm run typecheck", "npm run lint", "npm test", "apt-get install -y -qq --no-install-recommends redis-server"]) {
    expect(runs(test)).toContain(command);
  }
  expect(test?.steps.find((step) => step.run === "npm test")?.env?.["KEPBOT_REQUIRE_REDIS"]).toBe("1");
});

test("a job runs the Action from this checkout on the example, and one runs the fresh-clone proof", () => {
  expect(ci.jobs["action"]?.steps.filter((step) => step.uses === "./").length).toBe(2);
  expect(runs(ci.jobs["fresh-clone"])).toContain("bash scripts/fresh-clone-test.sh");
  expect(existsSync("scripts/fresh-clone-test.sh")).toBe(true);
});

test("every third-party action is pinned by full commit SHA, with its version in a comment", () => {
  const files = [".github/workflows/ci.yml", "action.yml", "docs/actions/kepbot.yml"];
  for (const file of files) {
    const lines = readFileSync(file, "utf8").split("\n").filter((line) => /^\s*(-\s+)?uses:\s/.test(line));
    for (const line of lines) {
      const reference = line.replace(/^\s*(-\s+)?uses:\s*/, "");
      if (reference.startsWith("./") || reference.startsWith("kepbot/kepbot@")) continue;
      expect(`${file}: ${reference}`).toMatch(/: [\w.-]+\/[\w./-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$/);
    }
  }
  for (const job of jobs) for (const step of job.steps.filter((candidate) => candidate.uses?.startsWith("actions/checkout"))) expect(step.with?.["persist-credentials"]).toBe(false);
});

test("Dependabot watches npm, the Dockerfile and the actions", () => {
  const dependabot = parse(readFileSync(".github/dependabot.yml", "utf8")) as { updates: { "package-ecosystem": string; directory: string }[] };
  expect(dependabot.updates.map((update) => [update["package-ecosystem"], update.directory])).toEqual([
    ["npm", "/"],
    ["docker", "/"],
    ["github-actions", "/"],
  ]);
  expect(existsSync("Dockerfile")).toBe(true);
});
