import { configPath, type Config, type TrackingProject } from "../core/config.js";
import { freezeTime } from "../core/release-calendar.js";
import { freezes, projectFields, type ProjectField } from "../core/schemas/config.schema.js";
import type { EnhancementIssue } from "../core/tracking/enhancement-issue.js";
import { trackRelease, type TrackingBoard } from "../core/tracking/track-release.js";
import type { TrackedEnhancement } from "../core/tracking/tracked-enhancement.js";
import { trackableReleases, trackedReleaseOf } from "../core/tracking/tracked-issues.js";
import type { GitHubSnapshot } from "../github/github-snapshot.js";
import type { GitHubPort, IssueRecord, MarkedComment, PrRef, Project, RepoRef } from "../github/port.js";
import { readSettings, type TrackingRepo, type TrackingSettings } from "../github/settings.js";
import { renderTrackingComment, trackingMarker } from "../render/tracking-comment.js";
import { renderUntrackedComment } from "../render/tracking-notices.js";
import type { Logger } from "./deps.js";

/**
 * Release tracking on enhancement issues, over the GitHub port: each tracked issue's KEP is judged on the
 * default branch (core/tracking), its one status comment is written when its text changed, and the
 * project board's fields are set where they differ. Reads are batched: the config and the approver
 * lists in one query, a milestone's issues a hundred per query with kepbot's comments, the default
 * branch's tree, and the tracked KEPs' files in one query.
 */

export interface TrackingDeps {
  readonly github: GitHubPort;
  readonly log: Logger;
  readonly now: () => Date;
}

/** What one run wrote (or found unchanged). */
export interface TrackingReport {
  readonly release: string;
  readonly judged: number;
  readonly created: number;
  readonly updated: number;
  readonly unchanged: number;
  readonly projectWrites: number;
}

const day = 86_400_000;
/** A release stays in the daily sweep this long after the last date of its calendar. */
export const sweepGraceMs = 30 * day;

/**
 * The releases the sweep re-judges: the current release, and every release in the calendar whose last
 * date is less than 30 days ago (or that has no dates). Older releases keep their last comment.
 */
export function activeReleases(config: Config, now: Date): readonly string[] {
  return trackableReleases(config).filter((release) => {
    if (release === config.currentRelease) return true;
    const times = freezes.flatMap((freeze) => freezeTime(config, release, freeze)?.getTime() ?? []);
    return times.length === 0 || Math.max(...times) + sweepGraceMs >= now.getTime();
  });
}

/**
 * Reads the files tracking needs for these issues in one query: each KEP directory named by an issue's
 * number (kep.yaml, README.md) and its PRR file. The core's own reads then come from the cache.
 */
async function prefetchKeps(snapshot: GitHubSnapshot, numbers: readonly number[]): Promise<void> {
  const wanted = new Set(numbers);
  const files = await snapshot.listFiles("keps");
  const paths = files.filter((path) => {
    const kep = /^keps\/(?:[^/]+\/)+([0-9]+)-[^/]+\/(kep\.yaml|README\.md)$/.exec(path);
    if (kep) return wanted.has(Number(kep[1]));
    const prr = /^keps\/prod-readiness\/[^/]+\/([0-9]+)\.yaml$/.exec(path);
    return prr !== null && wanted.has(Number(prr[1]));
  });
  await snapshot.prefetch(paths);
}

/** Judges these issues for `release` on the default branch. */
export async function judge(settings: TrackingSettings, issues: readonly EnhancementIssue[], release: string, now: Date): Promise<TrackingBoard> {
  await prefetchKeps(settings.snapshot, issues.map((issue) => issue.number));
  return trackRelease({ issues, snapshot: settings.snapshot, config: settings.config, now, release, source: settings.source });
}

/** Creates or edits kepbot's marked comment so that it reads `body`; nothing when it already does. */
async function writeComment(github: GitHubPort, issue: PrRef, existing: MarkedComment | undefined, body: string): Promise<"created" | "updated" | "unchanged"> {
  if (!existing) {
    await github.createComment(issue, body);
    return "created";
  }
  // GitHub keeps a comment's text as sent; trailing white space is all it may trim.
  if (existing.body.trimEnd() === body.trimEnd()) return "unchanged";
  await github.updateComment(issue, existing.id, body);
  return "updated";
}

/** The project board and the field → option ids kepbot's values map to. */
export interface ProjectPlan {
  readonly project: Project;
  readonly settings: TrackingProject;
}

const normal = (text: string): string => text.toLowerCase().replace(/[^a-z0-9]/g, "");

