import { afterAll, describe, expect, test } from "@jest/globals";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parse } from "yaml";
import { main } from "../../src/cli/main.js";
import { commandForMove } from "../../src/cli/move-commands.js";
import { allowedMoves } from "../../src/core/receipts/moves.js";
import { unansweredQuestions } from "../../src/core/receipts/questionnaire.js";
import { goodRepo, kepDir, kepYaml, ownersAliases, readme } from "../helpers/repo.js";

async function run(argv: string[], cwd = process.cwd()) {
  let stdout = "";
  let stderr = "";
  const code = await main(argv, { cwd, stdout: (text) => void (stdout += text), stderr: (text) => void (stderr += text), colour: false });
  return { code, stdout, stderr };
}

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A fresh enhancements repository on disk: the good repository, KEP 4242 written like the real template, and `files` on top (null deletes). */
function repoWith(files: Record<string, string | null> = {}): string {
  const dir = mkdtempSync(path.join(tmpdir(), "kepbot-receipts-"));
  dirs.push(dir);
  for (const [file, content] of Object.entries({ ...goodRepo(), [kepPath]: templatedKep, ...files })) {
    if (content === null) continue;
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), content);
  }
  return dir;
}

function read(dir: string, file: string): string {
  return readFileSync(path.join(dir, file), "utf8");
}

/** Every file below `sub`, relative and sorted: to show that a refusal wrote nothing. */
function tree(dir: string, sub = ""): string[] {
  const root = path.join(dir, sub);
  if (!existsSync(root)) return [];
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)))
    .sort();
}

const kepPath = `${kepDir}/kep.yaml`;
const owners = "approvers:\n  - enh-lead\nreviewers:\n  - enh-shadow\n";

/** KEP 4242 at alpha for v1.36, with the comments of keps/NNNN-kep-template/kep.yaml. */
const templatedKep = `title: Sidecar restarts
kep-number: 4242
authors:
  - "@alice"
owning-sig: sig-node
participating-sigs:
  - sig-apps
status: implementable
creation-date: 2025-01-15
last-updated: 2025-06-01
reviewers:
  - "@bob"
approvers:
  - "@mrunalp"

# The target maturity stage in the current dev cycle for this KEP.
stage: alpha # promote changes only the value

# The most recent milestone for which work toward delivery of this KEP has been
# done. This can be the current (upcoming) milestone, if it is being actively
# worked on.
latest-milestone: "v1.36"

# The milestone at which this feature was, or is targeted to be, at each stage.
milestone:
  alpha: "v1.36"

# The following PRR answers are required at alpha release
# List the feature gate name and the components for which it must be enabled
feature-gates:
  - name: SidecarRestarts
    components:
      - kubelet
disable-supported: true

# The following PRR answers are required at beta release
metrics:
  - sidecar_restarts_total
`;

const calendar = `releases:
  v1.37:
    prr-freeze: "2026-02-05T00:00:00Z"
    enhancements-freeze: "2026-02-12T00:00:00Z"
    code-freeze: "2026-03-19T00:00:00Z"
`;

function receipt(state: string, { number = 4242, stage = "beta", comment = "" } = {}): string {
  return `${comment}title: Sidecar restarts\nkep-number: ${number}\nowning-sig: sig-node\npath: sig-node/4242-sidecar-restarts\ntracking-status: ${state} # the directory is the state\nstage: ${stage}\n`;
}

