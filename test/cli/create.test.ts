import { afterAll, describe, expect, test } from "@jest/globals";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { main } from "../../src/cli/main.js";
import { corpusDir } from "../helpers/corpus.js";

/** The bundled example with the real KEP template and a current release in its config. */
const dir = mkdtempSync(path.join(tmpdir(), "kepbot-create-"));
cpSync("examples/enhancements", dir, { recursive: true });
cpSync(path.join(corpusDir, "keps/NNNN-kep-template"), path.join(dir, "keps/NNNN-kep-template"), { recursive: true });
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(argv: string[]) {
  let stdout = "";
  let stderr = "";
  const code = await main(argv, { cwd: dir, stdout: (text) => void (stdout += text), stderr: (text) => void (stderr += text), colour: false });
  return { code, stdout, stderr };
}

const create = ["create", "sig-node/9001-pod-level-quotas", "--title", "Pod-level quotas", "--authors", "alice,@bob", "--reviewers", "carol", "--approvers", "mrunalp", "--prr-approver", "wojtek-t", "--now", "2026-12-06T10:00:00Z"];

describe("kepbot create: kepctl's verb for a new KEP", () => {
  test("writes a provisional KEP from the template, its titled README and its PRR file", async () => {
    const result = await run(create);
    expect(result).toMatchObject({ code: 0, stderr: "" });
    expect(result.stdout).toContain("keps/sig-node/9001-pod-level-quotas/kep.yaml");
    const kep = readFileSync(path.join(dir, "keps/sig-node/9001-pod-level-quotas/kep.yaml"), "utf8");
    expect(kep).toMatch(/^title: Pod-level quotas$/m);
    expect(kep).toMatch(/^kep-number: 9001$/m);
    expect(kep).toMatch(/^authors:\n {2}- "?@alice"?\n {2}- "?@bob"?$/m);
    expect(kep).toMatch(/^status: provisional$/m);
    expect(kep).toMatch(/^creation-date: 2026-12-06$/m);
    expect(kep).not.toMatch(/see-also|replaces|sig-xyz/);
    // The template's guidance stays.
    expect(kep).toContain("# The target maturity stage in the current dev cycle for this KEP.");
    expect(readFileSync(path.join(dir, "keps/sig-node/9001-pod-level-quotas/README.md"), "utf8")).toMatch(/^# KEP-9001: Pod-level quotas$/m);
    expect(readFileSync(path.join(dir, "keps/prod-readiness/sig-node/9001.yaml"), "utf8")).toBe('kep-number: 9001\nalpha:\n  approver: "@wojtek-t"\n');
  });

  test("the new KEP passes kepbot's own check (strict): nothing to fix before the first push", async () => {
    const result = await run(["check", dir, "--profile", "strict", "--format", "json", "--now", "2026-12-06T10:00:00Z"]);
    const findings = JSON.parse(result.stdout).findings as { path: string; rule: string; message: string }[];
    expect(findings.filter((finding) => /9001/.test(finding.path))).toEqual([]);
  });

  test.each([
    ["the same directory again", create, /already exists/],
    ["another name with a number a KEP has", ["create", "sig-apps/9001-other-name", "--title", "Other", "--authors", "alice"], /KEP 9001 already exists: keps\/sig-node\/9001-pod-level-quotas/],
    ["a name that is not <sig>/<number>-<name>", ["create", "node/pod-quotas", "--title", "X", "--authors", "alice"], /is named <sig>\/<number>-<name>/],
  ])("refuses %s (exit 2), writing nothing", async (_name, argv, message) => {
    const before = readFileSync(path.join(dir, "keps/sig-node/9001-pod-level-quotas/kep.yaml"), "utf8");
    const result = await run(argv);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(readFileSync(path.join(dir, "keps/sig-node/9001-pod-level-quotas/kep.yaml"), "utf8")).toBe(before);
  });

  test("without the template in the repository: a clear refusal", async () => {
    const bare = mkdtempSync(path.join(tmpdir(), "kepbot-create-bare-"));
    cpSync("examples/enhancements", bare, { recursive: true });
    writeFileSync(path.join(bare, "keep"), "");
    let stderr = "";
    const code = await main(["create", "sig-node/9100-x", "--title", "X", "--authors", "alice", "--dir", bare], { cwd: bare, stdout: () => undefined, stderr: (text) => void (stderr += text), colour: false });
    expect(code).toBe(2);
    expect(stderr).toMatch(/the KEP template keps\/NNNN-kep-template\/kep.yaml is missing/);
    rmSync(bare, { recursive: true, force: true });
  });
});
