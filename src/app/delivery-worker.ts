import { checkRunExternalId, pullNumberOf } from "./check-publisher.js";
import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Probot } from "probot";
import { OctokitGitHub } from "../github/octokit-github.js";
import type { Logger } from "./deps.js";
import { QueueFull, keyOf, slimPayload, type Attempt, type Delivery, type DeliveryQueue } from "./queue.js";
import { checkName } from "./reconcile.js";
import { claim, type Runtime } from "./runtime.js";

/**
 * The two ends of the delivery queue in the server: the webhook route that enqueues a verified delivery
 * and answers at once, and the worker that hands a queued delivery to Probot's event handlers
 * (`probot.receive`), which do the work as they would for a delivery received over HTTP.
 */

/** The events kepbot's handlers listen to; other deliveries are answered and not queued. */
export const handledEvents: ReadonlySet<string> = new Set(["pull_request", "pull_request_review", "issues", "issue_comment", "check_run", "check_suite", "push"]);

function answer(response: ServerResponse, status: number, body: string): void {
  response.writeHead(status, { "content-type": "text/plain" }).end(body);
}

/**
 * Enqueues one delivery whose signature the intake has verified (`request.rawBody`). A redelivery (same id,
 * same payload) is answered and dropped here, once, before it is queued: a job the queue hands out again
 * because its worker died must not count as a redelivery.
 */
export async function enqueueDelivery(request: IncomingMessage, response: ServerResponse, queue: DeliveryQueue, runtime: Runtime, log: Pick<Logger, "warn" | "error">): Promise<void> {
  const name = String(request.headers["x-github-event"]);
  const id = String(request.headers["x-github-delivery"]);
  let payload: unknown;
  try {
    payload = JSON.parse((request.rawBody ?? Buffer.alloc(0)).toString("utf8"));
  } catch {
    return answer(response, 400, "the payload is not JSON");
  }
  if (!payload || typeof payload !== "object" || Array.isArray(payload)) return answer(response, 400, "the payload is not a JSON object");
  if (!handledEvents.has(name)) return answer(response, 200, "ok (not an event kepbot handles)");
  const action = String((payload as { action?: unknown }).action ?? "");
  // Keyed on the signed bytes as received: GitHub redelivers them byte for byte, and hashing them spares
  // serializing the payload again.
  if (!(await claim(runtime, { id, body: request.rawBody ?? Buffer.alloc(0) }, log))) {
    runtime.metrics.events.inc({ event: name, action, outcome: "duplicate" });
    return answer(response, 200, "ok (redelivery)");
  }
  try {
    await queue.enqueue({ id, name, payload: slimPayload(payload as Record<string, unknown>), bytes: request.rawBody?.length ?? 0 });
  } catch (error) {
    if (error instanceof QueueFull) {
      runtime.metrics.events.inc({ event: name, action, outcome: "refused" });
      log.warn({ delivery: id, event: name, queued: error.size, queuedBytes: error.bytes }, "the delivery queue is full; refused the delivery (GitHub's Redeliver can send it again)");
      return answer(response, 503, "kepbot's queue is full; retry later");
    }
    throw error;
  }
  runtime.metrics.jobsEnqueued.inc({ event: name });
  answer(response, 200, "ok");
}

/** What a worker does with a queued delivery: Probot's handlers take it, as a delivery received over HTTP. */
export function deliveryWorker(probot: Probot, runtime: Runtime) {
  return async (delivery: Delivery, attempt: Attempt): Promise<void> => {
    if (attempt.retaken) runtime.retaken.add(delivery.id);
    try {
      await probot.receive({ id: delivery.id, name: delivery.name, payload: delivery.payload } as unknown as Parameters<Probot["receive"]>[0]);
    } finally {
      runtime.retaken.delete(delivery.id);
    }
  };
}

/** The check run a delivery is about, when it is about one pull request head. */
function checkTargetOf(delivery: Delivery): { owner: string; repo: string; number: number; headSha: string; installationId: number } | undefined {
  const p = delivery.payload as {
    repository?: { name?: string; owner?: { login?: string } };
    installation?: { id?: number };
    pull_request?: { number?: number; head?: { sha?: string } };
    check_run?: { head_sha?: string; external_id?: string; pull_requests?: { number?: number }[] };
  };
  const owner = p.repository?.owner?.login;
  const repo = p.repository?.name;
  const installationId = p.installation?.id;
  if (!owner || !repo || installationId === undefined) return undefined;
  if (delivery.name === "pull_request" || delivery.name === "pull_request_review") {
    const number = p.pull_request?.number;
    const headSha = p.pull_request?.head?.sha;
    return number && headSha ? { owner, repo, number, headSha, installationId } : undefined;
  }
  if (delivery.name === "check_run") {
    const number = pullNumberOf(p.check_run?.external_id) ?? p.check_run?.pull_requests?.[0]?.number;
    const headSha = p.check_run?.head_sha;
    return number && headSha ? { owner, repo, number, headSha, installationId } : undefined;
  }
  return undefined;
}

export const exhaustedTitle = "kepbot could not check this pull request";

/**
 * A delivery that failed on its last attempt: counted (`kepbot_jobs_failed_total`), logged with an error id,
 * and, when it is about a pull request head that has no verdict from kepbot, that head gets a completed
 * `failure` check saying so (a run left in progress is completed; otherwise one is created). A head that
 * already has a completed kepbot run keeps it.
 */
export async function reportExhausted(probot: Probot, runtime: Runtime, delivery: Delivery, error: unknown, log: Pick<Logger, "error">): Promise<void> {
  const errorId = randomBytes(4).toString("hex");
  runtime.metrics.jobsFailed.inc({ event: delivery.name });
  log.error({ err: error, delivery: delivery.id, event: delivery.name, key: keyOf(delivery), errorId }, "kepbot gave up on a delivery after its last attempt");
  const target = checkTargetOf(delivery);
  if (!target || runtime.dryRun) return;
  try {
    const github = new OctokitGitHub(await probot.auth(target.installationId));
    const repo = { owner: target.owner, repo: target.repo };
    const runs = (await github.listCheckRuns(repo, target.headSha, checkName)).filter((run) => pullNumberOf(run.externalId) === target.number);
    const now = new Date().toISOString();
    const done = {
      status: "completed" as const,
      conclusion: "failure" as const,
      completedAt: now,
      output: { title: exhaustedTitle, summary: `kepbot failed while checking this head and gave up after retrying (error id \`${errorId}\`).\n\nRe-run the check; if it keeps failing, tell the kepbot operators the error id.` },
    };
    const open = runs.find((run) => run.status !== "completed");
    if (open) await github.updateCheckRun(repo, open.id, done);
    else if (runs.length === 0) await github.createCheckRun(repo, { name: checkName, headSha: target.headSha, externalId: checkRunExternalId(target.number), startedAt: now }, done);
  } catch (publishError) {
    log.error({ err: publishError, delivery: delivery.id, errorId }, "kepbot could not complete the check run of a delivery it gave up on");
  }
}