function valueOf(entry: TrackedEnhancement, field: ProjectField): string | undefined {
  switch (field) {
    case "status":
      return entry.verdict.kind;
    case "stage":
      return entry.stage;
    case "sig":
      return entry.sig || undefined;
    case "prr":
      return entry.prr.state;
  }
}

/** Field id → option id for each configured field whose option kepbot can name (the rest are left alone, and logged). */
export function desiredOptions(entry: TrackedEnhancement, plan: ProjectPlan, log?: Logger): Record<string, string> {
  const desired: Record<string, string> = {};
  for (const field of projectFields) {
    const fieldName = plan.settings.fields[field];
    const value = valueOf(entry, field);
    if (!fieldName || value === undefined) continue;
    const projectField = plan.project.fields.find((candidate) => normal(candidate.name) === normal(fieldName));
    const optionName = plan.settings.options[field]?.[value] ?? value;
    const option = projectField?.options.find((candidate) => normal(candidate.name) === normal(optionName));
    if (projectField && option) desired[projectField.id] = option.id;
    else log?.warn({ field: fieldName, value: optionName, issue: entry.issue.number }, projectField ? "the project field has no such option; left as it is" : "the project has no such single-select field");
  }
  return desired;
}

/** Adds the issue to the project when it is not on it, and sets the fields whose option differs, in one request. Returns the writes made. */
async function syncProjectItem(github: GitHubPort, plan: ProjectPlan, issue: IssueRecord, desired: Readonly<Record<string, string>>): Promise<number> {
  let writes = 0;
  let item = issue.projectItem;
  if (!item) {
    item = { id: await github.addProjectItem(plan.project.id, issue.nodeId), options: {} };
    writes++;
  }
  const current = item.options;
  const changed = Object.fromEntries(Object.entries(desired).filter(([field, option]) => current[field] !== option));
  if (Object.keys(changed).length > 0) {
    await github.setProjectFields(plan.project.id, item.id, changed);
    writes++;
  }
  return writes;
}

/** The configured project, read once per run (undefined when none is configured or GitHub has no such project). */
export async function projectPlan(deps: TrackingDeps, config: Config): Promise<ProjectPlan | undefined> {
  const settings = config.tracking.project;
  if (!settings) return undefined;
  const project = await deps.github.getProject(settings.owner, settings.number);
  if (!project) deps.log.warn({ owner: settings.owner, number: settings.number }, "the configured tracking project was not found (or the app may not read it)");
  return project ? { project, settings } : undefined;
}

/** Writes one judged entry: its comment and its project item (open issues only; closed ones keep what they have). */
async function writeEntry(deps: TrackingDeps, repo: RepoRef, settings: TrackingSettings, issue: IssueRecord, entry: TrackedEnhancement, plan: ProjectPlan | undefined, counts: Counts): Promise<void> {
  if (issue.state !== "open") return;
  const outcome = await writeComment(deps.github, { ...repo, number: issue.number }, issue.markedComment, renderTrackingComment(entry, settings.source));
  counts[outcome]++;
  if (plan) counts.projectWrites += await syncProjectItem(deps.github, plan, issue, desiredOptions(entry, plan, deps.log));
}

type Counts = { created: number; updated: number; unchanged: number; projectWrites: number };

/**
 * Re-judges every issue tracked for `release` (or only those numbered in `only`) and writes what changed.
 * Reads: the milestone's issues (one query per hundred, plus one for the bodies of kepbot's comments),
 * the tree and the KEPs' files (one query); the settings were read before.
 */
export async function syncRelease(deps: TrackingDeps, repo: TrackingRepo, settings: TrackingSettings, release: string, only?: ReadonlySet<number>, plan?: ProjectPlan): Promise<TrackingReport> {
  const { config } = settings;
  const listing = await deps.github.listMilestoneIssues(repo, release, { marker: trackingMarker, labels: [config.leadOptedIn.label], ...(plan ? { projectId: plan.project.id } : {}) });
  const issues = listing.issues.filter((issue) => trackedReleaseOf(issue, config) === release && (!only || only.has(issue.number)));
  const counts: Counts = { created: 0, updated: 0, unchanged: 0, projectWrites: 0 };
  if (issues.length === 0) return { release, judged: 0, ...counts };
  const board = await judge(settings, issues, release, deps.now());
  const byNumber = new Map(issues.map((issue) => [issue.number, issue]));
  for (const entry of board.entries) {
    const issue = byNumber.get(entry.issue.number);
    if (issue) await writeEntry(deps, repo, settings, issue, entry, plan, counts);
  }
  return { release, judged: board.entries.length, ...counts };
}

