import { describe, expect, test } from "@jest/globals";
import type { ChangedFile } from "../../../src/core/change-set.js";
import { detectMoves } from "../../../src/core/receipts/moves.js";
import type { PullRequestFacts } from "../../../src/core/repo/model.js";
import { exceptionQuestions } from "../../../src/core/receipts/questionnaire.js";
import { receiptStates, type ReceiptState } from "../../../src/core/schemas/receipt.schema.js";
import { findingsFor, goodRepo, kepYaml } from "../../helpers/repo.js";

const release = "v1.37";
const answered = exceptionQuestions.map((question) => `- ${question}: answered for the test`).join("\n");

function receipt(state: ReceiptState): string {
  return `title: Sidecar restarts\nkep-number: 4242\nowning-sig: sig-node\ntracking-status: ${state}\nstage: beta\n`;
}

function repoWith(state: ReceiptState | undefined): Record<string, string> {
  return {
    ...goodRepo(),
    "keps/sig-node/4242-sidecar-restarts/kep.yaml": kepYaml({ "latest-milestone": `"${release}"`, milestone: `\n  alpha: "v1.36"\n  beta: "${release}"` }),
    [`releases/${release}/OWNERS`]: "approvers:\n  - enh-lead\nreviewers:\n  - enh-shadow\n",
    ...(state ? { [`releases/${release}/${state}/4242.yaml`]: receipt(state) } : {}),
  };
}

function changeFor(from: ReceiptState | undefined, to: ReceiptState | undefined, asRename: boolean): ChangedFile[] {
  const before = from && `releases/${release}/${from}/4242.yaml`;
  const after = to && `releases/${release}/${to}/4242.yaml`;
  if (before && after && asRename) return [{ path: after, previousPath: before, status: "renamed" }];
  return [...(before ? [{ path: before, status: "removed" as const }] : []), ...(after ? [{ path: after, status: "added" as const }] : [])];
}

/** KEP-2140's diagram: `T` the Enhancements team only, `A` anyone, `X` anyone with an exception request; absent: never. */
const table: Record<string, "T" | "A" | "X"> = {
  "new→proposed": "A",
  "proposed→accepted": "T",
  "proposed→at-risk": "T",
  "at-risk→accepted": "T",
  "accepted→at-risk": "T",
  "proposed→removed": "T",
  "at-risk→removed": "T",
  "at-risk→exception": "X",
  "removed→exception": "X",
  "exception→at-risk": "T",
  "exception→removed": "T",
};

const froms: (ReceiptState | undefined)[] = [undefined, ...receiptStates];
const tos: (ReceiptState | undefined)[] = [...receiptStates, undefined];
const pairs = froms.flatMap((from) => tos.filter((to) => to !== from && (from !== undefined || to !== undefined)).map((to) => ({ from, to })));
const actors = { "the Enhancements team": "enh-lead", "the PR author": "alice", "an outsider": "mallory" } as const;

describe("receipt moves: every (from, to) pair for every kind of actor", () => {
  test("the matrix covers 30 pairs", () => {
    expect(pairs).toHaveLength(30);
  });

  // Half the moves arrive as git renames, half as a delete plus an add: both are one move.
  const cases = pairs.flatMap(({ from, to }, index) => Object.entries(actors).map(([actor, login]) => ({ key: `${from ?? "new"}→${to ?? "deleted"}`, from, to, actor, login, asRename: index % 2 === 0 })));
  test.each(cases)("$key by $actor", async ({ key, from, to, login, asRename }) => {
    const findings = await findingsFor(repoWith(to), {
      profile: "strict",
      base: repoWith(from),
      change: { files: changeFor(from, to, asRename) },
      pullRequest: { author: login, approvals: [], body: answered },
    });
    const moveFindings = findings.filter((finding) => finding.rule === "receipt/move");
    const permission = table[key];
    const allowed = permission === "A" || permission === "X" || (permission === "T" && login === "enh-lead");
    expect(moveFindings.map((finding) => finding.message)).toEqual(allowed ? [] : [expect.stringMatching(permission ? /is for the Enhancements team/ : /cannot move .*allowed from/)]);
  });
});

