import type { PullRequestVerdict, Replay } from "../core/history/replay-verdict.js";

/**
 * What kepbot would have said on each replayed pull request, newest first, then in total: how many it
 * would have blocked and by which rules, and how many findings were new versus already there.
 */
export function renderHistoryText(replay: Replay): string {
  const lines = replay.pullRequests.map(prLine);
  const totals = totalsOf(replay);
  const count = replay.pullRequests.length;
  lines.push(
    "",
    `${count} merged pull request${count === 1 ? "" : "s"} replayed (profile ${replay.profile}): ${totals.blocked} would have been blocked (${percent(totals.blocked, count)})`,
  );
  if (totals.blocked > 0) lines.push(`  blocked by (pull requests): ${formatCounts(totals.blockedByRule)}`);
  lines.push(`  findings: ${sum(totals.newByRule)} new, ${sum(totals.oldByRule)} already present before their pull request (never blocking in the default profile)`);
  const rules = [...new Set([...Object.keys(totals.newByRule), ...Object.keys(totals.oldByRule)])].sort();
  if (rules.length > 0) {
    const width = Math.max(...rules.map((rule) => rule.length));
    lines.push(`  ${"rule".padEnd(width)}    new    old`);
    for (const rule of rules) lines.push(`  ${rule.padEnd(width)} ${String(totals.newByRule[rule] ?? 0).padStart(6)} ${String(totals.oldByRule[rule] ?? 0).padStart(6)}`);
  }
  if (replay.laterChecks.size > 0) {
    lines.push("  counted apart: errors of checks upstream did not run then, so these pull requests were never held to them");
    for (const [rule, later] of replay.laterChecks) {
      const since = later.since ? `runs as kepbot's port since ${later.since.slice(0, 10)}` : "runs as kepbot's port only after the newest commit replayed";
      lines.push(`    ${rule}: ${totals.laterByRule[rule] ?? 0} pull request(s); ${later.reason}; ${since}`);
    }
  }
  if (totals.unmerged > 0) lines.push(`  ${totals.unmerged} head(s) did not merge cleanly into their base and were judged as they were`);
  return `${lines.join("\n")}\n`;
}

export function renderHistoryJson(replay: Replay): string {
  const totals = totalsOf(replay);
  return `${JSON.stringify(
    {
      profile: replay.profile,
      pullRequests: replay.pullRequests,
      totals: { pullRequests: replay.pullRequests.length, ...totals },
      laterChecks: Object.fromEntries([...replay.laterChecks].map(([rule, later]) => [rule, { script: later.check.script, reason: later.reason, since: later.since ?? null }])),
    },
    null,
    2,
  )}\n`;
}

function prLine(verdict: PullRequestVerdict): string {
  const name = verdict.number !== undefined ? `#${verdict.number}` : verdict.merge.slice(0, 8);
  const blocked = Object.keys(verdict.blockedBy).length > 0;
  const old = sum(verdict.oldFindings);
  const parts = [name.padEnd(7), verdict.mergedAt.slice(0, 10), blocked ? "BLOCKED" : "ok     "];
  if (blocked) parts.push(formatCounts(verdict.blockedBy));
  if (old > 0) parts.push(`(${old} already present)`);
  const later = sum(verdict.laterChecks);
  if (later > 0) parts.push(`[${later} from checks upstream added later: ${formatCounts(verdict.laterChecks)}]`);
  if (verdict.unmerged) parts.push("[judged unmerged]");
  if (verdict.configProblem) parts.push(`[${verdict.configProblem}; defaults used]`);
  return parts.join("  ");
}

function totalsOf(replay: Replay) {
  const blockedByRule: Record<string, number> = {};
  const laterByRule: Record<string, number> = {};
  const newByRule: Record<string, number> = {};
  const oldByRule: Record<string, number> = {};
  let blocked = 0;
  let unmerged = 0;
  for (const pr of replay.pullRequests) {
    if (Object.keys(pr.blockedBy).length > 0) blocked++;
    if (pr.unmerged) unmerged++;
    for (const rule of Object.keys(pr.blockedBy)) blockedByRule[rule] = (blockedByRule[rule] ?? 0) + 1;
    for (const rule of Object.keys(pr.laterChecks)) laterByRule[rule] = (laterByRule[rule] ?? 0) + 1;
    for (const [rule, count] of Object.entries(pr.newFindings)) newByRule[rule] = (newByRule[rule] ?? 0) + count;
    for (const [rule, count] of Object.entries(pr.oldFindings)) oldByRule[rule] = (oldByRule[rule] ?? 0) + count;
  }
  return { blocked, unmerged, blockedByRule, laterByRule, newByRule, oldByRule };
}

function formatCounts(counts: Record<string, number>): string {
  return Object.entries(counts)
    .sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1))
    .map(([rule, count]) => (count === 1 ? rule : `${rule}×${count}`))
    .join(", ");
}

function sum(counts: Record<string, number>): number {
  return Object.values(counts).reduce((total, count) => total + count, 0);
}

function percent(part: number, whole: number): string {
  return whole === 0 ? "0%" : `${((100 * part) / whole).toFixed(1)}%`;
}