describe("kepbot release create", () => {
  test("writes OWNERS with the given team and a .gitkeep in each of the five state directories", async () => {
    const dir = repoWith();
    const result = await run(["release", "create", "v1.37", "--owners", "enh-lead,@enh-shadow", "--dir", dir]);
    expect(result).toMatchObject({ code: 0, stderr: "" });
    expect(read(dir, "releases/v1.37/OWNERS")).toMatch(/^# The v1\.37 Release Enhancements team[^\n]*\n#[^\n]*\napprovers:\n {2}- enh-lead\n {2}- enh-shadow\n$/);
    expect(tree(dir, "releases")).toEqual(["OWNERS", ...["accepted", "at-risk", "exception", "proposed", "removed"].map((state) => `${state}/.gitkeep`)].map((file) => `releases/v1.37/${file}`).sort());
    expect(result.stdout).toContain("Next: open a pull request with releases/v1.37/; once it is merged, KEP authors propose with `kepbot promote <sig>/<NNNN-name> --stage <stage> --release v1.37`.");
    expect(result.stdout).toContain(".github/kepbot.yml has no calendar for v1.37");
  });

  test("without --owners, the release-team-enhancements alias of OWNERS_ALIASES is the team", async () => {
    const dir = repoWith({ OWNERS_ALIASES: `${ownersAliases}  release-team-enhancements:\n    - enh-lead\n`, ".github/kepbot.yml": calendar });
    const result = await run(["release", "create", "v1.37"], dir);
    expect(result.code).toBe(0);
    expect(read(dir, "releases/v1.37/OWNERS")).toMatch(/\napprovers:\n {2}- release-team-enhancements\n$/);
    expect(result.stdout).not.toContain("no calendar");
  });

  test("a release whose receipts came before its OWNERS gets the OWNERS, and no .gitkeep beside the receipts", async () => {
    const dir = repoWith({ "releases/v1.37/proposed/4242.yaml": receipt("proposed") });
    expect((await run(["release", "create", "v1.37", "--owners", "enh-lead", "--dir", dir])).code).toBe(0);
    expect(tree(dir, "releases/v1.37/proposed")).toEqual(["releases/v1.37/proposed/4242.yaml"]);
  });

  test.each([
    ["an existing release", ["release", "create", "v1.37", "--owners", "x"], { "releases/v1.37/OWNERS": owners }, /^kepbot: v1\.37 already exists: releases\/v1\.37\/OWNERS names its Enhancements team$/],
    ["a malformed version", ["release", "create", "1.37", "--owners", "x"], {}, /^error: command-argument value '1\.37' is invalid for argument 'release'\. expected a release such as v1\.37$/],
    ["a version without a minor", ["release", "create", "v1", "--owners", "x"], {}, /expected a release such as v1\.37/],
    ["no --owners and no alias", ["release", "create", "v1.37"], {}, /^kepbot: name the release's Enhancements team with --owners login,login \(OWNERS_ALIASES has no release-team-enhancements alias\)$/],
    ["an invalid login", ["release", "create", "v1.37", "--owners", "a b"], {}, /a b is not a GitHub login/],
  ])("refuses %s: exit 2, one line, nothing written", async (_name, argv, files, reason) => {
    const dir = repoWith(files);
    const before = tree(dir);
    const result = await run([...argv, "--dir", dir]);
    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toMatch(reason);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    expect(tree(dir)).toEqual(before);
  });
});

describe("kepbot promote", () => {
  const promote = (dir: string, ...more: string[]) => run(["promote", "sig-node/4242-sidecar-restarts", "--stage", "beta", "--release", "v1.37", "--dir", dir, ...more]);

  test("targets the stage and release in kep.yaml, keeping every comment and the key order, and proposes the KEP", async () => {
    const dir = repoWith({ "releases/v1.37/OWNERS": owners, ".github/kepbot.yml": calendar });
    const result = await promote(dir, "--now", "2026-01-20T10:00:00Z");
    expect(result).toMatchObject({ code: 0, stderr: "" });
    expect(read(dir, kepPath)).toBe(
      templatedKep
        .replace("last-updated: 2025-06-01", "last-updated: 2026-01-20")
        .replace("stage: alpha # promote", "stage: beta # promote")
        .replace('latest-milestone: "v1.36"', 'latest-milestone: "v1.37"')
        .replace('  alpha: "v1.36"\n', '  alpha: "v1.36"\n  beta: "v1.37"\n'),
    );
    expect(read(dir, "releases/v1.37/proposed/4242.yaml")).toBe(
      "title: Sidecar restarts\nkep-number: 4242\nowning-sig: sig-node\npath: sig-node/4242-sidecar-restarts\ntracking-status: proposed\nstage: beta\n",
    );
    expect(result.stdout).toBe(
      [
        `Updated ${kepPath}:`,
        "  stage: alpha → beta",
        "  latest-milestone: v1.36 → v1.37",
        "  milestone.beta: (none) → v1.37",
        "  last-updated: 2025-06-01 → 2026-01-20",
        "Created releases/v1.37/proposed/4242.yaml (tracking-status: proposed, stage: beta)",
        "Next: open a pull request (by the KEP's author or a lead of sig-node); v1.37's Enhancements team accepts it with `kepbot accept 4242 --release v1.37`.",
        "",
      ].join("\n"),
    );
  });

  test("adds a milestone map after latest-milestone when there is none, and leaves a last-updated that is no date alone", async () => {
    const dir = repoWith({ "releases/v1.37/OWNERS": owners, [kepPath]: kepYaml({ milestone: null, "last-updated": "v1.30", stage: "alpha" }) });
    const result = await promote(dir);
    // The one error left is the old one that kepctl's bug planted: a release in last-updated.
    expect(result.code).toBe(1);
    expect(result.stdout.match(/ {2}[a-z]+\/[a-z-]+$/gm)).toEqual(["  kep/dates"]);
    const text = read(dir, kepPath);
    expect(text).toContain('stage: beta\nlatest-milestone: "v1.37"\nmilestone:\n  beta: "v1.37"\nfeature-gates:');
    expect(text).toContain("last-updated: v1.30\n");
  });

  test("keeps the stages of milestone in order when it adds one before the others", async () => {
    const dir = repoWith({ "releases/v1.37/OWNERS": owners, [kepPath]: templatedKep.replace('  alpha: "v1.36"', '  stable: "v1.40"') });
    expect((await promote(dir)).code).toBe(0);
    expect(read(dir, kepPath)).toContain('milestone:\n  beta: "v1.37"\n  stable: "v1.40"\n');
  });

  test("a KEP that is not ready: the edit is kept, the errors its pull request would get are printed, exit 1", async () => {
    const nested = "keps/sig-node/kubelet/4300-nested-kep";
    const dir = repoWith({
      "releases/v1.37/OWNERS": owners,
      [`${nested}/kep.yaml`]: kepYaml({ "kep-number": "4300", title: "Nested KEP", stage: "alpha", milestone: '\n  alpha: "v1.36"' }),
      [`${nested}/README.md`]: readme(4300, "Nested KEP"),
    });
    const result = await run(["promote", "keps/sig-node/kubelet/4300-nested-kep/", "--stage", "alpha", "--release", "v1.37", "--dir", dir]);
    expect(result.code).toBe(1);
    expect(read(dir, "releases/v1.37/proposed/4300.yaml")).toContain("path: sig-node/kubelet/4300-nested-kep\n");
    expect(read(dir, `${nested}/kep.yaml`)).toContain('latest-milestone: "v1.37"');
    expect(result.stdout).toContain(`\n${nested}/kep.yaml:2:1  error  `);
    expect(result.stdout).toMatch(/keps\/prod-readiness\/sig-node\/4300\.yaml is missing: a KEP tracked for v1\.37 \(releases\/v1\.37\/proposed\/4300\.yaml\) needs a PRR approver for alpha {2}receipt\/kep-ready/);
    expect(result.stdout).toMatch(/✖ \d+ errors?, 0 warnings, 0 notices/);
    expect(result.stdout).toMatch(/The pull request will fail until these are fixed; the edit is kept/);
  });

  test("after PRR freeze it warns on stderr and still proposes", async () => {
    const dir = repoWith({ "releases/v1.37/OWNERS": owners, ".github/kepbot.yml": calendar });
    const result = await promote(dir, "--now", "2026-02-06T00:00:00Z");
    expect(result.code).toBe(0);
    expect(result.stderr).toBe("kepbot: warning: v1.37 passed PRR freeze on 2026-02-05T00:00:00.000Z: ask the PRR approvers whether they can still review KEP 4242\n");
    expect(existsSync(path.join(dir, "releases/v1.37/proposed/4242.yaml"))).toBe(true);
  });

  const kep = "sig-node/4242-sidecar-restarts";
  test.each([
    ["an unknown stage", kep, ["--stage", "gamma"], {}, /argument 'gamma' is invalid\. Allowed choices are alpha, beta, stable, deprecated, disabled, removed/],
    ["an unknown release (no OWNERS)", kep, ["--release", "v1.38"], {}, /^kepbot: releases\/v1\.38\/OWNERS is missing: create the release first with `kepbot release create v1\.38`$/],
    [
      "a second receipt for the KEP (zero-padded, in another state)",
      kep,
      [],
      { "releases/v1.37/accepted/04242.yaml": receipt("accepted") },
      /^kepbot: KEP 4242 already has releases\/v1\.37\/accepted\/04242\.yaml: one receipt per KEP per release$/,
    ],
    [
      "a proposal after enhancements freeze",
      kep,
      ["--now", "2026-02-12T00:00:01Z"],
      { ".github/kepbot.yml": calendar },
      /^kepbot: v1\.37 passed enhancements freeze on 2026-02-12T00:00:00\.000Z: a KEP joins it now only through an exception; ask v1\.37's Enhancements team \(releases\/v1\.37\/OWNERS\)$/,
    ],
    ["a KEP that does not exist", "sig-node/9999-nothing", [], {}, /^kepbot: keps\/sig-node\/9999-nothing\/kep\.yaml does not exist$/],
    ["a path that leaves keps/", "../../etc", [], {}, /^kepbot: \.\.\/\.\.\/etc is not a KEP directory below keps\//],
    ["a kep.yaml with duplicate keys", kep, [], { [kepPath]: `${templatedKep}stage: beta\n` }, /^kepbot: cannot edit keps\/sig-node\/4242-sidecar-restarts\/kep\.yaml: line 39: mapping key "stage" already defined at line 17$/],
  ])("refuses %s: exit 2, one line, nothing written", async (_name, target, options, files, reason) => {
    const dir = repoWith({ "releases/v1.37/OWNERS": owners, ...files });
    const before = Object.fromEntries(tree(dir).map((file) => [file, read(dir, file)]));
    const result = await run(["promote", target, "--stage", "beta", "--release", "v1.37", "--dir", dir, "--now", "2026-01-20T00:00:00Z", ...options]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr.trim()).toMatch(reason);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    expect(Object.fromEntries(tree(dir).map((file) => [file, read(dir, file)]))).toEqual(before);
  });
});

describe("kepbot accept, remove and exception move receipts along KEP-2140's state diagram", () => {
  test("every move of the diagram has a command", () => {
    expect(Object.keys(commandForMove).sort()).toEqual([...allowedMoves.keys()].sort());
  });

  test.each([
    ["accept", "proposed", "accepted", ["accept"]],
    ["accept --at-risk", "proposed", "at-risk", ["accept", "--at-risk"]],
    ["accept --at-risk of an accepted KEP", "accepted", "at-risk", ["accept", "--at-risk"]],
    ["accept of an at-risk KEP", "at-risk", "accepted", ["accept"]],
    ["remove", "proposed", "removed", ["remove"]],
    ["remove of an at-risk KEP", "at-risk", "removed", ["remove"]],
    ["exception request of an at-risk KEP", "at-risk", "exception", ["exception", "request"]],
    ["exception request of a removed KEP", "removed", "exception", ["exception", "request"]],
    ["exception accept", "exception", "at-risk", ["exception", "accept"]],
    ["exception deny", "exception", "removed", ["exception", "deny"]],
  ])("%s: %s → %s is a rename plus the tracking-status, comments kept", async (_name, from, to, command) => {
    const comment = "# Tracked by SIG Node.\n";
    const dir = repoWith({ "releases/v1.37/OWNERS": owners, [`releases/v1.37/${from}/4242.yaml`]: receipt(from, { comment }) });
    const [verb, ...flags] = command as [string, ...string[]];
    const argv = verb === "exception" ? [verb, flags[0] ?? "", "4242", "--release", "v1.37", "--dir", dir] : [verb, "4242", ...flags, "--release", "v1.37", "--dir", dir];
    const result = await run(argv);
    expect(result).toMatchObject({ code: 0, stderr: "" });
    expect(tree(dir, "releases")).toEqual(["releases/v1.37/OWNERS", `releases/v1.37/${to}/4242.yaml`]);
    expect(read(dir, `releases/v1.37/${to}/4242.yaml`)).toBe(receipt(to, { comment }));
    expect(result.stdout).toMatch(new RegExp(`^Moved releases/v1\\.37/${from}/4242\\.yaml → releases/v1\\.37/${to}/4242\\.yaml \\(tracking-status: ${to}\\)\n`));
    expect(result.stdout).toMatch(to === "exception" ? /Who: anyone, usually the KEP's SIG/ : /Who: v1\.37's Enhancements team; the pull request must be opened or approved by one of enh-lead, enh-shadow \(releases\/v1\.37\/OWNERS\)\./);
    expect(result.stdout).toMatch(/\nNext: open a pull request; from [a-z-]+, the receipt moves on with /);
  });

  test("a zero-padded receipt is found by its number and keeps its name", async () => {
    const dir = repoWith({ "releases/v1.37/OWNERS": owners, "releases/v1.37/proposed/04242.yaml": receipt("proposed") });
    expect((await run(["accept", "4242", "--release", "v1.37", "--dir", dir])).code).toBe(0);
    expect(tree(dir, "releases/v1.37/accepted")).toEqual(["releases/v1.37/accepted/04242.yaml"]);
    expect((await run(["accept", "04242", "--at-risk", "--release", "v1.37", "--dir", dir])).code).toBe(0);
    expect(tree(dir, "releases/v1.37/at-risk")).toEqual(["releases/v1.37/at-risk/04242.yaml"]);
  });

  test("--release defaults to the config's current-release", async () => {
    const dir = repoWith({ "releases/v1.37/OWNERS": owners, "releases/v1.37/proposed/4242.yaml": receipt("proposed"), ".github/kepbot.yml": `current-release: v1.37\n${calendar}` });
    expect((await run(["accept", "4242"], dir)).code).toBe(0);
    expect(existsSync(path.join(dir, "releases/v1.37/accepted/4242.yaml"))).toBe(true);
  });

  test("exception request prints the questionnaire with what the receipt knows; answered, it satisfies receipt/move", async () => {
    const dir = repoWith({ "releases/v1.37/OWNERS": owners, "releases/v1.37/removed/4242.yaml": `${receipt("removed")}implementation-prs:\n  - https://github.com/kubernetes/kubernetes/pull/1\n` });
    const result = await run(["exception", "request", "4242", "--release", "v1.37", "--dir", dir]);
    expect(result.code).toBe(0);
    const questionnaire = [
      "Enhancement name: Sidecar restarts",
      "Enhancement status: beta",
      "SIG: sig-node",
      "k/enhancements repo issue #: 4242",
      "PR #'s: https://github.com/kubernetes/kubernetes/pull/1",
      "Additional time needed (in days):",
      "Reason this enhancement is critical for this milestone:",
      "Risks from adding code late:",
      "Risks from cutting enhancement:",
    ].join("\n");
    expect(result.stdout).toContain(`Paste this into the pull request's description and answer every question:\n\n${questionnaire}\n\nNext:`);
    expect(unansweredQuestions(questionnaire)).toEqual(["Additional time needed (in days)", "Reason this enhancement is critical for this milestone", "Risks from adding code late", "Risks from cutting enhancement"]);
    expect(unansweredQuestions(questionnaire.replace(/:$/gm, ": 7"))).toEqual([]);
  });

  const allowedFrom = {
    accepted: "allowed from accepted: accepted→at-risk (`kepbot accept 4242 --at-risk --release v1.37`)",
    proposed:
      "allowed from proposed: proposed→accepted (`kepbot accept 4242 --release v1.37`), proposed→at-risk (`kepbot accept 4242 --at-risk --release v1.37`), proposed→removed (`kepbot remove 4242 --release v1.37`)",
  };
  test.each([
    ["accept of an accepted receipt", ["accept", "4242"], { "releases/v1.37/accepted/4242.yaml": receipt("accepted") }, `KEP 4242's receipt is already releases/v1.37/accepted/4242.yaml; ${allowedFrom.accepted}`],
    ["exception request from proposed", ["exception", "request", "4242"], { "releases/v1.37/proposed/4242.yaml": receipt("proposed") }, `KEP 4242's receipt is releases/v1.37/proposed/4242.yaml, and \`exception request\` does not move proposed → exception; ${allowedFrom.proposed}`],
    ["exception request from accepted", ["exception", "request", "4242"], { "releases/v1.37/accepted/4242.yaml": receipt("accepted") }, `KEP 4242's receipt is releases/v1.37/accepted/4242.yaml, and \`exception request\` does not move accepted → exception; ${allowedFrom.accepted}`],
    ["remove of an accepted receipt", ["remove", "4242"], { "releases/v1.37/accepted/4242.yaml": receipt("accepted") }, `KEP 4242's receipt is releases/v1.37/accepted/4242.yaml, and \`remove\` does not move accepted → removed; ${allowedFrom.accepted}`],
    [
      "exception accept of a receipt that is not an exception",
      ["exception", "accept", "4242"],
      { "releases/v1.37/proposed/4242.yaml": receipt("proposed") },
      `KEP 4242's receipt is releases/v1.37/proposed/4242.yaml, and \`exception accept\` does not move proposed → at-risk; ${allowedFrom.proposed}`,
    ],
    ["an unknown release", ["accept", "4242", "--release", "v1.38"], {}, "releases/v1.38/OWNERS is missing: create the release first with `kepbot release create v1.38`"],
    ["a KEP without a receipt", ["accept", "4242"], {}, "KEP 4242 has no receipt in v1.37: propose it first with `kepbot promote <sig>/<NNNN-name> --stage <stage> --release v1.37`"],
    [
      "a KEP with two receipts",
      ["accept", "4242"],
      { "releases/v1.37/proposed/4242.yaml": receipt("proposed"), "releases/v1.37/at-risk/04242.yaml": receipt("at-risk") },
      "KEP 4242 has 2 receipts in v1.37 (releases/v1.37/proposed/4242.yaml, releases/v1.37/at-risk/04242.yaml): one receipt per KEP per release; delete all but one first",
    ],
  ])("refuses %s: exit 2, one line, nothing moved", async (_name, argv, files, reason) => {
    const dir = repoWith({ "releases/v1.37/OWNERS": owners, ...files });
    const before = tree(dir);
    const result = await run([...argv, ...(argv.includes("--release") ? [] : ["--release", "v1.37"]), "--dir", dir]);
    expect(result).toEqual({ code: 2, stdout: "", stderr: `kepbot: ${reason}\n` });
    expect(tree(dir)).toEqual(before);
  });

  test("without --release and without a current-release in the config it cannot run", async () => {
    const dir = repoWith({ "releases/v1.37/OWNERS": owners, "releases/v1.37/proposed/4242.yaml": receipt("proposed") });
    expect(await run(["accept", "4242", "--dir", dir])).toEqual({ code: 2, stdout: "", stderr: "kepbot: give --release vX.Y (.github/kepbot.yml names no current-release)\n" });
  });
});

describe("kepbot manifest", () => {
  const files = {
    "releases/v1.37/OWNERS": owners,
    "releases/v1.37/accepted/04242.yaml": receipt("accepted"),
    "releases/v1.37/removed/100.yaml": "title: Other | thing\nkep-number: 100\nowning-sig: sig-apps\ntracking-status: removed\nstage: alpha\n",
  };

  test("markdown: counts, then a table per state with the PRR approver for the receipt's stage", async () => {
    const result = await run(["manifest", "v1.37", "--dir", repoWith(files)]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      [
        "## Enhancements tracked for v1.37",
        "",
        "2 KEPs: 0 proposed, 1 accepted, 0 at-risk, 0 exception, 1 removed.",
        "",
        "### accepted (1)",
        "",
        "| KEP | title | SIG | stage | PRR approver |",
        "| ---: | --- | --- | --- | --- |",
        "| 4242 | Sidecar restarts | sig-node | beta | `wojtek-t` |",
        "",
        "### removed (1)",
        "",
        "| KEP | title | SIG | stage | PRR approver |",
        "| ---: | --- | --- | --- | --- |",
        "| 100 | Other \\| thing | sig-apps | alpha | — |",
        "",
      ].join("\n"),
    );
  });

  test("json: the manifest object", async () => {
    const result = await run(["manifest", "v1.37", "--format", "json", "--dir", repoWith(files)]);
    const manifest = JSON.parse(result.stdout);
    expect(manifest.counts).toEqual({ proposed: 0, accepted: 1, "at-risk": 0, exception: 0, removed: 1 });
    expect(manifest.states.accepted).toEqual([{ number: 4242, title: "Sidecar restarts", sig: "sig-node", stage: "beta", prrApprover: "wojtek-t", path: "releases/v1.37/accepted/04242.yaml" }]);
  });

  test("an unknown release cannot be listed: exit 2", async () => {
    const result = await run(["manifest", "v1.38", "--dir", repoWith(files)]);
    expect(result).toEqual({ code: 2, stdout: "", stderr: "kepbot: no release v1.38: releases/v1.38/ does not exist (create it with `kepbot release create v1.38`)\n" });
  });
});

describe("kepbot query", () => {
  const dir = repoWith({
    [kepPath]: kepYaml(),
    "keps/sig-apps/100-job-budget/kep.yaml": kepYaml({ "kep-number": "100", title: "Job budget", "owning-sig": "sig-apps", stage: "alpha", milestone: '\n  alpha: "v1.33"', authors: '\n  - "@Bob"\n  - "@alice"', approvers: '\n  - "@soltysh"' }),
    "keps/prod-readiness/sig-apps/100.yaml": 'kep-number: 100\nalpha:\n  approver: "@Deads2K"\n',
    "keps/wg-batch/200-queueing/kep.yaml": kepYaml({ "kep-number": "200", title: "Queueing", "owning-sig": "wg-batch", status: "provisional", stage: null, "latest-milestone": null, milestone: null }),
    "keps/NNNN-kep-template/kep.yaml": kepYaml({ "kep-number": "NNNN", title: "KEP Template" }),
  });
  const numbers = async (...argv: string[]) => {
    const result = await run(["query", "--format", "json", "--dir", dir, ...argv]);
    return { code: result.code, numbers: (JSON.parse(result.stdout) as { number: number }[]).map((kep) => kep.number) };
  };

  test.each([
    ["no filter lists every KEP but the template", [], [100, 200, 4242]],
    ["--sig is a regular expression on owning-sig", ["--sig", "^sig-(apps|node)$"], [100, 4242]],
    ["--status is exact", ["--status", "provisional"], [200]],
    ["--stage is exact", ["--stage", "beta"], [4242]],
    ["--stage none matches KEPs without a stage", ["--stage", "none"], [200]],
    ["--prr matches the approver of the current stage, @ optional, any case", ["--prr", "deads2k"], [100]],
    ["--prr with @ and other case", ["--prr", "@WOJTEK-T"], [4242]],
    ["--prr of another stage's approver matches nothing", ["--prr", "johnbelamaric"], []],
    ["filters combine", ["--sig", "sig", "--stage", "alpha"], [100]],
    ["--author is one of the authors, @ optional, any case", ["--author", "bob"], [100]],
    ["--author with @", ["--author", "@ALICE"], [100, 200, 4242]],
    ["--approver is one of the approvers", ["--approver", "soltysh"], [100]],
    ["--approver with @", ["--approver", "@mrunalp"], [200, 4242]],
    ["--sig that matches a group but no KEP", ["--sig", "^sig-apps$", "--stage", "beta"], []],
  ])("%s", async (_name, argv, expected) => {
    expect(await numbers(...argv)).toEqual({ code: expected.length > 0 ? 0 : 1, numbers: expected });
  });

  test("json carries number, title, owningSig, status, stage, latestMilestone, prrApprover, path", async () => {
    const result = await run(["query", "--format", "json", "--sig", "apps", "--dir", dir]);
    expect(JSON.parse(result.stdout)).toEqual([
      { number: 100, title: "Job budget", owningSig: "sig-apps", status: "implementable", stage: "alpha", latestMilestone: "v1.33", prrApprover: "Deads2K", path: "sig-apps/100-job-budget", authors: ["@Bob", "@alice"], approvers: ["@soltysh"] },
    ]);
  });

  test("table: KEP, stage, status, SIG, title", async () => {
    const result = await run(["query", "--dir", dir]);
    expect(result).toMatchObject({ code: 0, stderr: "" });
    expect(result.stdout).toBe(
      [
        "KEP   stage  status         SIG       title",
        "100   alpha  implementable  sig-apps  Job budget",
        "200   -      provisional    wg-batch  Queueing",
        "4242  beta   implementable  sig-node  Sidecar restarts",
        "",
      ].join("\n"),
    );
  });

  test("nothing matches: exit 1; an invalid --sig: exit 2", async () => {
    expect(await run(["query", "--status", "withdrawn", "--dir", dir])).toEqual({ code: 1, stdout: "No KEP matches.\n", stderr: "" });
    const invalid = await run(["query", "--sig", "(", "--dir", dir]);
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toMatch(/^kepbot: --sig \(: Invalid regular expression/);
  });

  test.each([
    [["--status", "implementible"], 'kepbot: --status implementible is not a status; did you mean "implementable"? (one of provisional, implementable, implemented, deferred, rejected, withdrawn, replaced)\n'],
    [["--stage", "Beta"], 'kepbot: --stage Beta is not a stage; did you mean "beta"? (one of alpha, beta, stable, deprecated, disabled, removed, none)\n'],
    [["--stage", "gamma"], "kepbot: --stage gamma is not a stage (one of alpha, beta, stable, deprecated, disabled, removed, none)\n"],
    [["--sig", "sig-aps"], 'kepbot: --sig sig-aps matches no group in sigs.yaml; did you mean "sig-apps"?\n'],
    [["--sig", "^sig-network$"], "kepbot: --sig ^sig-network$ matches no group in sigs.yaml\n"],
    [["--output", "yaml", "--format", "json"], "kepbot: --output yaml and --format json disagree; give one\n"],
  ])("unknown values are usage errors: %j", async (argv, stderr) => {
    expect(await run(["query", ...argv, "--dir", dir])).toEqual({ code: 2, stdout: "", stderr });
  });

  test("--output yaml (kepctl's flag) lists the KEPs as YAML; --output json is --format json", async () => {
    const result = await run(["query", "--output", "yaml", "--sig", "apps", "--dir", dir]);
    expect(result).toMatchObject({ code: 0, stderr: "" });
    expect(parse(result.stdout)).toEqual([expect.objectContaining({ number: 100, title: "Job budget", prrApprover: "Deads2K", authors: ["@Bob", "@alice"] })]);
    expect(result.stdout).toMatch(/^- number: 100\n {2}title: Job budget\n/);
    const json = await run(["query", "--output", "json", "--sig", "apps", "--dir", dir]);
    expect(JSON.parse(json.stdout)).toEqual(parse(result.stdout));
    expect(await run(["query", "--output", "yaml", "--status", "withdrawn", "--dir", dir])).toEqual({ code: 1, stdout: "[]\n", stderr: "" });
  });
});
