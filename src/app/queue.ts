import { pullNumberOf } from "./check-publisher.js";
import { hostname } from "node:os";
import { Queue, Worker, type Job } from "bullmq";
import { Redis } from "ioredis";

/**
 * The delivery queue: the webhook route verifies a delivery and enqueues it (answering at once), and
 * workers take deliveries off the queue and handle them. With `REDIS_URL` the queue is BullMQ on the
 * Redis kepbot already uses (durable: a delivery whose worker dies is taken up again by another);
 * without it, an in-memory queue with the same interface serves a single instance.
 */

/** A verified webhook delivery, as it is queued: only what a handler needs. */
export interface Delivery {
  readonly id: string;
  readonly name: string;
  readonly payload: Record<string, unknown>;
  /** The size of the signed body it came in (bytes): more than the queued payload holds, which is slimmed. */
  readonly bytes?: number;
}

/** What a worker knows about the attempt it is making. */
export interface Attempt {
  /** 1 for the first attempt. */
  readonly number: number;
  /** An earlier attempt started (it failed, or its worker died mid-delivery): its work may be half done. */
  readonly retaken: boolean;
}

export type Processor = (delivery: Delivery, attempt: Attempt) => Promise<void>;

export interface QueueSettings {
  /** Deliveries one process works on at once (`KEPBOT_WORKERS`, default 32; 0: this process only enqueues). Workers mostly wait on GitHub: 16 left a 2-core process half idle with a backlog at 50 events/s. */
  readonly concurrency: number;
  /** Attempts per delivery before it counts as failed (`KEPBOT_JOB_ATTEMPTS`, default 3). */
  readonly attempts: number;
  /** First retry's delay in ms, doubled for each later one (`KEPBOT_JOB_BACKOFF_MS`, default 2000). */
  readonly backoffMs: number;
  /** BullMQ: how long a worker's lock on a job lasts unrenewed (`KEPBOT_JOB_LOCK_MS`, default 30000). */
  readonly lockMs: number;
  /** BullMQ: how often workers look for jobs whose worker died (`KEPBOT_JOB_STALLED_INTERVAL_MS`, default 30000). */
  readonly stalledIntervalMs: number;
  /** BullMQ: how many times a job may be taken up again after its worker died (`KEPBOT_JOB_MAX_STALLED`, default 2). */
  readonly maxStalled: number;
  /** In-memory queue: deliveries held at most (`KEPBOT_QUEUE_MAX_LOCAL`, default 10000); beyond it the webhook answers 503. */
  readonly maxLocal: number;
  /**
   * In-memory queue: the signed bodies of the deliveries held, in bytes at most (`KEPBOT_QUEUE_MAX_LOCAL_MB`,
   * default 64). A queued payload takes at most about 1.2 times its body's size in the heap (slimmed, a typical
   * pull request event holds 12 KiB for a 21 KB body), so this keeps a backlog well within the 256 MB heap
   * `npm start` gives: about 3,000 typical deliveries; beyond it the webhook answers 503.
   */
  readonly maxLocalBytes: number;
}

export function queueSettings(env: NodeJS.ProcessEnv): QueueSettings {
  const number = (name: string, fallback: number, min = 0): number => {
    const value = Number(env[name]);
    return env[name] !== undefined && env[name] !== "" && Number.isInteger(value) && value >= min ? value : fallback;
  };
  return {
    concurrency: number("KEPBOT_WORKERS", 32),
    attempts: number("KEPBOT_JOB_ATTEMPTS", 3, 1),
    backoffMs: number("KEPBOT_JOB_BACKOFF_MS", 2_000),
    lockMs: number("KEPBOT_JOB_LOCK_MS", 30_000, 100),
    stalledIntervalMs: number("KEPBOT_JOB_STALLED_INTERVAL_MS", 30_000, 100),
    maxStalled: number("KEPBOT_JOB_MAX_STALLED", 2),
    maxLocal: number("KEPBOT_QUEUE_MAX_LOCAL", 10_000, 1),
    maxLocalBytes: number("KEPBOT_QUEUE_MAX_LOCAL_MB", 64, 1) * 1_000_000,
  };
}

