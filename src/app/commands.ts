import { authorizeCommand, teamsToCheck, type Actor, type Decision } from "../core/commands/authorize.js";
import { commandArguments, createCommandRegistry, findCommand, renderHelp, validateArgs, type CommandSpec } from "../core/commands/command-registry.js";
import { maxLabelWritesPerComment } from "../core/commands/label-policy.js";
import { scanCommands, maxCommandsPerComment, type ParsedCommand } from "../core/commands/parse-commands.js";
import { lateOptIn } from "../core/release-calendar.js";
import type { GitHubPort } from "../github/port.js";
import { commandReply, type CommandResult } from "../render/command-reply.js";
import { escapeMarkdown } from "../render/markdown-escape.js";
import { actorWithTeams, configOnDefaultBranch, loadAuthority, type Authority, type Subject } from "./authority.js";
import { reconcilePullRequest, type ReconcileDeps } from "./reconcile.js";
import { closeRelease, releaseToClose } from "../github/release-close.js";
import { syncIssue } from "./tracking.js";

export interface CommentEvent {
  readonly subject: Subject;
  readonly body: string;
  readonly author: string;
  /** The issue's or pull request's labels when the comment was made. */
  readonly labels: readonly string[];
  readonly createdAt: Date;
}

/** The repository's labels, to refuse `/label` of one it does not have (GitHub would create it). */
export type CommentDeps = ReconcileDeps;

/** A command resolved against the registry, with its argument. */
interface Request {
  readonly parsed: ParsedCommand;
  readonly spec: CommandSpec;
  readonly argument: string;
}

/**
 * Answers the kepbot commands of a new comment: each is authorized and carried out, and one reply
 * quotes them all with what was done or refused and why. Comments without kepbot commands (Prow's
 * `/lgtm`, prose) cost no request at all.
 */
export async function handleComment(deps: CommentDeps, event: CommentEvent): Promise<readonly CommandResult[]> {
  const scan = scanCommands(event.body);
  let requests = scan.commands.flatMap((parsed): Request[] => {
    const spec = findCommand(parsed.name, parsed.args);
    return spec ? [{ parsed, spec, argument: commandArguments(spec, parsed) }] : [];
  });
  if (requests.length === 0) return [];
  // Where Prow serves the repository its `/label` answers: kepbot stays silent, at the cost of one config read.
  if (requests.every(isLabelCommand) && !(await configOnDefaultBranch(deps.github, event.subject)).labelCommands.enabled) return [];

  const authority = await loadAuthority(deps.github, event.subject);
  if (!authority.config.labelCommands.enabled) requests = requests.filter((request) => !isLabelCommand(request));
  if (requests.length === 0) return [];
  const registry = createCommandRegistry({
    leadOptedInLabel: authority.config.leadOptedIn.label,
    leadOptedInTeams: authority.config.leadOptedIn.teams,
    restrictedLabels: authority.config.restrictedLabels.map((entry) => entry.label),
    prrApproverAlias: authority.config.prrApproverAliases[0] ?? "prod-readiness-approvers",
    labelCommands: authority.config.labelCommands.enabled,
    labelPrefixes: authority.config.labelCommands.prefixes,
    additionalLabels: authority.config.labelCommands.additional,
  });
  const labels = new Set(event.labels);
  const actor = await resolveActor(deps.github, event, authority, requests);
  const results: CommandResult[] = [];
  const notes: string[] = [];
  let labelWrites = 0;
  for (const request of requests) {
    if (isLabelCommand(request) && labelWrites >= maxLabelWritesPerComment) {
      results.push({ raw: request.parsed.raw, outcome: "refused", text: `a comment changes at most ${maxLabelWritesPerComment} labels` });
      continue;
    }
    const result = await execute(deps, event, authority, registry, actor, labels, request);
    if (isLabelCommand(request) && result.outcome === "done") labelWrites++;
    results.push(result);
    if (request.spec.name === "lead-opted-in" && result.outcome === "done") {
      const late = lateOptIn(authority.config, event.createdAt);
      if (late) notes.push(lateOptInNote(authority.config.leadOptedIn.label, late.release, late.prrFreeze));
    }
  }
  if (scan.truncated) notes.push(`Only the first ${maxCommandsPerComment} commands of a comment are read.`);
  if (authority.configProblem) notes.push(`⚠️ The repository's kepbot configuration is invalid, so the defaults applied: ${escapeMarkdown(authority.configProblem)}`);
  await deps.github.createComment(event.subject, commandReply(event.author, results, notes));
  return results;
}

