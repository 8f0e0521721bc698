import type { CheckConclusion, CheckRunOutput, CheckRunSpec, GitHubPort, RepoRef } from "../github/port.js";

/** How long a verdict may take before the check shows as in progress (users then see it started). */
export const inProgressAfterMs = 1500;

/**
 * The one `kepbot` check run of a head. A verdict that comes quickly is published with one write,
 * the run created already completed; a slow one first shows the run in progress. Either way the run
 * is completed: `complete` is called on success and on failure alike.
 */
export class CheckPublisher {
  private created: Promise<number> | undefined;
  private readonly timer: ReturnType<typeof setTimeout>;

  constructor(
    private readonly github: GitHubPort,
    private readonly repo: RepoRef,
    private readonly spec: CheckRunSpec,
    private readonly now: () => Date,
    showProgressAfterMs = inProgressAfterMs,
  ) {
    this.timer = setTimeout(() => void this.started().catch(() => undefined), showProgressAfterMs);
    this.timer.unref?.();
  }

  private started(): Promise<number> {
    this.created ??= this.github.createCheckRun(this.repo, this.spec);
    return this.created;
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
    if (id === undefined) {
      id = await this.github.createCheckRun(this.repo, this.spec, done);
      this.created = Promise.resolve(id);
    } else {
      await this.github.updateCheckRun(this.repo, id, done);
    }
    for (const output of rest) await this.github.updateCheckRun(this.repo, id, { output });
    return id;
  }
}
