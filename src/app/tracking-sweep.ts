import type { Probot, ProbotOctokit } from "probot";
import type { TrackingBoard } from "../core/tracking/track-release.js";
import { DryRunGitHub } from "../github/dry-run-github.js";
import { OctokitGitHub } from "../github/octokit-github.js";
import type { GitHubPort, RepoRef } from "../github/port.js";
import { boardRoute, type BoardLoader } from "./board-route.js";
import type { Logger } from "./deps.js";
import { routeOf } from "./metrics.js";
import type { Runtime } from "./runtime.js";
import { loadBoard, syncRepository, type TrackingReport } from "./tracking.js";
import { logReports, trackingLock } from "./tracking-handlers.js";

/**
 * The daily sweep (every installation's repositories whose config tracks a release are re-judged, so
 * that "at risk" turns into "missed" when the freeze passes without anyone touching the issue) and the
 * release board's loader, both working through an installation's Octokit outside any webhook.
 */

type Octokit = InstanceType<typeof ProbotOctokit>;

/** The GitHub port over an installation's Octokit: requests counted in the metrics, writes logged instead of made in dry-run mode. */
export function portFor(octokit: Octokit, runtime: Runtime, log: Logger): GitHubPort {
  octokit.hook.after("request", (response, options) => void runtime.metrics.githubRequests.inc({ route: routeOf(options), status: String(response.status) }));
  const github = new OctokitGitHub(octokit);
  return runtime.dryRun ? new DryRunGitHub(github, log) : github;
}

export interface SweptRepository extends RepoRef {
  readonly reports?: readonly TrackingReport[];
  readonly error?: string;
}

/**
 * Re-judges every active release of every repository kepbot is installed on. A repository without a
 * config that tracks a release costs one read. One repository's failure is logged and the sweep goes on.
 */
export async function sweepInstallations(app: Probot, runtime: Runtime, now: () => Date = () => new Date()): Promise<readonly SweptRepository[]> {
  const log = app.log.child({ sweep: "tracking" });
  const appOctokit = await app.auth();
  const installations = await appOctokit.paginate(appOctokit.rest.apps.listInstallations, { per_page: 100 });
  const swept: SweptRepository[] = [];
  for (const installation of installations) {
    if (installation.suspended_at) continue;
    const octokit = await app.auth(installation.id);
    const repositories = await octokit.paginate(octokit.rest.apps.listReposAccessibleToInstallation, { per_page: 100 });
    const github = portFor(octokit, runtime, log);
    for (const repository of repositories) {
      if (repository.archived || repository.disabled) continue;
      const repo = { owner: repository.owner.login, repo: repository.name };
      try {
        const reports = await runtime.coordinator.withLock(trackingLock(repo), () => syncRepository({ github, log, now }, { ...repo, defaultBranch: repository.default_branch }));
        logReports(log.child({ repository: repository.full_name }), reports, "the daily sweep");
        swept.push({ ...repo, reports });
      } catch (error) {
        log.error({ err: error, repository: repository.full_name }, "the tracking sweep failed for a repository");
        swept.push({ ...repo, error: error instanceof Error ? error.message : String(error) });
      }
    }
  }
  return swept;
}

export const defaultSweepIntervalMs = 24 * 60 * 60 * 1000;

/** `KEPBOT_TRACKING_SWEEP_INTERVAL_MS` (default 24 h; 0 switches the sweep off). */
export function sweepIntervalMs(env: NodeJS.ProcessEnv): number {
  const raw = env.KEPBOT_TRACKING_SWEEP_INTERVAL_MS;
  const value = Number(raw);
  return raw !== undefined && raw !== "" && Number.isFinite(value) && value >= 0 ? value : defaultSweepIntervalMs;
}

/**
 * Starts the sweep timer (unref'd: it never keeps the process alive). It looks at most hourly whether
 * this period's sweep has run, and claims it through the coordinator first, so that with Redis one
 * replica sweeps per period however many run, and a restart does not postpone the sweep by a period.
 * Returns a function that stops the timer.
 */
