import { randomBytes } from "node:crypto";
import type { CheckConclusion, CheckRunOutput, CheckRunSpec, GitHubPort, RepoRef } from "../github/port.js";

/**
 * A check run's `external_id`: the pull request's number (a re-run of a fork's run has no other way to
 * find it), then a nonce that tells this publisher's run from any other delivery's run of the same head,
 * so that a create whose answer was lost finds its own run and never adopts another's.
 */
export function checkRunExternalId(pullNumber: number): string {
  return `${pullNumber}:${randomBytes(4).toString("hex")}`;
}

/** The pull request number an `external_id` carries (older runs carry the bare number). */
export function pullNumberOf(externalId: string | null | undefined): number | undefined {
  const number = Number.parseInt(externalId ?? "", 10);
  return Number.isSafeInteger(number) && number > 0 ? number : undefined;
}

/** How long a verdict may take before the check shows as in progress (users then see it started). */
export const inProgressAfterMs = 1500;

/**
 * Where the runs kepbot shows in progress are recorded until they complete, so that runs a crashed
 * process left in progress are found and completed by a sweep (see sweep.ts). Best effort: a ledger
 * that fails only costs the sweep its knowledge of the run.
 */
export interface RunLedger {
  started(repo: RepoRef, runId: number, headSha: string): Promise<void>;
  finished(repo: RepoRef, runId: number): Promise<void>;
}

/**
 * The one `kepbot` check run of a head. A verdict that comes quickly is published with one write,
 * the run created already completed; a slow one first shows the run in progress. Either way the run
 * is completed: `complete` is called on success and on failure alike.
 */
export class CheckPublisher {
  private created: Promise<number> | undefined;
  /** Whether the ledger holds the run: it was shown in progress. */
  private recorded = false;
  private readonly timer: ReturnType<typeof setTimeout>;

  constructor(
    private readonly github: GitHubPort,
    private readonly repo: RepoRef,
    private readonly spec: CheckRunSpec,
    private readonly now: () => Date,
    showProgressAfterMs = inProgressAfterMs,
    private readonly ledger?: RunLedger,
    /** An earlier attempt at this delivery may have shown the run in progress and died: adopt that run rather than create a second. */
    private readonly adopt = false,
  ) {
    this.timer = setTimeout(() => void this.started().catch(() => undefined), showProgressAfterMs);
    this.timer.unref?.();
  }

  private started(): Promise<number> {
    this.created ??= this.adopted().then(async (adopted) => {
      const id = adopted ?? (await this.github.createCheckRun(this.repo, this.spec));
      if (this.ledger) this.recorded = await this.ledger.started(this.repo, id, this.spec.headSha).then(() => true, () => false);
      return id;
    });
    return this.created;
  }

  /** On a retaken delivery: the run of this head and pull request an earlier attempt left in progress, if any. */
  private async adopted(): Promise<number | undefined> {
    if (!this.adopt) return undefined;
    const runs = await this.github.listCheckRuns(this.repo, this.spec.headSha, this.spec.name).catch(() => []);
    // The earlier attempt's run carries its own nonce: the pull request's number is what they share.
    const pull = pullNumberOf(this.spec.externalId);
    return runs.find((run) => pullNumberOf(run.externalId) === pull && run.status !== "completed")?.id;
  }

  /** The run already created, if its creation succeeded. */
  private async existing(): Promise<number | undefined> {
    return this.created?.then((id) => id, () => undefined);
  }

  /** Completes the run with the verdict; later outputs each append their batch of annotations. */
  async complete(conclusion: CheckConclusion, outputs: readonly CheckRunOutput[]): Promise<number> {
    clearTimeout(this.timer);
    const [first, ...rest] = outputs;
    const done = { status: "completed" as const, conclusion, completedAt: this.now().toISOString(), ...(first ? { output: first } : {}) };
    let id = await this.existing();
    if (id === undefined && this.adopt) {
      id = await this.adopted();
      // Recorded in progress by the earlier attempt: completed now, nothing is left for the sweep.
      if (id !== undefined && this.ledger) this.recorded = true;
    }
    if (id === undefined) {
      id = await this.github.createCheckRun(this.repo, this.spec, done);
      this.created = Promise.resolve(id);
    } else {
      await this.github.updateCheckRun(this.repo, id, done);
    }
    // Completed: the sweep has nothing to do with it (the annotations that follow do not change its status).
    if (this.recorded) {
      this.recorded = false;
      await this.ledger?.finished(this.repo, id).catch(() => undefined);
    }
    for (const output of rest) await this.github.updateCheckRun(this.repo, id, { output });
    return id;
  }
}
