import { LRUCache } from "lru-cache";
import type { Config } from "../core/config.js";

/**
 * The default branch's configuration as read lately, per installation and repository. Prow sets half a dozen
 * labels on a new pull request within seconds, and each of those events needs the configuration only to tell
 * whether its label is guarded or one kepbot keeps: one read serves the events of the next `ttlMs`
 * (`KEPBOT_CONFIG_TTL_MS`, default 10 s; 0: every event reads). A change merged into the default branch is
 * seen at most that long after, or as soon as this process receives the push. A label found restricted is
 * judged on a fresh read all the same (restricted-labels.ts loads the authority anew). Events at the same time
 * share one read; a failed read is not kept.
 */
export class RecentConfigs {
  private readonly entries: LRUCache<string, { readonly readAt: number; readonly config: Promise<Config> }> | undefined;

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number = () => performance.now(),
    maxRepositories = 1_000,
  ) {
    this.entries = ttlMs > 0 ? new LRUCache({ max: maxRepositories }) : undefined;
  }

  /** The configuration of a branch read within the last `ttlMs`, or `read()`'s. */
  get(branch: ConfigBranch, read: () => Promise<Config>): Promise<Config> {
    if (!this.entries) return read();
    const key = keyOf(branch);
    const known = this.entries.get(key);
    if (known && this.now() - known.readAt < this.ttlMs) return known.config;
    const entry = { readAt: this.now(), config: read() };
    this.entries.set(key, entry);
    entry.config.catch(() => {
      if (this.entries?.get(key) === entry) this.entries.delete(key);
    });
    return entry.config;
  }

  /** A push to the branch: the next event reads its configuration again. */
  forget(branch: ConfigBranch): void {
    this.entries?.delete(keyOf(branch));
  }
}

/** Where a configuration is read: one installation's repository, at a branch. */
export interface ConfigBranch {
  readonly installation: number | string;
  readonly owner: string;
  readonly repo: string;
  readonly branch: string;
}

function keyOf(branch: ConfigBranch): string {
  return [branch.installation, branch.owner, branch.repo, branch.branch].join("\u0000");
}
