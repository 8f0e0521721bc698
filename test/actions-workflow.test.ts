import { expect, test } from "@jest/globals";
import { readFileSync } from "node:fs";
import { parse } from "yaml";

/**
 * The attack: the Actions route ran `npx kepbot` inside the pull request's checkout, so an `.npmrc` (a
 * registry, a script shell) or a `package.json` / `node_modules/.bin/kepbot` in the pull request chose
 * the code that ran. The workflow must only ever read the pull request.
 */
interface Step {
  readonly uses?: string;
  readonly run?: string;
  readonly with?: Record<string, unknown>;
  readonly "working-directory"?: string;
}
const workflow = parse(readFileSync("docs/actions/kepbot.yml", "utf8")) as { jobs: Record<string, { steps: Step[] }> };
const steps = Object.values(workflow.jobs).flatMap((job) => job.steps);
const checkout = steps.find((step) => step.uses?.startsWith("actions/checkout"));
const checkoutPath = String(checkout?.with?.["path"] ?? "");

test("the pull request is checked out into a subdirectory, without credentials", () => {
  expect(checkoutPath).not.toBe("");
  expect(checkout?.with?.["persist-credentials"]).toBe(false);
});

test.each(steps.filter((step) => step.run).map((step) => [step.run?.split("\n")[0] ?? "", step] as const))("the step `%s` runs outside the checkout and never through npx", (_name, step) => {
  expect(step.run).not.toMatch(/\bnpx\b/);
  expect(step["working-directory"]).toBe("${{ runner.temp }}");
});

test("kepbot is installed outside the checkout without install scripts, and started by path", () => {
  const install = steps.find((step) => /npm install/.test(step.run ?? ""));
  expect(install?.run).toMatch(/--prefix "\$RUNNER_TEMP\/kepbot"/);
  expect(install?.run).toMatch(/--ignore-scripts/);
  expect(steps.some((step) => /node "\$RUNNER_TEMP\/kepbot\/node_modules\/kepbot\/bin\/kepbot\.js" check "\$GITHUB_WORKSPACE\/pr"/.test(step.run ?? ""))).toBe(true);
});

test("a supported Node LTS", () => {
  const node = steps.find((step) => step.uses?.startsWith("actions/setup-node"));
  expect(Number(node?.with?.["node-version"])).toBeGreaterThanOrEqual(22);
});