export interface QueueHooks {
  /** A delivery failed on its last attempt (or its workers kept dying): it will not be tried again. */
  readonly onExhausted: (delivery: Delivery, error: unknown) => Promise<void> | void;
  /** Counts a job's outcome: done, retry (failed, will be tried again), failed, superseded. */
  readonly onOutcome?: (outcome: "done" | "retry" | "failed" | "superseded", delivery: Delivery) => void;
  /** The shared queue did not answer and this process's queue took the delivery. */
  readonly onDegraded?: (error: unknown) => void;
  readonly log: { info(details: object, message: string): void; warn(details: object, message: string): void; error(details: object, message: string): void };
}

export interface DeliveryQueue {
  readonly kind: "redis" | "memory";
  /** Holds the delivery until a worker takes it. Throws QueueFull when the in-memory queue is full. */
  enqueue(delivery: Delivery): Promise<void>;
  /** Starts this process's workers (none when the concurrency is 0). */
  start(process: Processor): void;
  /** Deliveries waiting (not yet taken), for the metrics. */
  waiting(): Promise<number>;
  /** Stops taking deliveries and lets those being worked on finish. */
  close(): Promise<void>;
}

export class QueueFull extends Error {
  constructor(
    readonly size: number,
    readonly bytes: number,
  ) {
    super(`kepbot's in-memory delivery queue holds ${size} deliveries (${Math.round(bytes / 1_000_000)} MB of payloads), its most`);
  }
}

// --- What a delivery is about -------------------------------------------------------------------

type Json = Record<string, unknown>;
const object = (value: unknown): Json | undefined => (value && typeof value === "object" && !Array.isArray(value) ? (value as Json) : undefined);

/**
 * The key whose deliveries are worked on one at a time: the pull request or issue (`owner/repo#N`, the
 * handlers' lock key), the repository's tracking for a push; undefined for what has neither.
 */
export function keyOf(delivery: Delivery): string | undefined {
  const p = delivery.payload;
  const repo = object(p.repository)?.full_name;
  if (typeof repo !== "string") return undefined;
  const number = (value: unknown) => (typeof value === "number" && value > 0 ? `${repo}#${value}` : undefined);
  switch (delivery.name) {
    case "pull_request":
    case "pull_request_review":
      return number(object(p.pull_request)?.number);
    case "issues":
    case "issue_comment":
      return number(object(p.issue)?.number);
    case "check_run": {
      const run = object(p.check_run);
      const first = Array.isArray(run?.pull_requests) ? object(run.pull_requests[0]) : undefined;
      return number(pullNumberOf(typeof run?.external_id === "string" ? run.external_id : undefined) ?? first?.number);
    }
    case "push":
      return `tracking:${repo}`;
    default:
      return undefined;
  }
}

/** The head a delivery judges and when GitHub described the pull request so (its `updated_at`), if it is a judgement of the head. */
export function headOf(delivery: Delivery): { sha: string; at: number } | undefined {
  const p = delivery.payload;
  // `labeled` also guards restricted labels: it is never skipped.
  if (!(delivery.name === "pull_request" && p.action !== "labeled") && delivery.name !== "pull_request_review") return undefined;
  const pr = object(p.pull_request);
  const sha = object(pr?.head)?.sha;
  const at = typeof pr?.updated_at === "string" ? Date.parse(pr.updated_at) : NaN;
  return typeof sha === "string" && Number.isFinite(at) ? { sha, at } : undefined;
}

/**
 * The supersede rule: a queued judgement of head H1 of a pull request is skipped when a delivery describing
 * that pull request strictly later (a later `updated_at`) with another head H2 was enqueued meanwhile: the
 * newer delivery judges the newer head, and H1 is no longer the pull request's head. Ordered by GitHub's
 * `updated_at`, not by arrival, so that an old delivery arriving late (a redelivery) never makes kepbot skip
 * the newest head. Same-second updates are not ordered and both run (the older then ends "Superseded").
 */
export function superseded(job: { sha: string; at: number } | undefined, latest: { sha: string; at: number } | undefined): boolean {
  return Boolean(job && latest && latest.sha !== job.sha && latest.at > job.at);
}

const keptRepoFields = ["id", "name", "full_name", "private", "fork", "default_branch"] as const;

/**
 * The payload as it is queued: the two repository objects GitHub nests in a pull request (`head.repo`,
 * `base.repo`: about 6 KB each, unused by kepbot) cut to their names, and `_links` dropped. The rest stays
 * as GitHub sent it (the handlers read the repository, sender, installation, labels, body …).
 */
