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
}

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
}

const deliveryTtlSeconds = 24 * 60 * 60;

/** The shared store did not answer: nothing was claimed or locked, and no work ran. */
export class StoreUnavailable extends Error {
  constructor(readonly operation: "claim" | "lock", cause: unknown) {
    super(`the shared store did not answer (${operation}): ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}

/** Coordination across replicas through Redis: SET NX for deliveries, a lease lock per pull request. */
export class RedisCoordinator implements Coordinator {
  constructor(
    private readonly redis: Redis,
    private readonly lockTtlMs = 60_000,
    private readonly pollMs = 25,
  ) {}

  async claimDelivery(id: string): Promise<boolean> {
    try {
      return (await this.redis.set(`kepbot:delivery:${id}`, "1", "EX", deliveryTtlSeconds, "NX")) === "OK";
    } catch (error) {
      throw new StoreUnavailable("claim", error);
    }
  }

  async withLock<T>(key: string, work: () => Promise<T>): Promise<T> {
    const lock = `kepbot:lock:${key}`;
    const token = `${process.pid}:${Math.random().toString(36).slice(2)}`;
    const deadline = Date.now() + this.lockTtlMs;
    try {
      while ((await this.redis.set(lock, token, "PX", this.lockTtlMs, "NX")) !== "OK") {
        // A holder that died releases the lock when its lease runs out.
        if (Date.now() > deadline) break;
        await new Promise((resolve) => setTimeout(resolve, this.pollMs));
      }
    } catch (error) {
      throw new StoreUnavailable("lock", error);
    }
    try {
      return await work();
    } finally {
      // Release only our own lease (compare-and-delete).
      await this.redis.eval("if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end", 1, lock, token).catch(() => undefined);
    }
  }

  async healthy(): Promise<boolean> {
    return this.redis.ping().then((answer) => answer === "PONG", () => false);
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
}
