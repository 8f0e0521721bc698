import { describe, expect, test } from "@jest/globals";
import { readFileSync } from "node:fs";
import { parse } from "yaml";

/**
 * The attack: the Actions route ran `npx kepbot` inside the pull request's checkout, so an `.npmrc` (a
 * registry, a script shell) or a `package.json` / `node_modules/.bin/kepbot` in the pull request chose
 * the code that ran. The workflow and the Action must only ever read the pull request: kepbot is built and
 * started from the Action's own directory, never from the checkout, never through npx.
 */
interface Step {
  readonly name?: string;
  readonly id?: string;
  readonly uses?: string;
  readonly run?: string;
  readonly if?: string;
  readonly with?: Record<string, unknown>;
  readonly env?: Record<string, string>;
  readonly "working-directory"?: string;
}
const workflow = parse(readFileSync("docs/actions/kepbot.yml", "utf8")) as { jobs: Record<string, { steps: Step[] }> };
const steps = Object.values(workflow.jobs).flatMap((job) => job.steps);
const checkout = steps.find((step) => step.uses?.startsWith("actions/checkout"));
const checkoutPath = String(checkout?.with?.["path"] ?? "");
const kepbot = steps.find((step) => step.uses?.startsWith("kepbot/kepbot@"));

const action = parse(readFileSync("action.yml", "utf8")) as { inputs: Record<string, { default?: string }>; runs: { using: string; steps: Step[] } };
const actionSteps = action.runs.steps;
/** The script's code, without its comments. */
const script = readFileSync("scripts/action/run.sh", "utf8")
  .split("\n")
  .filter((line) => !/^\s*#/.test(line))
  .join("\n");
/** A third-party action pinned to a full commit SHA (with its version in a comment). */
const pinned = /^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/;

describe("the workflow to copy (docs/actions/kepbot.yml)", () => {
  test("the pull request is checked out into a subdirectory, without credentials, and that is what kepbot judges", () => {
    expect(checkoutPath).not.toBe("");
    expect(checkoutPath).not.toBe(".");
    expect(checkout?.with?.["persist-credentials"]).toBe(false);
    expect(checkout?.uses).toMatch(pinned);
    expect(kepbot?.with?.["path"]).toBe(checkoutPath);
  });

  test.each(steps.filter((step) => step.run).map((step) => [step.run?.split("\n")[0] ?? "", step] as const))("the step `%s` runs outside the checkout and never through npx", (_name, step) => {
    expect(step.run).not.toMatch(/\bnpx\b|\bnpm\b/);
    expect(step["working-directory"]).toBe("${{ runner.temp }}");
  });

  test("kepbot comes from its own repository through the Action, with the approvals read by the workflow", () => {
    expect(kepbot?.with?.["approved-by"]).toBe("${{ steps.reviews.outputs.logins }}");
    expect(steps.some((step) => /npm install|kepbot@\d/.test(step.run ?? ""))).toBe(false);
  });
});

describe("the Action (action.yml)", () => {
  test("is a composite action whose third-party actions are pinned by commit SHA", () => {
    expect(action.runs.using).toBe("composite");
    for (const step of actionSteps.filter((candidate) => candidate.uses)) expect(step.uses).toMatch(pinned);
  });

  test("builds kepbot in its own directory, then runs every step from outside the checkout", () => {
    const [install, ...rest] = actionSteps.filter((step) => step.run);
    expect(install?.["working-directory"]).toBe("${{ github.action_path }}");
    expect(install?.run).toBe('bash "$GITHUB_ACTION_PATH/scripts/action/run.sh" install');
    for (const step of rest) {
      expect(step["working-directory"]).toBe("${{ runner.temp }}");
      expect(step.run).toMatch(/^bash "\$GITHUB_ACTION_PATH\/scripts\/action\/run\.sh" (check|conclude)$/);
    }
  });

  test("inputs reach the script through env, never pasted into a command", () => {
    for (const step of actionSteps.filter((candidate) => candidate.run)) expect(step.run).not.toMatch(/\$\{\{/);
    const check = actionSteps.find((step) => step.id === "check");
    for (const name of ["path", "base", "head", "profile", "author", "approved-by", "pr-body-file", "sarif-file"]) {
      expect(action.inputs[name]).toBeDefined();
      expect(check?.env?.[`INPUT_${name.toUpperCase().replace(/-/g, "_")}`]).toBe(`\${{ inputs.${name} }}`);
    }
  });

  test("the script installs only in the Action's directory and starts kepbot by path, never through npx", () => {
    expect(script).not.toMatch(/\bnpx\b/);
    expect(script).toMatch(/kepbot="\$GITHUB_ACTION_PATH\/bin\/kepbot\.js"/);
    expect(script).toMatch(/cd "\$GITHUB_ACTION_PATH"\n\s*npm ci --ignore-scripts/);
    expect(script.match(/\bnpm (ci|install)\b/g)).toEqual(["npm ci"]);
  });

  test("uploads after the check and fails on findings only after the upload", () => {
    const order = actionSteps.map((step) => step.id ?? step.uses?.split("@")[0] ?? step.run?.split(" ").pop());
    expect(order.indexOf("check")).toBeLessThan(order.indexOf("github/codeql-action/upload-sarif"));
    expect(order.indexOf("github/codeql-action/upload-sarif")).toBeLessThan(order.indexOf("conclude"));
    expect(actionSteps.find((step) => step.run?.endsWith("conclude"))?.if).toBe("always() && steps.check.outputs.status == '1'");
  });

  test("a supported Node LTS", () => {
    expect(Number(action.inputs["node-version"]?.default)).toBeGreaterThanOrEqual(22);
  });
});