export function slimPayload(payload: Json): Json {
  const pr = object(payload.pull_request);
  if (!pr) return payload;
  const slimRef = (ref: unknown) => {
    const r = object(ref);
    const repo = object(r?.repo);
    if (!r || !repo) return ref;
    const owner = object(repo.owner);
    return { ...r, repo: { ...Object.fromEntries(keptRepoFields.filter((k) => k in repo).map((k) => [k, repo[k]])), ...(owner ? { owner: { login: owner.login } } : {}) } };
  };
  const { _links: _dropped, ...rest } = pr;
  return { ...payload, pull_request: { ...rest, head: slimRef(pr.head), base: slimRef(pr.base) } };
}

// --- In memory ----------------------------------------------------------------------------------

interface Pending {
  readonly delivery: Delivery;
  readonly key: string | undefined;
  attempts: number;
}

/** A single process's queue: deliveries of one key one at a time, `concurrency` at once, retries backed off. */
export class MemoryQueue implements DeliveryQueue {
  readonly kind = "memory" as const;
  private readonly pending: Pending[] = [];
  private readonly busy = new Set<string>();
  private readonly heads = new Map<string, { sha: string; at: number }>();
  private readonly retries = new Set<ReturnType<typeof setTimeout>>();
  private active = 0;
  /** The `bytes` of the deliveries in `pending`. */
  private heldBytes = 0;
  private processor: Processor | undefined;
  private closed = false;
  private idle: (() => void) | undefined;

  constructor(
    private readonly settings: QueueSettings,
    private readonly hooks: QueueHooks,
  ) {}

  async enqueue(delivery: Delivery): Promise<void> {
    if (this.closed) throw new Error("the delivery queue is closed");
    const bytes = delivery.bytes ?? 0;
    // The first delivery always fits, however large: one that could never be queued would never be handled.
    if (this.pending.length >= this.settings.maxLocal || (this.pending.length > 0 && this.heldBytes + bytes > this.settings.maxLocalBytes)) {
      throw new QueueFull(this.pending.length, this.heldBytes);
    }
    const key = keyOf(delivery);
    const head = headOf(delivery);
    if (key && head) {
      const latest = this.heads.get(key);
      if (!latest || head.at > latest.at) this.heads.set(key, head);
      if (this.heads.size > 10_000) this.heads.delete(this.heads.keys().next().value as string);
    }
    this.hold({ delivery, key, attempts: 0 });
    this.pump();
  }

  private hold(job: Pending): void {
    this.pending.push(job);
    this.heldBytes += job.delivery.bytes ?? 0;
  }

  start(process: Processor): void {
    if (this.settings.concurrency === 0) return;
    this.processor = process;
    this.pump();
  }

  async waiting(): Promise<number> {
    return this.pending.length;
  }

  /**
   * Stops retrying and works off what is queued (the process is going away), for at most `closeMs`: what is
   * still queued then is lost with the process, and said so.
   */
  async close(closeMs = 25_000): Promise<void> {
    this.closed = true;
    for (const timer of this.retries) clearTimeout(timer);
    if (this.processor && (this.active > 0 || this.pending.length > 0)) {
      await new Promise<void>((resolve) => {
        this.idle = resolve;
        setTimeout(resolve, closeMs).unref();
      });
    }
    if (this.pending.length > 0) this.hooks.log.warn({ dropped: this.pending.length }, "kepbot stopped with deliveries still queued in memory; they are lost (GitHub's Redeliver sends them again)");
  }

  private pump(): void {
    const process = this.processor;
    if (!process) return;
    while (this.active < this.settings.concurrency) {
      const index = this.pending.findIndex((job) => !job.key || !this.busy.has(job.key));
      if (index < 0) break;
      const [job] = this.pending.splice(index, 1) as [Pending];
      this.heldBytes -= job.delivery.bytes ?? 0;
      this.active++;
      if (job.key) this.busy.add(job.key);
      void this.run(job, process).finally(() => {
        this.active--;
        if (job.key) this.busy.delete(job.key);
        if (this.active === 0 && this.pending.length === 0) this.idle?.();
        this.pump();
      });
    }
  }

