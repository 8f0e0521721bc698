import type { GitHubPort } from "../github/port.js";
import type { Coordinator, RunInProgress } from "./coordination.js";

/** What a check run left in progress by a crash says once the sweep has completed it. */
export const sweptTitle = "kepbot restarted while checking; re-run";
export const sweptSummary =
  "kepbot stopped (it was restarted, or its process died) while it was checking this commit, so this check has no verdict.\n\n" +
  "Use **Re-run** on this check to have kepbot check the commit again.";

export interface SweepSettings {
  /** How often the sweep runs after the one at startup; 0: only at startup. */
  readonly intervalMs: number;
  /** A run recorded in progress for longer than this is taken for abandoned (longer than any delivery takes). */
  readonly leaseMs: number;
}

export function sweepSettings(env: NodeJS.ProcessEnv): SweepSettings {
  const number = (name: string, fallback: number): number => {
    const value = Number(env[name]);
    return env[name] !== undefined && env[name] !== "" && Number.isFinite(value) && value >= 0 ? value : fallback;
  };
  return { intervalMs: number("KEPBOT_SWEEP_INTERVAL_MS", 5 * 60_000), leaseMs: number("KEPBOT_SWEEP_LEASE_MS", 10 * 60_000) };
}

interface SweepLog {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
}

export interface SweepDeps {
  readonly coordinator: Coordinator;
  /** The GitHub port of an installation (Probot: `app.auth(installationId)`). */
  readonly githubFor: (installationId: number) => Promise<GitHubPort>;
  readonly log: SweepLog;
  readonly now: () => Date;
  readonly leaseMs: number;
  /** Called once per run the sweep completed. */
  readonly onSwept?: (run: RunInProgress) => void;
}

/**
 * Completes, as `failure`, the check runs kepbot recorded in progress more than a lease ago and never
 * completed: their process died mid-delivery. Only runs kepbot itself started are recorded, so no other
 * run is touched; a run completed meanwhile (its process finished it but could not say so) is left as it is.
 * A run that could not be swept is recorded again for the next sweep, unless GitHub refused for good.
 */
export async function sweepOnce(deps: SweepDeps): Promise<number> {
  const stale = await deps.coordinator.takeStale(deps.now().getTime() - deps.leaseMs);
  let swept = 0;
  for (const run of stale) {
    const repo = { owner: run.owner, repo: run.repo };
    try {
      const github = await deps.githubFor(run.installationId);
      const current = await github.getCheckRun(repo, run.runId);
      if (!current || current.status === "completed") continue;
      await github.updateCheckRun(repo, run.runId, {
        status: "completed",
        conclusion: "failure",
        completedAt: deps.now().toISOString(),
        output: { title: sweptTitle, summary: sweptSummary },
      });
      swept++;
      deps.onSwept?.(run);
      deps.log.info({ repository: `${run.owner}/${run.repo}`, checkRun: run.runId, head: run.headSha, startedAt: new Date(run.startedAt).toISOString() }, "completed a check run left in progress by a stopped kepbot");
    } catch (error) {
      const status = (error as { status?: unknown }).status;
      const refused = typeof status === "number" && status >= 400 && status < 500 && status !== 429;
      deps.log.warn({ err: error, repository: `${run.owner}/${run.repo}`, checkRun: run.runId }, refused ? "could not complete an abandoned check run; GitHub refused, giving up on it" : "could not complete an abandoned check run; the next sweep tries again");
      if (!refused) await deps.coordinator.started(run).catch(() => undefined);
    }
  }
  return swept;
}

/**
 * The sweep shortly after startup (once Redis has had time to connect) and then every `intervalMs`; `stop`
 * ends it (the timers never hold the process open).
 */
export function startSweeping(deps: SweepDeps, intervalMs: number, startupDelayMs = 3_000): { stop(): void } {
  let running: Promise<unknown> | undefined;
  const sweep = () => {
    // One sweep at a time in a process.
    running ??= sweepOnce(deps)
      .catch((error: unknown) => deps.log.warn({ err: error }, "the sweep of abandoned check runs failed"))
      .finally(() => (running = undefined));
  };
  const first = setTimeout(sweep, Math.min(intervalMs || startupDelayMs, startupDelayMs));
  first.unref?.();
  const timer = intervalMs > 0 ? setInterval(sweep, intervalMs) : undefined;
  timer?.unref?.();
  return {
    stop: () => {
      clearTimeout(first);
      if (timer) clearInterval(timer);
    },
  };
}