function isLabelCommand(request: Request): boolean {
  return request.spec.name === "label" || request.spec.name === "remove-label";
}

/** Team memberships worth knowing for these requests, asked of GitHub only where they could matter. */
async function resolveActor(github: GitHubPort, event: CommentEvent, authority: Authority, requests: readonly Request[]): Promise<Actor> {
  const labelArguments = requests.filter((request) => request.spec.name === "label" || request.spec.name === "remove-label").map((request) => request.argument);
  // Closing a release is for the same teams that may opt KEPs in.
  const wantsOptIn = requests.some((request) => request.spec.name === "lead-opted-in" || request.spec.name === "remove-lead-opted-in" || request.spec.name === "kepbot release");
  const teamless: Actor = { login: event.author, teams: new Set(), isSelf: false };
  const needed = requests.some((request) => authorizeCommand(request.spec, request.argument, teamless, authority.facts).verdict === "refused");
  return actorWithTeams(github, authority, event.subject, event.author, teamsToCheck(labelArguments, wantsOptIn, authority.facts), needed);
}

async function execute(
  deps: CommentDeps,
  event: CommentEvent,
  authority: Authority,
  registry: readonly CommandSpec[],
  actor: Actor,
  labels: Set<string>,
  { parsed, spec, argument }: Request,
): Promise<CommandResult> {
  const raw = parsed.raw;
  const invalid = validateArgs(spec, parsed);
  if (invalid) return { raw, outcome: "refused", text: invalid };
  const decision: Decision = authorizeCommand(spec, argument, actor, authority.facts);
  if (decision.verdict !== "allowed") return { raw, outcome: "refused", text: decision.verdict === "refused" ? decision.reason : "kepbot does not act on its own comments" };
  const subject = event.subject;
  switch (spec.name) {
    case "lead-opted-in":
      return setLabel(deps.github, subject, labels, authority.config.leadOptedIn.label, true, raw, decision.because);
    case "remove-lead-opted-in":
      return setLabel(deps.github, subject, labels, authority.config.leadOptedIn.label, false, raw, decision.because);
    case "label": {
      // GitHub creates a label it does not know; Prow's label plugin never does, nor does kepbot.
      const existing = await deps.github.findLabel(subject, argument);
      if (!existing) return { raw, outcome: "refused", text: `\`${escapeMarkdown(argument)}\` is not a label of this repository, and commands do not create labels` };
      return setLabel(deps.github, subject, labels, existing, true, raw, decision.because);
    }
    case "remove-label":
      return setLabel(deps.github, subject, labels, argument, false, raw, decision.because);
    case "prr-approver":
      return requestPrrApprover(deps.github, event, authority, argument, raw);
    case "kepbot recheck": {
      if (!authority.pullRequest) return recheckIssue(deps, subject, authority, raw);
      const outcome = await reconcilePullRequest(deps, { ...subject, ...authority.pullRequest });
      return { raw, outcome: "done", text: `checked ${authority.pullRequest.headSha.slice(0, 7)} again: ${outcome.conclusion}` };
    }
    case "kepbot release": {
      const release = releaseToClose(argument);
      if (!release) return { raw, outcome: "refused", text: "`/kepbot release` takes `close vX.Y`, e.g. `/kepbot release close v1.37`" };
      const closed = await closeRelease(deps.github, subject, release, authority.config, event.author);
      if (closed.length === 0) return { raw, outcome: "unchanged", text: `no issue of the ${release} milestone has \`${authority.config.leadOptedIn.label}\` or \`tracked/*\`` };
      return { raw, outcome: "done", text: `closed ${release}: removed the release labels from ${closed.length} issue${closed.length === 1 ? "" : "s"} (${closed.map((issue) => `#${issue.number}`).join(", ")}), with one comment on each` };
    }
    case "kepbot help":
      return { raw, outcome: "done", text: `kepbot's commands:\n\n${renderHelp(registry)}` };
  }
}

/** `/kepbot recheck` on an enhancement issue: its KEP judged for the release again, the tracking comment updated. */
async function recheckIssue(deps: ReconcileDeps, subject: Subject, authority: Authority, raw: string): Promise<CommandResult> {
  const outcome = await syncIssue(deps, subject);
  if (outcome.kind === "tracked") {
    const what = outcome.comment === "unchanged" ? "the tracking comment is up to date" : `the tracking comment was ${outcome.comment}`;
    return { raw, outcome: "done", text: `judged KEP-${subject.number} for ${outcome.entry.release} again: ${outcome.entry.verdict.kind}; ${what}` };
  }
  return { raw, outcome: "unchanged", text: `this issue is not tracked for a release: it needs \`${authority.config.leadOptedIn.label}\` and the milestone of a release in the calendar` };
}

async function setLabel(github: GitHubPort, subject: Subject, labels: Set<string>, label: string, present: boolean, raw: string, because: string): Promise<CommandResult> {
  const name = `\`${label.replace(/`/g, "'")}\``;
  if (labels.has(label) === present) return { raw, outcome: "unchanged", text: `${name} is already ${present ? "set" : "absent"}` };
  if (present) await github.addLabels(subject, [label]);
  else await github.removeLabel(subject, label);
  if (present) labels.add(label);
  else labels.delete(label);
  return { raw, outcome: "done", text: `${present ? "added" : "removed"} ${name} (${escapeMarkdown(because)})` };
}

