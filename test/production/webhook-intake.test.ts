/**
 * The attack: an anonymous sender (no webhook secret) posts to kepbot's webhook URL. It may send bodies as large
 * as it likes, several at once, chunked without a length, or with a bad signature; it may also replay a delivery
 * id it has seen with a different body. kepbot (the built server, as operators run it) must refuse what is not
 * GitHub's without reading more than GitHub's payload cap, without holding many such bodies at once, and without
 * writing the bodies into its logs; and it must tell a redelivery from a new event that reuses an id.
 */
import { afterAll, beforeAll, describe, expect, test } from "@jest/globals";
import { randomUUID } from "node:crypto";
import { AppProcess } from "../support/app-process.js";
import { GitHubStandIn } from "../support/github-stand-in.js";
import { eventFor, kepFleet, waitFor, type Event } from "../support/production.js";
import { deliver, postRaw, type PullRef, type RawResult } from "../support/webhook.js";

const secret = "intake-secret";
const marker = "HOSTILE-PAYLOAD-MARKER-7f3a";
const mb = 1_000_000;
const badSignature = `sha256=${"0".repeat(64)}`;

let gh: GitHubStandIn | undefined;
let app: AppProcess | undefined;
let pulls: PullRef[];
/** The genuine delivery `genuine-1`, for redelivering it byte for byte. */
let genuine: Event;

const hook = () => `${app!.url}/api/github/webhooks`;
const headers = (id: string, extra: Record<string, string> = {}) => ({
  "content-type": "application/json",
  "x-github-event": "pull_request",
  "x-github-delivery": id,
  "x-hub-signature-256": badSignature,
  ...extra,
});
/** A JSON body of exactly `bytes` bytes that carries the marker. */
const bodyOf = (bytes: number): Buffer => {
  const head = `{"action":"opened","marker":"${marker}","pad":"`;
  return Buffer.from(`${head}${"x".repeat(bytes - head.length - 2)}"}`);
};
/** `promise`, or a result with status -1 when the server has not answered in `ms` (a hang is a failure, not a stuck test). */
const within = (ms: number, promise: Promise<RawResult>): Promise<RawResult> =>
  Promise.race([promise, new Promise<RawResult>((resolve) => setTimeout(() => resolve({ status: -1, body: "no answer", bytesSent: 0, ms }), ms).unref())]);

beforeAll(async () => {
  const fleet = kepFleet(2, 100);
  pulls = fleet.pulls;
  gh = await GitHubStandIn.start(fleet.options);
  app = await AppProcess.start({ WEBHOOK_SECRET: secret, GHE_HOST: gh.host, GHE_PROTOCOL: "http", LOG_FORMAT: "json" });
}, 30_000);

afterAll(async () => {
  await app?.stop();
  await gh?.stop();
});

