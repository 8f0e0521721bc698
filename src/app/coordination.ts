import type { Redis } from "ioredis";

/**
 * What replicas agree on so that duplicate and concurrent deliveries converge: a delivery is handled
 * once, and one pull request is judged by one handler at a time.
 */
export interface Coordinator {
  /** True the first time a delivery key (id and payload hash, see deliveryKey) is seen (within a day), false for a redelivery. */
  claimDelivery(id: string): Promise<boolean>;
  /** Runs `work` while holding the lock `key`, waiting for other holders first. */
  withLock<T>(key: string, work: () => Promise<T>): Promise<T>;
  /** Whether the shared store answers (for the readiness route). */
  healthy(): Promise<boolean>;
  /** Records a check run kepbot shows in progress, until `finished` (a crash leaves it for the sweep). */
  started(run: RunInProgress): Promise<void>;
  /** The run is completed: nothing left to sweep. */
  finished(run: RunRef): Promise<void>;
  /**
   * Takes the runs started before `before` (ms since the epoch) and still recorded: each is handed to one
   * caller only (across replicas), and no longer recorded. Give back with `started` what could not be swept.
   */
  takeStale(before: number): Promise<RunInProgress[]>;
}

/** A check run by repository and id. */
export interface RunRef {
  readonly owner: string;
  readonly repo: string;
  readonly runId: number;
}

/** A check run kepbot shows in progress: where it is, which installation may write it, since when. */
export interface RunInProgress extends RunRef {
  readonly installationId: number;
  readonly headSha: string;
  /** ms since the epoch */
  readonly startedAt: number;
}

const runKey = (run: RunRef): string => `${run.owner}/${run.repo}#${run.runId}`;

/** A single process's coordinator: a bounded set of seen deliveries and a promise chain per key. */
export class LocalCoordinator implements Coordinator {
  private readonly seen = new Set<string>();
  private readonly tails = new Map<string, Promise<unknown>>();

  constructor(private readonly rememberedDeliveries = 10_000) {}

  async claimDelivery(id: string): Promise<boolean> {
    if (this.seen.has(id)) return false;
    this.seen.add(id);
    // Forget the oldest: a Set iterates in insertion order.
    if (this.seen.size > this.rememberedDeliveries) this.seen.delete(this.seen.values().next().value as string);
    return true;
  }

  async withLock<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const run = previous.then(work, work);
    const tail = run.catch(() => undefined);
    this.tails.set(key, tail);
    try {
      return await run;
    } finally {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }

  async healthy(): Promise<boolean> {
    return true;
  }

  private readonly runs = new Map<string, RunInProgress>();

  async started(run: RunInProgress): Promise<void> {
    this.runs.set(runKey(run), run);
  }

  async finished(run: RunRef): Promise<void> {
    this.runs.delete(runKey(run));
  }

  async takeStale(before: number): Promise<RunInProgress[]> {
    const stale = [...this.runs.values()].filter((run) => run.startedAt < before);
    for (const run of stale) this.runs.delete(runKey(run));
    return stale;
  }
}

const deliveryTtlSeconds = 24 * 60 * 60;

