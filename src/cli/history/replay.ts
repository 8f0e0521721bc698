import { availableParallelism } from "node:os";
import { defaultConfig, type Config } from "../../core/config.js";
import { checkRepository } from "../../core/evaluate.js";
import type { Finding } from "../../core/finding.js";
import type { Profile } from "../../core/schemas/config.schema.js";
import { loadConfig, withProfile, withSigsPath } from "../check.js";
import { changeSnapshots, withSigsFile } from "../change-snapshots.js";
import { UsageError } from "../usage-error.js";
import { firstAppearance, type MergeCommit } from "./git-history.js";
import type { Counts, LaterCheck, PullRequestVerdict, Replay } from "../../core/history/replay-verdict.js";
import { notCheckedAt } from "../../core/history/upstream-checks.js";

export interface ReplayOptions {
  readonly dir: string;
  readonly cwd: string;
  readonly profile?: Profile;
  readonly config?: string;
  readonly sigs?: string;
}

/** Replays merges through the judgement the app gives a pull request, at the time each merged. */
export async function replay(merges: readonly MergeCommit[], options: ReplayOptions, revision: string): Promise<Replay> {
  const laterChecks = new Map<string, LaterCheck>();
  const verdicts = await mapConcurrently(merges, Math.max(1, Math.min(4, availableParallelism())), (merge) => judgeMerge(merge, options, laterChecks));
  for (const [rule, later] of laterChecks) {
    const pattern = later.check.tool ? `TOOL_VERSION=.*${later.check.tool.version.replace(/\./g, "\\.")}` : undefined;
    const since = await firstAppearance(options.dir, revision, later.check.script, pattern);
    laterChecks.set(rule, { ...later, ...(since ? { since } : {}) });
  }
  const profile = verdicts[0]?.profile ?? options.profile ?? defaultConfig.profile;
  return { profile, pullRequests: verdicts.map(({ verdict }) => verdict), laterChecks };
}

async function judgeMerge(merge: MergeCommit, options: ReplayOptions, laterChecks: Map<string, LaterCheck>): Promise<{ verdict: PullRequestVerdict; profile: Profile }> {
  const snapshots = await changeSnapshots(options.dir, merge.base, merge.head);
  let config: Config;
  let configProblem: string | undefined;
  try {
    config = await loadConfig(options.config, options.cwd, snapshots.base);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    config = defaultConfig;
    configProblem = error.message;
  }
  config = withSigsPath(withProfile(config, options.profile), options.sigs);
  const base = await withSigsFile(snapshots.base, options.sigs, options.cwd, config.sigs);
  const report = await checkRepository({ head: snapshots.head, base, change: snapshots.change, config, now: new Date(merge.mergedAt) });
  const notChecked = await notCheckedAt(snapshots.base);
  const verdict: PullRequestVerdict = {
    merge: merge.sha,
    ...(merge.number !== undefined ? { number: merge.number } : {}),
    mergedAt: merge.mergedAt,
    subject: merge.subject,
    blockedBy: countBy(report.findings.filter((finding) => finding.severity === "error" && !notChecked.has(finding.rule))),
    newFindings: countBy(report.findings.filter((finding) => !finding.preexisting)),
    oldFindings: countBy(report.findings.filter((finding) => finding.preexisting)),
    laterChecks: countBy(report.findings.filter((finding) => finding.severity === "error" && notChecked.has(finding.rule))),
    unmerged: snapshots.unmerged,
    ...(configProblem ? { configProblem } : {}),
  };
  for (const rule of Object.keys(verdict.laterChecks)) {
    const later = notChecked.get(rule);
    if (later && !laterChecks.has(rule)) laterChecks.set(rule, later);
  }
  return { verdict, profile: config.profile };
}

function countBy(findings: readonly Finding[]): Counts {
  const counts: Counts = {};
  for (const finding of findings) counts[finding.rule] = (counts[finding.rule] ?? 0) + 1;
  return counts;
}

/** `map` with at most `limit` calls in flight, results in input order. */
async function mapConcurrently<T, R>(items: readonly T[], limit: number, map: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let index = next++; index < items.length; index = next++) results[index] = await map(items[index] as T);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