describe("kepbot's webhook intake under hostile load", () => {
  // First in the file: the process's memory peak must not already hold an earlier test's.
  test("three 25 MB bodies with bad signatures at once: each is refused and the memory peak grows by less than 100 MB", async () => {
    const body = bodyOf(25 * mb);
    const before = app!.memory();
    const results = await Promise.all([1, 2, 3].map((n) => within(8_000, postRaw(hook(), { headers: headers(`big-${n}`), body }))));
    const after = app!.memory();
    const growth = (after.peak - before.rss) / mb;
    process.stdout.write(`webhook intake: RSS before ${(before.rss / mb).toFixed(0)} MB, peak after ${(after.peak / mb).toFixed(0)} MB, growth ${growth.toFixed(0)} MB; statuses ${results.map((r) => r.status).join(",")}\n`);
    for (const result of results) expect([400, 503]).toContain(result.status);
    expect(results.some((result) => result.status === 400)).toBe(true);
    expect(growth).toBeLessThan(100);
  }, 15_000);

  test("a body that declares more than GitHub's 25 MB cap is refused at once with 413, before it is sent", async () => {
    const result = await within(3_000, postRaw(hook(), { headers: headers("declared-too-big", { "content-length": String(26 * 1024 * 1024) }), body: "headers-only" }));
    expect(result.status).toBe(413);
  });

  test("a chunked body is cut off with 413 as soon as it passes the cap: kepbot keeps none of the rest", async () => {
    const chunk = Buffer.alloc(1024 * 1024, "x");
    const before = app!.memory();
    const result = await within(8_000, postRaw(hook(), { headers: headers("chunked-too-big"), body: { chunk, count: 60 } }));
    expect(result.status).toBe(413);
    // How much of the 60 MiB the sender got off depends on socket buffers and timing (a fast loopback may
    // take all of it); what must not happen is kepbot holding it: its memory grows by far less than the body.
    expect((app!.memory().peak - before.peak) / (1024 * 1024)).toBeLessThan(45);
  });

  test("a bad signature is logged on one line with the delivery id, the event and the reason; never the body", async () => {
    const id = `bad-signature-${randomUUID()}`;
    const result = await within(3_000, postRaw(hook(), { headers: headers(id), body: bodyOf(2_000) }));
    expect(result.status).toBe(400);
    expect(result.body).not.toContain(marker);
    await waitFor(() => app!.logs.includes(id), 3_000, "the rejection to be logged");
    await new Promise((resolve) => setTimeout(resolve, 200));
    const lines = app!.logs.split("\n").filter((line) => line.includes(id));
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ delivery: id, event: "pull_request", reason: expect.stringMatching(/signature/) });
    // Not this body, nor any of the earlier tests' bodies.
    expect(app!.logs).not.toContain(marker);
  });

  test("after all that, a genuine delivery is handled as usual", async () => {
    genuine = eventFor("opened", pulls[0]!, gh);
    const result = await deliver(hook(), { ...genuine, secret, id: "genuine-1" });
    expect(result.status).toBe(200);
    await waitFor(() => gh!.checkRuns.some((run) => Number.parseInt(run.external_id ?? "", 10) === Number(pulls[0]!.number) && run.status === "completed"), 10_000, "the check run");
    const metrics = await (await fetch(`${app!.url}/metrics`)).text();
    expect(metrics).toMatch(/kepbot_webhook_refused_total\{reason="signature"\} [3-9]/);
    expect(metrics).toMatch(/kepbot_webhook_refused_total\{reason="too-large"\} 2/);
  }, 15_000);

  test("a delivery id reused with a different signed body is handled; the same body under that id again is skipped", async () => {
    const runsOf = (number: number) => gh!.checkRuns.filter((run) => Number.parseInt(run.external_id ?? "", 10) === Number(number));
    // Another event under the id `genuine-1` (the delivery id is not signed; the body is).
    const other = eventFor("opened", pulls[1]!, gh);
    expect((await deliver(hook(), { ...other, secret, id: "genuine-1" })).status).toBe(200);
    await waitFor(() => runsOf(pulls[1]!.number).some((run) => run.status === "completed"), 10_000, "the check run of the other pull request");

    // GitHub's redelivery: the same id and the same body. Handled already: skipped.
    expect((await deliver(hook(), { ...genuine, secret, id: "genuine-1" })).status).toBe(200);
    await app!.idle();
    const metrics = await (await fetch(`${app!.url}/metrics`)).text();
    expect(metrics).toMatch(/kepbot_events_total\{event="pull_request",action="opened",outcome="duplicate"\} 1/);
    expect(metrics).toMatch(/kepbot_events_total\{event="pull_request",action="opened",outcome="ok"\} 2/);
    expect(runsOf(pulls[0]!.number)).toHaveLength(1);
  }, 20_000);

  test("a genuine delivery near GitHub's 25 MB cap is handled within the heap `npm start` gives the process", async () => {
    // The pull request's description padded to 24 MB (GitHub caps descriptions far lower; a push payload of many
    // commits is how a real delivery grows this large): parsed, queued and judged, its check completed.
    const pull = pulls[1]!;
    const big = eventFor("synchronize", pull, gh);
    const payload = { ...big.payload, pull_request: { ...(big.payload as { pull_request: object }).pull_request, body: "x".repeat(24 * mb) } };
    const runsBefore = gh!.checkRuns.length;
    expect((await deliver(hook(), { name: big.name, payload, secret, id: "genuine-24mb" })).status).toBe(200);
    await app!.idle(20_000);
    expect(app!.exitCode).toBeNull();
    expect(gh!.checkRuns.slice(runsBefore).filter((run) => Number.parseInt(run.external_id ?? "", 10) === Number(pull.number)).map((run) => run.status)).toEqual(["completed"]);
    expect((await fetch(`${app!.url}/ready`)).status).toBe(200);
  }, 30_000);

  // Last: it stops the server.
  test("SIGTERM lets a delivery in flight finish and answer, then the process exits 0", async () => {
    const before = gh!.requests.length;
    const inFlight = deliver(hook(), { ...eventFor("synchronize", pulls[1]!, gh), secret, id: "in-flight" });
    // The handler has begun asking GitHub: the delivery is in flight.
    await waitFor(() => gh!.requests.length > before, 5_000, "the delivery's first request to GitHub");
    await app!.stop();
    expect((await inFlight).status).toBe(200);
    expect(app!.exitCode).toBe(0);
    // The delivery was answered when it was queued; the worker finished it before the process ended.
    expect(gh!.checkRuns.filter((run) => Number.parseInt(run.external_id ?? "", 10) === Number(pulls[1]!.number)).map((run) => run.status)).not.toContain("in_progress");
  }, 15_000);
});