/**
 * Re-judges every active release of a repository (the daily sweep, a push that changed the config or the
 * lists), or only the issues numbered in `only` (a push that touched their KEPs).
 */
export async function syncRepository(deps: TrackingDeps, repo: TrackingRepo, only?: ReadonlySet<number>): Promise<readonly TrackingReport[]> {
  const settings = await readSettings(deps.github, repo);
  if (settings.configProblem) deps.log.warn({ problem: settings.configProblem }, "the repository's kepbot configuration is invalid; tracking with the defaults");
  const releases = activeReleases(settings.config, deps.now());
  if (releases.length === 0) return [];
  const plan = await projectPlan(deps, settings.config);
  const reports: TrackingReport[] = [];
  for (const release of releases) reports.push(await syncRelease(deps, repo, settings, release, only, plan));
  return reports;
}

export type IssueOutcome = { readonly kind: "not-an-issue" } | { readonly kind: "untracked"; readonly comment: "updated" | "unchanged" | "none" } | { readonly kind: "tracked"; readonly entry: TrackedEnhancement; readonly comment: "created" | "updated" | "unchanged"; readonly projectWrites: number };

/**
 * Re-judges one enhancement issue (a label or milestone change, `/kepbot recheck`): a tracked issue gets
 * its status comment written; an issue that is no longer tracked has kepbot's comment, if any, edited to
 * say so. Reads: the settings, the issue with its comments, the tree and the KEP's files.
 */
export async function syncIssue(deps: TrackingDeps, subject: TrackingRepo & { readonly number: number }): Promise<IssueOutcome> {
  const settings = await readSettings(deps.github, subject);
  const { config } = settings;
  const plan = await projectPlan(deps, config);
  const { issue } = await deps.github.getIssue(subject, { marker: trackingMarker, ...(plan ? { projectId: plan.project.id } : {}) });
  if (!issue) return { kind: "not-an-issue" };
  const release = trackedReleaseOf(issue, config);
  if (!release) {
    if (!issue.markedComment) return { kind: "untracked", comment: "none" };
    const outcome = await writeComment(deps.github, subject, issue.markedComment, renderUntrackedComment(issue, config.leadOptedIn.label, trackableReleases(config)));
    return { kind: "untracked", comment: outcome === "created" ? "updated" : outcome };
  }
  const board = await judge(settings, [issue], release, deps.now());
  const entry = board.entries[0];
  if (!entry) return { kind: "untracked", comment: "none" };
  const counts: Counts = { created: 0, updated: 0, unchanged: 0, projectWrites: 0 };
  await writeEntry(deps, subject, settings, issue, entry, plan, counts);
  const comment = counts.created ? "created" : counts.updated ? "updated" : "unchanged";
  return { kind: "tracked", entry, comment, projectWrites: counts.projectWrites };
}

/** The board of one release for the `/releases/vX.Y` page: undefined when kepbot does not track that release. */
export async function loadBoard(deps: TrackingDeps, repo: TrackingRepo, release: string): Promise<TrackingBoard | undefined> {
  const settings = await readSettings(deps.github, repo);
  if (!trackableReleases(settings.config).includes(release)) return undefined;
  const listing = await deps.github.listMilestoneIssues(repo, release, { labels: [settings.config.leadOptedIn.label] });
  return judge(settings, listing.issues, release, deps.now());
}

/** Paths whose change on the default branch can change a tracked KEP's verdict. */
export interface PushImpact {
  /** Everything is re-judged: the config or the approver lists changed. */
  readonly all: boolean;
  /** The KEP numbers whose files changed (by directory name and PRR file name). */
  readonly numbers: ReadonlySet<number>;
}

const globalPaths = new Set([configPath, "OWNERS_ALIASES", "sigs.yaml"]);

/** What a push's changed paths mean for tracking: nothing, some KEPs (by number), or all of them. */
export function pushImpact(paths: Iterable<string>, config?: Pick<Config, "sigs">): PushImpact {
  const numbers = new Set<number>();
  let all = false;
  for (const path of paths) {
    if (globalPaths.has(path) || (config && path === config.sigs)) all = true;
    const prr = /^keps\/prod-readiness\/[^/]+\/([0-9]+)\.yaml$/.exec(path);
    const kep = /^keps\/(?:[^/]+\/)*([0-9]+)-[^/]+\//.exec(path);
    const number = prr?.[1] ?? kep?.[1];
    if (number !== undefined) numbers.add(Number(number));
    // A release's receipts are shown beside the verdicts.
    if (/^releases\/v[0-9]+\.[0-9]+\//.test(path)) all = true;
  }
  return { all, numbers };
}
