import { moveKey, movesFrom, permissionFor, type Move } from "../receipts/moves.js";
import { unansweredQuestions } from "../receipts/questionnaire.js";
import { receiptLocation, releaseOwnersPath } from "../receipts/paths.js";
import { freezeTime } from "../release-calendar.js";
import type { RepoModel } from "../repo/model.js";
import type { Rule, RuleDraft } from "./rule.js";

function describeMove(move: Move): string {
  return `${move.from ?? "(new)"} → ${move.to ?? "(deleted)"}`;
}

/** Whether the pull request counts as the release's Enhancements team: its author is in the base OWNERS, or one of them approved. */
export function byEnhancementsTeam(move: Move, repo: RepoModel): { readonly ok: boolean; readonly why: string } {
  const team = repo.enhancementsTeam(move.release);
  const pr = repo.pullRequest;
  if (!team) return { ok: false, why: `${releaseOwnersPath(move.release)} is missing on the base branch, so nobody is ${move.release}'s Enhancements team yet` };
  if (!pr) return { ok: false, why: "kepbot does not know who made the change (the CLI takes --author and --approved-by)" };
  if (team.has(pr.author.toLowerCase())) return { ok: true, why: `@${pr.author} is in ${releaseOwnersPath(move.release)}` };
  const approvals = pr.approvals.filter((approval) => team.has(approval.login.toLowerCase()));
  // A member's approval covers the receipts as they saw them: another move after it needs a new one.
  const current = approvals.find((approval) => !approval.changedSince.some((path) => path.startsWith(`releases/${move.release}/`)));
  if (current) return { ok: true, why: `@${current.login} of ${releaseOwnersPath(move.release)} approved` };
  const stale = approvals[0];
  if (stale) return { ok: false, why: `@${stale.login} of ${releaseOwnersPath(move.release)} approved an earlier commit, and the receipts changed since; their approval must be given again` };
  return { ok: false, why: `@${pr.author} is not in ${releaseOwnersPath(move.release)} and none of its members approved the pull request` };
}

export const receiptMove: Rule = {
  id: "receipt/move",
  summary: "Receipt moves follow KEP-2140's state diagram, made by whom it allows (the release's Enhancements team for accept, at-risk, remove and exception decisions); only the team edits a receipt past proposed.",
  upstream: false,
  severity: "error",
  judges: "change",
  *check(repo) {
    for (const move of repo.moves) yield* judge(move, repo);
    for (const path of repo.receiptEdits) {
      const location = receiptLocation(path);
      if (!location || location.state === "proposed") continue;
      const team = byEnhancementsTeam({ release: location.release, number: location.number, from: location.state, to: location.state, path }, repo);
      if (!team.ok) yield { path, line: 1, message: `${location.release}: editing a receipt in ${location.state}/ is for the Enhancements team: ${team.why}` };
    }
  },
};

function* judge(move: Move, repo: RepoModel): Iterable<RuleDraft> {
  const permission = permissionFor(move);
  const line = 1;
  if (!permission) {
    const allowed = movesFrom(move.from).map((key) => key.replace(/^new/, "(new)"));
    yield { path: move.path, line, message: `${move.release}: KEP ${move.number} cannot move ${describeMove(move)}; allowed from ${move.from ?? "a new receipt"}: ${allowed.join(", ") || "nothing"}` };
    return;
  }
  if (permission === "enhancements-team") {
    const team = byEnhancementsTeam(move, repo);
    if (!team.ok) yield { path: move.path, line, message: `${move.release}: moving KEP ${move.number} ${describeMove(move)} is for the Enhancements team: ${team.why}` };
  }
  if (permission === "exception-request") {
    const missing = unansweredQuestions(repo.pullRequest?.body);
    if (missing.length > 0) yield { path: move.path, line, message: `${move.release}: an exception request for KEP ${move.number} answers the exception questionnaire in the pull request's description; unanswered: ${missing.join("; ")}` };
  }
}

/** The freeze a new `proposed` receipt arrives after, if any. */
function lateProposal(move: Move, repo: RepoModel, freeze: "enhancements-freeze" | "prr-freeze"): Date | undefined {
  if (moveKey(move.from, move.to) !== "new→proposed") return undefined;
  const time = freezeTime(repo.config, move.release, freeze);
  return time && repo.now.getTime() > time.getTime() ? time : undefined;
}

export const receiptEnhancementsFreeze: Rule = {
  id: "receipt/enhancements-freeze",
  summary: "No new proposed receipt after the release's enhancements freeze (file an exception instead).",
  upstream: false,
  severity: "error",
  judges: "change",
  *check(repo) {
    for (const move of repo.moves) {
      const frozen = lateProposal(move, repo, "enhancements-freeze");
      if (frozen) yield { path: move.path, line: 1, message: `${move.release} passed enhancements freeze on ${frozen.toISOString()}: new KEPs can no longer be proposed for it; propose KEP ${move.number} for the next release, or ask the release team for a freeze exception` };
    }
  },
};

export const receiptPrrFreeze: Rule = {
  id: "receipt/prr-freeze",
  summary: "A new proposed receipt after the release's PRR freeze is late: PRR review may not happen in time.",
  upstream: false,
  severity: "warning",
  judges: "change",
  *check(repo) {
    for (const move of repo.moves) {
      if (lateProposal(move, repo, "enhancements-freeze")) continue;
      const frozen = lateProposal(move, repo, "prr-freeze");
      if (frozen) yield { path: move.path, line: 1, message: `${move.release} passed PRR freeze on ${frozen.toISOString()}: ask the PRR approvers whether they can still review KEP ${move.number}` };
    }
  },
};