describe("who counts as the Enhancements team, and what an exception needs", () => {
  const base = repoWith("proposed");
  const head = repoWith("accepted");
  const change = { files: changeFor("proposed", "accepted", true) };
  const moveFindings = async (pullRequest: PullRequestFacts, baseFiles = base) =>
    (await findingsFor(head, { profile: "strict", base: baseFiles, change, pullRequest })).filter((finding) => finding.rule === "receipt/move").map((finding) => finding.message);

  test("a reviewer in the release OWNERS counts too", async () => {
    expect(await moveFindings({ author: "enh-shadow", approvals: [] })).toEqual([]);
  });

  test("an outsider's move passes once a team member approved the pull request", async () => {
    expect(await moveFindings({ author: "mallory", approvals: [{ login: "ENH-LEAD", changedSince: [] }] })).toEqual([]);
  });

  test("the attack: a team member approved one move, then the receipts moved again; the old approval does not cover it", async () => {
    const stale = { login: "enh-lead", changedSince: [`releases/${release}/accepted/4242.yaml`] };
    expect(await moveFindings({ author: "mallory", approvals: [stale] })).toEqual([expect.stringMatching(/@enh-lead of releases\/v1\.37\/OWNERS approved an earlier commit, and the receipts changed since/)]);
  });

  test("an approval of an earlier commit still counts when only files outside the release changed since", async () => {
    expect(await moveFindings({ author: "mallory", approvals: [{ login: "enh-lead", changedSince: ["keps/sig-node/4242-sidecar-restarts/README.md"] }] })).toEqual([]);
  });

  test("the team comes from the base: a PR adding its author to the release OWNERS does not count", async () => {
    const sneaky = { ...head, [`releases/${release}/OWNERS`]: "approvers:\n  - enh-lead\n  - mallory\n" };
    const findings = await findingsFor(sneaky, { profile: "strict", base, change, pullRequest: { author: "mallory", approvals: [] } });
    expect(findings.filter((finding) => finding.rule === "receipt/move").map((finding) => finding.message)).toEqual([expect.stringMatching(/@mallory is not in releases\/v1\.37\/OWNERS/)]);
  });

  test("aliases in the release OWNERS are expanded from OWNERS_ALIASES", async () => {
    const aliased = { ...base, [`releases/${release}/OWNERS`]: "approvers:\n  - sig-node-leads\n" };
    expect(await moveFindings({ author: "mrunalp", approvals: [] }, aliased)).toEqual([]);
  });

  test("an exception request without the questionnaire names the unanswered questions", async () => {
    const findings = await findingsFor(repoWith("exception"), {
      profile: "strict",
      base: repoWith("at-risk"),
      change: { files: changeFor("at-risk", "exception", false) },
      pullRequest: { author: "alice", approvals: [], body: "- Enhancement name: Sidecar restarts\n- SIG: TBD\n" },
    });
    const message = findings.find((finding) => finding.rule === "receipt/move")?.message ?? "";
    expect(message).toMatch(/unanswered: Enhancement status; SIG; k\/enhancements repo issue #/);
    expect(message).not.toMatch(/Enhancement name/);
  });
});

describe("detectMoves", () => {
  test.each([
    ["a rename is one move", [{ path: "releases/v1.37/accepted/42.yaml", previousPath: "releases/v1.37/proposed/42.yaml", status: "renamed" }], ["proposed→accepted"]],
    ["a delete plus an add is one move", [{ path: "releases/v1.37/proposed/42.yaml", status: "removed" }, { path: "releases/v1.37/accepted/42.yaml", status: "added" }], ["proposed→accepted"]],
    ["a zero-padded name pairs with a plain one", [{ path: "releases/v1.37/proposed/0042.yaml", status: "removed" }, { path: "releases/v1.37/at-risk/42.yaml", status: "added" }], ["proposed→at-risk"]],
    ["different releases do not pair", [{ path: "releases/v1.36/removed/42.yaml", status: "removed" }, { path: "releases/v1.37/proposed/42.yaml", status: "added" }], ["removed→deleted", "new→proposed"]],
    ["an edit in place is no move", [{ path: "releases/v1.37/proposed/42.yaml", status: "modified" }], []],
  ] as const)("%s", (_name, files, expected) => {
    const moves = detectMoves({ files: files as unknown as ChangedFile[] });
    expect(moves.map((move) => `${move.from ?? "new"}→${move.to ?? "deleted"}`).sort()).toEqual([...expected].sort());
  });
});

describe("receipts edited in place, and receipts of past releases", () => {
  const edited = (state: ReceiptState) => ({ ...repoWith(state), [`releases/${release}/${state}/4242.yaml`]: receipt(state).replace("stage: beta", "stage: stable") });
  const editChange = (state: ReceiptState) => ({ files: [{ path: `releases/${release}/${state}/4242.yaml`, status: "modified" as const }] });

  test.each([
    ["an outsider editing an accepted receipt", "accepted", "mallory", 1],
    ["the Enhancements team editing an accepted receipt", "accepted", "enh-lead", 0],
    ["anyone editing a proposed receipt", "proposed", "mallory", 0],
  ] as const)("%s", async (_name, state, author, expected) => {
    const findings = await findingsFor(edited(state), { profile: "strict", base: repoWith(state), change: editChange(state), pullRequest: { author, approvals: [] } });
    const moveFindings = findings.filter((finding) => finding.rule === "receipt/move");
    expect(moveFindings).toHaveLength(expected);
    if (expected) expect(moveFindings[0]?.message).toMatch(/editing a receipt in accepted\/ is for the Enhancements team/);
  });

  test("a receipt of a release the KEP has moved past is history: no readiness or stage findings", async () => {
    const files: Record<string, string> = {
      ...repoWith(undefined),
      "keps/sig-node/4242-sidecar-restarts/kep.yaml": kepYaml({ stage: "stable", "latest-milestone": '"v1.38"', milestone: '\n  alpha: "v1.36"\n  beta: "v1.37"\n  stable: "v1.38"' }),
      [`releases/${release}/accepted/4242.yaml`]: receipt("accepted"),
    };
    const findings = await findingsFor(files, { profile: "strict" });
    expect(findings.filter((finding) => finding.rule.startsWith("receipt/")).map((finding) => finding.rule)).toEqual([]);
  });
});