  private async run(job: Pending, process: Processor): Promise<void> {
    job.attempts++;
    if (job.key && superseded(headOf(job.delivery), this.heads.get(job.key))) {
      this.hooks.onOutcome?.("superseded", job.delivery);
      return;
    }
    try {
      await process(job.delivery, { number: job.attempts, retaken: job.attempts > 1 });
      this.hooks.onOutcome?.("done", job.delivery);
    } catch (error) {
      if (job.attempts >= this.settings.attempts || this.closed) {
        this.hooks.onOutcome?.("failed", job.delivery);
        await Promise.resolve(this.hooks.onExhausted(job.delivery, error)).catch(() => undefined);
        return;
      }
      this.hooks.onOutcome?.("retry", job.delivery);
      this.hooks.log.warn({ err: error, delivery: job.delivery.id, event: job.delivery.name, attempt: job.attempts }, "the delivery failed; trying again after a pause");
      const timer = setTimeout(() => {
        this.retries.delete(timer);
        this.hold(job);
        this.pump();
      }, this.settings.backoffMs * 2 ** (job.attempts - 1));
      this.retries.add(timer);
    }
  }
}

// --- BullMQ on Redis ----------------------------------------------------------------------------

export const queueName = "kepbot-deliveries";
const headKey = (key: string): string => `kepbot:head:${key}`;
const headTtlMs = 24 * 60 * 60 * 1000;
/** Records a pull request's latest head when its `updated_at` (ARGV[1]) is later than the one recorded. */
const noteHead = "local v = redis.call('get', KEYS[1]); if v and tonumber(string.match(v, '^[0-9]+')) >= tonumber(ARGV[1]) then return 0 end; redis.call('set', KEYS[1], ARGV[1] .. ' ' .. ARGV[2], 'PX', ARGV[3]); return 1";

function parseHead(text: string | null): { sha: string; at: number } | undefined {
  const [at, sha] = (text ?? "").split(" ");
  return at && sha ? { at: Number(at), sha } : undefined;
}

/**
 * The queue on Redis (BullMQ). Jobs carry the delivery; `attempts` with exponential backoff retry a failure;
 * a worker holds a lock on its job, renewed while it works: when the worker dies the lock lapses
 * (`lockMs`) and another worker's stalled-job check (every `stalledIntervalMs`) puts the job back to be
 * taken again. One pull request at a time: the handlers take the pull request's lock (coordination.ts),
 * which every replica shares through the same Redis.
 */
export class RedisQueue implements DeliveryQueue {
  readonly kind = "redis" as const;
  private readonly producer: Redis;
  private readonly queue: Queue;
  private worker: Worker | undefined;
  private workerConnection: Redis | undefined;

  constructor(
    private readonly url: string,
    private readonly settings: QueueSettings,
    private readonly hooks: QueueHooks,
  ) {
    // Enqueueing must fail fast when Redis is down (the webhook then queues in memory), not wait for it.
    this.producer = new Redis(url, { maxRetriesPerRequest: 1, enableOfflineQueue: false, connectTimeout: 2_000, commandTimeout: 2_000 });
    this.producer.on("error", () => undefined);
    this.queue = new Queue(queueName, { connection: this.producer });
    this.queue.on("error", () => undefined);
  }