export function startTrackingSweep(app: Probot, runtime: Runtime, intervalMs: number): () => void {
  if (intervalMs <= 0) return () => undefined;
  const tick = async (): Promise<void> => {
    const period = Math.floor(Date.now() / intervalMs);
    if (!(await runtime.coordinator.claimDelivery(`tracking-sweep:${intervalMs}:${period}`).catch(() => true))) return;
    await sweepInstallations(app, runtime);
  };
  const timer = setInterval(() => void tick().catch((error: unknown) => app.log.error({ err: error }, "the tracking sweep failed")), Math.min(intervalMs, 60 * 60 * 1000));
  timer.unref();
  return () => clearInterval(timer);
}

/** `KEPBOT_BOARD_REPO=owner/repo`: the repository whose releases `/releases/vX.Y` shows. */
export function boardRepoFrom(env: NodeJS.ProcessEnv): RepoRef | undefined {
  const match = /^([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+)$/.exec(env.KEPBOT_BOARD_REPO?.trim() ?? "");
  return match ? { owner: match[1] ?? "", repo: match[2] ?? "" } : undefined;
}

/** The board of a release of `repo`, read through the app's installation on it. */
export function installationBoardLoader(app: Probot, runtime: Runtime, repo: RepoRef, now: () => Date = () => new Date()): BoardLoader {
  return async (release) => {
    const appOctokit = await app.auth();
    const { data: installation } = await appOctokit.rest.apps.getRepoInstallation({ owner: repo.owner, repo: repo.repo });
    const octokit = await app.auth(installation.id);
    const { data } = await octokit.rest.repos.get({ owner: repo.owner, repo: repo.repo });
    const log = app.log.child({ board: `${repo.owner}/${repo.repo}`, release });
    return loadBoard({ github: portFor(octokit, runtime, log), log, now }, { ...repo, defaultBranch: data.default_branch }, release);
  };
}

/**
 * A loader that answers from memory for `ttlMs` (default 5 minutes), so that page views do not each
 * read GitHub; concurrent views of one release share one load, and a failed load is not kept.
 */
export function cachedBoardLoader(load: BoardLoader, ttlMs = 5 * 60 * 1000, clock: () => number = Date.now): BoardLoader {
  const cache = new Map<string, { readonly at: number; readonly board: Promise<TrackingBoard | undefined> }>();
  return (release) => {
    const hit = cache.get(release);
    if (hit && clock() - hit.at < ttlMs) return hit.board;
    const board = load(release);
    cache.set(release, { at: clock(), board });
    board.catch(() => cache.delete(release));
    return board;
  };
}

/** `KEPBOT_BOARD_CACHE_MS` (default 5 minutes). */
export function boardCacheMs(env: NodeJS.ProcessEnv): number {
  const value = Number(env.KEPBOT_BOARD_CACHE_MS);
  return env.KEPBOT_BOARD_CACHE_MS !== undefined && Number.isFinite(value) && value >= 0 ? value : 5 * 60 * 1000;
}

type AddHandler = (handler: (request: import("node:http").IncomingMessage, response: import("node:http").ServerResponse) => boolean | Promise<boolean>) => void;

/**
 * With an HTTP server: the release board at `/releases/vX.Y` when `KEPBOT_BOARD_REPO` names the
 * repository, and the sweep timer. Throws (like Probot's addHandler) when there is no server.
 */
export function mountTracking(app: Probot, runtime: Runtime, addHandler: AddHandler, env: NodeJS.ProcessEnv = process.env): void {
  const repo = boardRepoFrom(env);
  if (repo) addHandler(boardRoute(cachedBoardLoader(installationBoardLoader(app, runtime, repo), boardCacheMs(env))));
  startTrackingSweep(app, runtime, sweepIntervalMs(env));
}