/** The shared store did not answer: nothing was claimed or locked, and no work ran. */
export class StoreUnavailable extends Error {
  constructor(readonly operation: "claim" | "lock" | "runs" | "queue", cause: unknown) {
    super(`the shared store did not answer (${operation}): ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}

/** Coordination across replicas through Redis: SET NX for deliveries, a lease lock per pull request. */
export class RedisCoordinator implements Coordinator {
  constructor(
    private readonly redis: Redis,
    private readonly lockTtlMs = 30_000,
    private readonly pollMs = 25,
    private readonly maxWaitMs = 5 * 60_000,
  ) {}

  async claimDelivery(id: string): Promise<boolean> {
    try {
      return (await this.redis.set(`kepbot:delivery:${id}`, "1", "EX", deliveryTtlSeconds, "NX")) === "OK";
    } catch (error) {
      throw new StoreUnavailable("claim", error);
    }
  }

  /**
   * The lease is `lockTtlMs`, renewed every third of it while the work runs: a live holder keeps the lock
   * however long it works, and a dead one (SIGKILL, OOM) blocks the key for at most one lease. A waiter
   * gives up waiting after `maxWaitMs` and works anyway (the writes are idempotent; stalling for ever is worse).
   */
  async withLock<T>(key: string, work: () => Promise<T>): Promise<T> {
    const lock = `kepbot:lock:${key}`;
    const token = `${process.pid}:${Math.random().toString(36).slice(2)}`;
    const deadline = Date.now() + Math.max(this.lockTtlMs, this.maxWaitMs);
    try {
      while ((await this.redis.set(lock, token, "PX", this.lockTtlMs, "NX")) !== "OK") {
        if (Date.now() > deadline) break;
        await new Promise((resolve) => setTimeout(resolve, this.pollMs));
      }
    } catch (error) {
      throw new StoreUnavailable("lock", error);
    }
    const renew = setInterval(() => {
      void this.redis.eval("if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end", 1, lock, token, String(this.lockTtlMs)).catch(() => undefined);
    }, Math.max(50, Math.floor(this.lockTtlMs / 3)));
    renew.unref?.();
    try {
      return await work();
    } finally {
      clearInterval(renew);
      // Release only our own lease (compare-and-delete).
      await this.redis.eval("if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end", 1, lock, token).catch(() => undefined);
    }
  }

  async healthy(): Promise<boolean> {
    return this.redis.ping().then((answer) => answer === "PONG", () => false);
  }

  /**
   * Runs in progress: a sorted set of run keys by start time (what the sweep scans) and a hash of their
   * details. Shared by every replica, so that a restarted or another replica sweeps a dead one's runs.
   */
  private static readonly byStart = "kepbot:runs:by-start";
  private static readonly details = "kepbot:runs";

  async started(run: RunInProgress): Promise<void> {
    const key = runKey(run);
    try {
      await this.redis.multi().zadd(RedisCoordinator.byStart, run.startedAt, key).hset(RedisCoordinator.details, key, JSON.stringify(run)).exec();
    } catch (error) {
      throw new StoreUnavailable("runs", error);
    }
  }

  async finished(run: RunRef): Promise<void> {
    const key = runKey(run);
    try {
      await this.redis.multi().zrem(RedisCoordinator.byStart, key).hdel(RedisCoordinator.details, key).exec();
    } catch (error) {
      throw new StoreUnavailable("runs", error);
    }
  }

  async takeStale(before: number): Promise<RunInProgress[]> {
    try {
      const keys = await this.redis.zrangebyscore(RedisCoordinator.byStart, "-inf", `(${before}`, "LIMIT", 0, 100);
      const taken: RunInProgress[] = [];
      for (const key of keys) {
        // ZREM answers 1 to one caller only: two replicas sweeping at once do not both take a run.
        if ((await this.redis.zrem(RedisCoordinator.byStart, key)) !== 1) continue;
        const details = await this.redis.hget(RedisCoordinator.details, key);
        await this.redis.hdel(RedisCoordinator.details, key);
        const run = details ? parseRun(details) : undefined;
        if (run) taken.push(run);
      }
      return taken;
    } catch (error) {
      throw new StoreUnavailable("runs", error);
    }
  }
}

function parseRun(text: string): RunInProgress | undefined {
  try {
    const run = JSON.parse(text) as Partial<RunInProgress>;
    const ok = typeof run.owner === "string" && typeof run.repo === "string" && typeof run.runId === "number" && typeof run.installationId === "number" && typeof run.headSha === "string" && typeof run.startedAt === "number";
    return ok ? (run as RunInProgress) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The shared store when it answers, this process's own coordination when it does not: with Redis down
 * kepbot still handles every delivery (duplicates across replicas are then possible, and harmless,
 * since every write kepbot makes is idempotent), and says so in its logs and metrics.
 */
export class DegradingCoordinator implements Coordinator {
  constructor(
    private readonly shared: Coordinator,
    private readonly onDegraded: (failure: StoreUnavailable) => void,
    private readonly local: Coordinator = new LocalCoordinator(),
  ) {}

  async claimDelivery(id: string): Promise<boolean> {
    try {
      return await this.shared.claimDelivery(id);
    } catch (error) {
      if (!(error instanceof StoreUnavailable)) throw error;
      this.onDegraded(error);
      return this.local.claimDelivery(id);
    }
  }

  async withLock<T>(key: string, work: () => Promise<T>): Promise<T> {
    try {
      return await this.shared.withLock(key, work);
    } catch (error) {
      // Only a failure to take the lock falls back; the work's own errors are the caller's.
      if (!(error instanceof StoreUnavailable)) throw error;
      this.onDegraded(error);
      return this.local.withLock(key, work);
    }
  }

  healthy(): Promise<boolean> {
    return this.shared.healthy();
  }

  /** Recorded in Redis when it answers, else in this process (swept by this process only). */
  async started(run: RunInProgress): Promise<void> {
    try {
      await this.shared.started(run);
    } catch (error) {
      if (!(error instanceof StoreUnavailable)) throw error;
      this.onDegraded(error);
      await this.local.started(run);
    }
  }

  async finished(run: RunRef): Promise<void> {
    await this.local.finished(run);
    try {
      await this.shared.finished(run);
    } catch (error) {
      if (!(error instanceof StoreUnavailable)) throw error;
      // Left in Redis, the sweep finds the run completed and leaves it as it is.
      this.onDegraded(error);
    }
  }

  async takeStale(before: number): Promise<RunInProgress[]> {
    const local = await this.local.takeStale(before);
    try {
      return [...local, ...(await this.shared.takeStale(before))];
    } catch (error) {
      if (!(error instanceof StoreUnavailable)) throw error;
      this.onDegraded(error);
      return local;
    }
  }
}