async function requestPrrApprover(github: GitHubPort, event: CommentEvent, authority: Authority, argument: string, raw: string): Promise<CommandResult> {
  const pullRequest = authority.pullRequest;
  if (!pullRequest) return { raw, outcome: "refused", text: "`/prr-approver` works on pull requests only" };
  const handle = argument.trim().replace(/^@/, "");
  const approvers = authority.lists.prrApprovers.state === "loaded" ? authority.lists.prrApprovers.value : new Set<string>();
  const known = [...approvers].find((login) => login.toLowerCase() === handle.toLowerCase());
  if (!known) {
    const list = [...approvers].sort().map((login) => `\`${login}\``).join(", ");
    return { raw, outcome: "refused", text: `\`${escapeMarkdown(handle)}\` is not a PRR approver${list ? ` (PRR approvers: ${list})` : " (OWNERS_ALIASES lists none)"}` };
  }
  if (known.toLowerCase() === pullRequest.author.toLowerCase()) return { raw, outcome: "refused", text: "the pull request's author cannot review it" };
  if (pullRequest.requestedReviewers.some((login) => login.toLowerCase() === known.toLowerCase())) return { raw, outcome: "unchanged", text: `\`${known}\` is already asked for a review` };
  await github.requestReviewers(event.subject, [known]);
  return { raw, outcome: "done", text: `asked PRR approver \`${known}\` for a review` };
}

/** What a late opt-in means, in plain words. */
export function lateOptInNote(label: string, release: string, prrFreeze: Date): string {
  return [
    `⚠️ \`${label}\` was set after the PRR freeze of ${release} (${prrFreeze.toISOString().slice(0, 10)}).`,
    "Production readiness review may not have time for this KEP in this release: ask the PRR approvers in #prod-readiness,",
    "and expect to need an exception if the KEP is not ready by enhancements freeze.",
  ].join(" ");
}