  /** While the connection is still being made (just after startup, a reconnect), waits for it a little (2 s at most). */
  private async connected(): Promise<void> {
    if (this.producer.status === "ready" || this.producer.status === "end") return;
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.producer.off("ready", done);
        resolve();
      };
      const timer = setTimeout(done, 2_000);
      this.producer.once("ready", done);
    });
  }

  async enqueue(delivery: Delivery): Promise<void> {
    const key = keyOf(delivery);
    const head = headOf(delivery);
    await this.connected();
    if (key && head) await this.producer.eval(noteHead, 1, headKey(key), String(head.at), head.sha, String(headTtlMs));
    await this.queue.add(delivery.name, delivery, {
      attempts: this.settings.attempts,
      backoff: { type: "exponential", delay: this.settings.backoffMs },
      // Done jobs are not kept (their payloads would fill Redis); failed ones for a week, at most 1000, to look into.
      removeOnComplete: { count: 100 },
      removeOnFail: { age: 7 * 24 * 60 * 60, count: 1_000 },
    });
  }

  start(process: Processor): void {
    if (this.settings.concurrency === 0 || this.worker) return;
    // BullMQ's workers block on Redis and must retry for ever (maxRetriesPerRequest: null).
    this.workerConnection = new Redis(this.url, { maxRetriesPerRequest: null });
    this.workerConnection.on("error", () => undefined);
    this.worker = new Worker<Delivery>(
      queueName,
      async (job: Job<Delivery>) => {
        const delivery = job.data;
        const key = keyOf(delivery);
        const head = headOf(delivery);
        if (key && head && superseded(head, parseHead(await this.producer.get(headKey(key)).catch(() => null)))) {
          this.hooks.onOutcome?.("superseded", delivery);
          return;
        }
        await process(delivery, { number: job.attemptsMade + 1, retaken: job.attemptsStarted > 1 || job.stalledCounter > 0 });
        this.hooks.onOutcome?.("done", delivery);
      },
      {
        connection: this.workerConnection,
        concurrency: this.settings.concurrency,
        name: `${hostname()}:${globalThis.process.pid}`,
        lockDuration: this.settings.lockMs,
        stalledInterval: this.settings.stalledIntervalMs,
        maxStalledCount: this.settings.maxStalled,
      },
    );
    this.worker.on("error", (error) => this.hooks.log.warn({ err: error }, "the delivery queue's worker could not reach Redis"));
    this.worker.on("failed", (job, error) => {
      const delivery = job?.data;
      if (!job || !delivery) return;
      const last = job.attemptsMade >= (job.opts.attempts ?? 1) || /stalled more than allowable limit/i.test(error.message);
      if (!last) {
        this.hooks.onOutcome?.("retry", delivery);
        this.hooks.log.warn({ err: error, delivery: delivery.id, event: delivery.name, attempt: job.attemptsMade }, "the delivery failed; trying again after a pause");
        return;
      }
      this.hooks.onOutcome?.("failed", delivery);
      void Promise.resolve(this.hooks.onExhausted(delivery, error)).catch(() => undefined);
    });
  }

  async waiting(): Promise<number> {
    return this.queue.getWaitingCount();
  }

  /**
   * The worker finishes the jobs it is working on and takes no more; the queue's connections close. Bounded
   * by `closeMs`: past it (Redis gone, a job that will not end) the worker is closed by force, and a job it
   * still held is taken up again by another worker once its lock lapses.
   */
  async close(closeMs = 25_000): Promise<void> {
    const within = (promise: Promise<unknown>, ms: number) =>
      Promise.race([promise.then(() => true, () => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), ms).unref())]);
    // With Redis unreachable the worker holds no job it could finish: close it at once.
    const reachable = this.workerConnection?.status === "ready";
    if (this.worker && !(await within(this.worker.close(!reachable), reachable ? closeMs : 1_000))) await within(this.worker.close(true), 1_000);
    await within(this.queue.close(), 1_000);
    this.workerConnection?.disconnect();
    this.producer.disconnect();
  }
}

/**
 * The Redis queue while Redis answers; when an enqueue fails, the delivery goes to this process's memory
 * queue instead (counted, logged at most once a minute), as the coordinator degrades to local locks.
 */
export class DegradingQueue implements DeliveryQueue {
  readonly kind = "redis" as const;
  constructor(
    private readonly shared: DeliveryQueue,
    private readonly local: DeliveryQueue,
    private readonly onDegraded: (error: unknown) => void,
  ) {}

  async enqueue(delivery: Delivery): Promise<void> {
    try {
      await this.shared.enqueue(delivery);
    } catch (error) {
      this.onDegraded(error);
      await this.local.enqueue(delivery);
    }
  }

  start(process: Processor): void {
    this.shared.start(process);
    this.local.start(process);
  }

  async waiting(): Promise<number> {
    const local = await this.local.waiting();
    return local + (await this.shared.waiting().catch(() => 0));
  }

  async close(): Promise<void> {
    await Promise.all([this.shared.close(), this.local.close()]);
  }
}

/** BullMQ on `REDIS_URL`, falling back to memory while Redis does not answer; memory alone without it. */
export function createDeliveryQueue(env: NodeJS.ProcessEnv, hooks: QueueHooks): DeliveryQueue {
  const settings = queueSettings(env);
  if (!env.REDIS_URL) return new MemoryQueue(settings, hooks);
  // What falls back to memory is worked on here, even by a replica that otherwise only enqueues.
  const local = new MemoryQueue({ ...settings, concurrency: Math.max(1, settings.concurrency) }, hooks);
  let lastLogged = 0;
  return new DegradingQueue(new RedisQueue(env.REDIS_URL, settings, hooks), local, (error) => {
    hooks.onDegraded?.(error);
    if (Date.now() - lastLogged < 60_000) return;
    lastLogged = Date.now();
    hooks.log.warn({ err: error }, "Redis did not answer: queueing deliveries in this process's memory until it does");
  });
}
