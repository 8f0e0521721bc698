import { afterEach, describe, expect, test } from "@jest/globals";
import { sweepInstallations } from "../../src/app/tracking-sweep.js";
import { prrPath } from "../helpers/repo.js";
import {
  afterFreeze,
  calendarConfig,
  commentPayload,
  issuePayload,
  manyKeps,
  missingPrrApprover,
  prrWithBeta,
  pushPayload,
  receive,
  requestsSince,
  trackingComments,
  trackingWorld,
  type World,
} from "../helpers/tracking-app.js";

let world: World | undefined;
afterEach(async () => {
  await world?.github.stop();
  world = undefined;
});

function clean(github: World["github"]): void {
  expect(github.invalidRequests).toEqual([]);
  expect(github.unimplementedRequests).toEqual([]);
  expect(github.failedRequests).toEqual([]);
}

const optedIn = { number: 4242, title: "Sidecar restarts", labels: ["sig/node", "stage/beta", "lead-opted-in"], milestone: "v1.37" };

describe("release tracking on enhancement issues (the GitHub stand-in checks every request against GitHub's REST and GraphQL schemas)", () => {
  test("a lead opts a KEP in: one status comment; the same event again writes nothing; a push that adds the PRR approver edits it to ready", async () => {
    world = await trackingWorld({ files: missingPrrApprover(), issues: [optedIn] });
    const { github } = world;

    let mark = github.requests.length;
    await receive(world, "issues", issuePayload(world, 4242, "labeled", { label: { name: "lead-opted-in" } }));
    const [comment] = trackingComments(github, 4242);
    expect(trackingComments(github, 4242)).toHaveLength(1);
    expect(comment?.body).toMatch(/^<!-- kepbot:tracking -->\n### ⚠️ Enhancements tracking for v1\.37: at risk/);
    expect(comment?.body).toMatch(/- \[ \] .*PRR/);
    expect(comment?.user).toEqual({ login: "kepbot[bot]", type: "Bot" });
    // The restricted-label guard reads first (the lead is allowed), then tracking: settings, the issue, the tree, the KEP's files; one write.
    const labeled = requestsSince(github, mark).filter((name) => name !== "apps/create-installation-access-token");
    const tracking = labeled.slice(labeled.lastIndexOf("graphql issue") - 1);
    expect(tracking).toEqual(["graphql files", "graphql issue", "git/get-tree", "graphql files", "issues/create-comment"]);

    // Nothing changed: re-judged, not rewritten.
    mark = github.requests.length;
    await receive(world, "issues", issuePayload(world, 4242, "labeled", { label: { name: "kind/feature" } }));
    expect(requestsSince(github, mark).filter((name) => /comment/.test(name) && name !== "graphql comment bodies")).toEqual([]);
    expect(trackingComments(github, 4242)).toHaveLength(1);

    // The PRR approver merges on the default branch: the push lists the PRR file, the comment turns ready in place.
    const files = { ...missingPrrApprover(), [prrPath]: prrWithBeta };
    const after = github.push(files);
    mark = github.requests.length;
    await receive(world, "push", pushPayload({ modified: [prrPath] }, after));
    const pushed = requestsSince(github, mark).filter((name) => name !== "apps/create-installation-access-token");
    expect(pushed).toEqual(["graphql files", "graphql milestone issues", "graphql comment bodies", "git/get-tree", "graphql files", "issues/update-comment"]);
    expect(trackingComments(github, 4242)).toHaveLength(1);
    expect(trackingComments(github, 4242)[0]?.id).toBe(comment?.id);
    expect(trackingComments(github, 4242)[0]?.id).toBeGreaterThan(2 ** 31);
    expect(trackingComments(github, 4242)[0]?.body).toMatch(/### ✅ Enhancements tracking for v1\.37: ready/);
    expect(trackingComments(github, 4242)[0]?.body).toMatch(/\*\*PRR:\*\* @\u200bwojtek-t, approved/);
    clean(github);
  }, 60_000);

  test("a push that touches no tracked KEP, list or config costs no request", async () => {
    world = await trackingWorld({ files: missingPrrApprover(), issues: [optedIn] });
    const mark = world.github.requests.length;
    await receive(world, "push", pushPayload({ modified: ["README.md", "keps/sig-apps/README.md"] }, "b".repeat(40)));
    expect(requestsSince(world.github, mark)).toEqual([]);
  }, 30_000);

  test("the daily sweep after the freeze turns at risk into missed (and says how to ask for an exception)", async () => {
    world = await trackingWorld({ files: missingPrrApprover(), issues: [optedIn] });
    const { github, probot, runtime } = world;
    await sweepInstallations(probot, runtime);
    expect(trackingComments(github, 4242)[0]?.body).toMatch(/at risk/);

    const swept = await sweepInstallations(probot, runtime, afterFreeze);
    expect(swept).toEqual([expect.objectContaining({ repo: "enhancements", reports: [expect.objectContaining({ release: "v1.37", judged: 1, updated: 1 })] })]);
    expect(trackingComments(github, 4242)).toHaveLength(1);
    expect(trackingComments(github, 4242)[0]?.body).toMatch(/### ⛔ Enhancements tracking for v1\.37: missed the enhancements freeze/);
    expect(trackingComments(github, 4242)[0]?.body).toMatch(/exception/);
    clean(github);
  }, 60_000);

  test("labels and milestone changed by hand re-judge: stage label removed, milestone removed (untracked), milestone back", async () => {
    world = await trackingWorld({ files: missingPrrApprover(), issues: [optedIn] });
    const { github } = world;
    await receive(world, "issues", issuePayload(world, 4242, "labeled", { label: { name: "lead-opted-in" } }));

    github.setIssue(4242, { labels: ["sig/node", "lead-opted-in"] });
    await receive(world, "issues", issuePayload(world, 4242, "unlabeled", { label: { name: "stage/beta" } }));
    expect(trackingComments(github, 4242)[0]?.body).toMatch(/from kep\.yaml; the issue has no stage label/);

    github.setIssue(4242, { milestone: null });
    await receive(world, "issues", issuePayload(world, 4242, "demilestoned", { milestone: { title: "v1.37", number: 1 } }));
    expect(trackingComments(github, 4242)).toHaveLength(1);
    expect(trackingComments(github, 4242)[0]?.body).toMatch(/### Enhancements tracking: not tracked\n\nThis issue is no longer tracked for a release: it has no release milestone/);

    github.setIssue(4242, { milestone: "v1.37" });
    await receive(world, "issues", issuePayload(world, 4242, "milestoned", { milestone: { title: "v1.37", number: 1 } }));
    expect(trackingComments(github, 4242)).toHaveLength(1);
    expect(trackingComments(github, 4242)[0]?.body).toMatch(/Enhancements tracking for v1\.37: at risk/);

    // kepbot's own label writes come back as events: ignored, no request.
    const mark = github.requests.length;
    await receive(world, "issues", issuePayload(world, 4242, "unlabeled", { label: { name: "tracked/yes" }, sender: { login: "kepbot[bot]", type: "Bot" } }));
    expect(requestsSince(github, mark)).toEqual([]);
    clean(github);
  }, 60_000);

  test("an issue that was never tracked and has no milestone costs no request; one with a milestone but not opted in gets no comment", async () => {
    world = await trackingWorld({ files: missingPrrApprover(), issues: [{ number: 4242, labels: ["sig/node"] }] });
    const { github } = world;
    let mark = github.requests.length;
    await receive(world, "issues", issuePayload(world, 4242, "unlabeled", { label: { name: "kind/bug" } }));
    expect(requestsSince(github, mark)).toEqual([]);

    github.setIssue(4242, { milestone: "v1.37" });
    mark = github.requests.length;
    await receive(world, "issues", issuePayload(world, 4242, "milestoned", { milestone: { title: "v1.37", number: 1 } }));
    expect(requestsSince(github, mark).filter((name) => name !== "apps/create-installation-access-token")).toEqual(["graphql files", "graphql issue"]);
    expect(github.comments).toEqual([]);
    clean(github);
  }, 30_000);

  test("/kepbot recheck on an enhancement issue re-judges it and says so in one reply", async () => {
    world = await trackingWorld({ files: missingPrrApprover(), issues: [optedIn] });
    const { github } = world;
    await receive(world, "issue_comment", commentPayload(4242, "/kepbot recheck", "alice"));
    expect(trackingComments(github, 4242)).toHaveLength(1);
    const reply = github.comments.find((comment) => comment.body.includes("> /kepbot recheck"));
    expect(reply?.body).toMatch(/judged KEP-4242 for v1\.37 again: at-risk; the tracking comment was created/);
    clean(github);
  }, 30_000);

  test("100 tracked issues: the sweep reads in 5 requests and writes only comments whose text changed", async () => {
    const issues = Array.from({ length: 100 }, (_, index) => ({ number: 5000 + index, title: `Feature ${5000 + index}`, labels: ["sig/node", "stage/beta", "lead-opted-in"], milestone: "v1.37" }));
    world = await trackingWorld({ files: { ...missingPrrApprover(), ...manyKeps(5000, 100) }, issues });
    const { github, probot, runtime } = world;
    const reads = ["graphql files", "graphql milestone issues", "git/get-tree", "graphql files"];
    const overhead = ["apps/list-installations", "apps/create-installation-access-token", "apps/list-repos-accessible-to-installation"];

    // First sweep: every issue gets its comment (no kepbot comment to read yet).
    let mark = github.requests.length;
    await sweepInstallations(probot, runtime);
    let made = requestsSince(github, mark);
    expect(made.filter((name) => !overhead.includes(name) && name !== "issues/create-comment")).toEqual(reads);
    expect(made.filter((name) => name === "issues/create-comment")).toHaveLength(100);

    // Nothing changed: 5 reads (with the bodies of kepbot's 100 comments in one query), no write.
    mark = github.requests.length;
    await sweepInstallations(probot, runtime);
    made = requestsSince(github, mark);
    expect(made.filter((name) => !overhead.includes(name))).toEqual(["graphql files", "graphql milestone issues", "graphql comment bodies", "git/get-tree", "graphql files"]);

    // One KEP fixed on the default branch, then the freeze passes: 99 turn missed, one is ready; 100 edits, no new comment.
    const after = github.push({ ...missingPrrApprover(), ...manyKeps(5000, 100), "keps/prod-readiness/sig-node/5000.yaml": prrWithBeta.replace("4242", "5000") });
    void after;
    mark = github.requests.length;
    await sweepInstallations(probot, runtime, afterFreeze);
    made = requestsSince(github, mark);
    expect(made.filter((name) => !overhead.includes(name) && name !== "issues/update-comment")).toHaveLength(5);
    expect(made.filter((name) => name === "issues/update-comment")).toHaveLength(100);
    expect(made.filter((name) => name === "issues/create-comment")).toHaveLength(0);
    expect(trackingComments(github, 5000)[0]?.body).toMatch(/: ready/);
    expect(trackingComments(github, 5099)[0]?.body).toMatch(/: missed the enhancements freeze/);

    // The same day again: nothing to write.
    mark = github.requests.length;
    await sweepInstallations(probot, runtime, afterFreeze);
    expect(requestsSince(github, mark).filter((name) => /^issues\//.test(name))).toEqual([]);
    clean(github);
  }, 120_000);

  test("the sweep skips a repository whose config tracks no release after one read", async () => {
    world = await trackingWorld({ files: { ...missingPrrApprover(), ".github/kepbot.yml": "profile: default\n" }, issues: [optedIn] });
    const mark = world.github.requests.length;
    const swept = await sweepInstallations(world.probot, world.runtime);
    expect(swept).toEqual([expect.objectContaining({ reports: [] })]);
    expect(requestsSince(world.github, mark)).toEqual(["apps/list-installations", "apps/create-installation-access-token", "apps/list-repos-accessible-to-installation", "graphql files"]);
    clean(world.github);
  }, 30_000);

  test("the config with a calendar around the real clock parses (sanity)", () => {
    expect(calendarConfig()).toMatch(/enhancements-freeze: "\d{4}-/);
  });
});
