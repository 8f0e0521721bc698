/**
 * Creates that must happen once (src/github/write-once.ts): a create whose answer is lost may have been carried
 * out, so kepbot looks for what it made before sending it again. First the policy alone, then each create the
 * Octokit port makes, against a stand-in that carries out every such write and then loses its answer.
 */
import { afterAll, beforeAll, describe, expect, test } from "@jest/globals";
import { ProbotOctokit } from "probot";
import { OctokitGitHub } from "../../src/github/octokit-github.js";
import { answerMayBeLost, createOnce } from "../../src/github/write-once.js";
import { goodRepo, kepDir, prrPath } from "../helpers/repo.js";
import { GitHubStandIn } from "../support/github-stand-in.js";

const policy = { retries: 2, retryBaseMs: 1 };
const refused = Object.assign(new Error("Validation Failed"), { status: 422 });
const lostAnswer = Object.assign(new Error("Gateway Timeout"), { status: 504 });
const timedOut = new Error("The operation was aborted due to timeout");

describe("whether an answer may be lost", () => {
  test.each([
    ["a 502", { status: 502 }, true],
    ["a 504", { status: 504 }, true],
    ["a timeout (no status)", timedOut, true],
    ["a 422 (GitHub refused it)", refused, false],
    ["a 403 secondary rate limit", { status: 403 }, false],
    ["a 429", { status: 429 }, false],
  ])("%s", (_name, error, lost) => {
    expect(answerMayBeLost(error)).toBe(lost);
  });
});

describe("createOnce", () => {
  /** Runs createOnce over scripted answers; returns what it gave and how often it sent and looked. */
  async function run(answers: (number | Error)[], found: (number | undefined)[]) {
    let sent = 0;
    let looked = 0;
    const create = async () => {
      const answer = answers[sent++];
      if (answer instanceof Error) throw answer;
      return answer!;
    };
    const findMade = async () => found[looked++];
    const outcome = await createOnce(policy, create, findMade).then(
      (value) => ({ value }),
      (error: Error) => ({ error: error.message }),
    );
    return { outcome, sent, looked };
  }

  test.each([
    ["answered: one send, no look", [7], [], { outcome: { value: 7 }, sent: 1, looked: 0 }],
    ["refused: thrown at once, nothing looked for", [refused], [], { outcome: { error: "Validation Failed" }, sent: 1, looked: 0 }],
    ["lost but made: adopted, never sent again", [lostAnswer], [9], { outcome: { value: 9 }, sent: 1, looked: 1 }],
    ["timed out but made: adopted", [timedOut], [9], { outcome: { value: 9 }, sent: 1, looked: 1 }],
    ["lost and not made: sent again", [lostAnswer, 8], [undefined], { outcome: { value: 8 }, sent: 2, looked: 1 }],
    ["lost every time: retries run out", [lostAnswer, lostAnswer, lostAnswer, 8], [undefined, undefined, undefined], { outcome: { error: "Gateway Timeout" }, sent: 3, looked: 3 }],
  ])("%s", async (_name, answers, found, expected) => {
    expect(await run(answers, found)).toEqual(expected);
  });
});

describe("the Octokit port's creates, when GitHub carries each out and loses the answer", () => {
  const owner = "kubernetes";
  const name = "enhancements";
  const baseSha = "1".repeat(40);
  const headSha = "2".repeat(40);
  const head = goodRepo();
  const base = Object.fromEntries(Object.entries(head).filter(([path]) => !path.startsWith(kepDir) && path !== prrPath));
  const pr = { owner, repo: name, number: 7 };
  let github: GitHubStandIn;
  let port: OctokitGitHub;

  beforeAll(async () => {
    github = await GitHubStandIn.start({
      owner,
      repo: name,
      installationId: 42,
      commits: { [baseSha]: base, [headSha]: head },
      pulls: [{ number: 7, baseSha, headSha, author: "alice", labels: [] }],
    });
    // kepbot's Octokit would retry a 504 itself; these creates must turn that off per request.
    const octokit = new ProbotOctokit({ auth: { token: github.issueToken() }, baseUrl: github.baseUrl, throttle: { enabled: false }, retry: { retries: 3 } });
    port = new OctokitGitHub(octokit, policy);
    // Every create is carried out, then answered 504: only the creates, so that the look-ups answer.
    github.faults = { rate: 1, kinds: ["lost"], stallMs: 20, exclude: /^(?!POST \/repos\/[^/]+\/[^/]+\/(check-runs|issues\/\d+\/comments|pulls\/\d+\/comments)$)/ };
  }, 30_000);

  afterAll(async () => {
    await github?.stop();
  });

  test("a check run: one made, its id returned", async () => {
    const id = await port.createCheckRun(pr, { name: "kepbot", headSha, externalId: "7:once", startedAt: new Date().toISOString() }, { status: "completed", conclusion: "success", output: { title: "ok", summary: "ok" } });
    expect(github.checkRuns.map((run) => ({ id: run.id, status: run.status, conclusion: run.conclusion }))).toEqual([{ id, status: "completed", conclusion: "success" }]);
  });

  test("a comment: one made, its id returned", async () => {
    const id = await port.createComment(pr, "<!-- kepbot summary -->\nonce");
    expect(github.comments.map((comment) => ({ id: comment.id, body: comment.body }))).toEqual([{ id, body: "<!-- kepbot summary -->\nonce" }]);
  });

  test("a label removal whose answer is lost: the retry finds it gone (404) and that is done, not an error", async () => {
    const faults = github.faults;
    github.faults = undefined;
    await port.addLabels(pr, ["lead-opted-in"]);
    github.faults = { rate: 1, kinds: ["lost"], stallMs: 20, exclude: /^(?!DELETE \/repos\/[^/]+\/[^/]+\/issues\/\d+\/labels\/)/ };
    try {
      const from = github.requests.length;
      const removal = port.removeLabel(pr, "lead-opted-in");
      // Only the first attempt loses its answer (the fault is decided as the request arrives; the retry comes later).
      setTimeout(() => (github.faults = undefined), 10);
      await expect(removal).resolves.toBeUndefined();
      expect(github.requests.slice(from).map((request) => request.status)).toEqual([504, 404]);
      expect(github.labels(7)).toEqual([]);
    } finally {
      github.faults = faults;
    }
  });

  test("a review comment (a suggestion): one made", async () => {
    const path = `${kepDir}/kep.yaml`;
    await port.createReviewComment(pr, { commitId: headSha, path, line: 1, body: "```suggestion\nonce\n```" });
    expect(github.reviewComments.map((comment) => ({ path: comment.path, body: comment.body }))).toEqual([{ path, body: "```suggestion\nonce\n```" }]);
  });
});
