import { authorizeLabel, restrictionsFor, teamsToCheck, whoMay, type Actor } from "../core/commands/authorize.js";
import type { Config } from "../core/config.js";
import { lateOptIn } from "../core/release-calendar.js";
import { escapeMarkdown } from "../render/markdown-escape.js";
import { actorWithTeams, configOnDefaultBranch, loadAuthority, type Subject } from "./authority.js";
import { lateOptInNote } from "./commands.js";
import type { ReconcileDeps } from "./reconcile.js";

export interface LabelEvent {
  readonly subject: Subject;
  readonly label: string;
  readonly sender: string;
  readonly at: Date;
}

export type LabelVerdict = "unrestricted" | "kept" | "reverted";

/**
 * A restricted label set through the UI or the API (Prow guards only its `/label` path): kept when
 * the sender may set it, removed again with one comment naming who may, otherwise. Setting
 * `lead-opted-in` after the PRR freeze is kept but earns a note on what that means.
 */
export async function handleLabeled(deps: ReconcileDeps, event: LabelEvent, defaultBranchConfig?: Config): Promise<LabelVerdict> {
  // Most label events concern unrestricted labels: one read of the config settles those.
  const config = defaultBranchConfig ?? (await configOnDefaultBranch(deps.github, event.subject));
  if (restrictionsFor(event.label, config.restrictedLabels).length === 0) return "unrestricted";
  const authority = await loadAuthority(deps.github, event.subject);
  const restrictions = restrictionsFor(event.label, authority.config.restrictedLabels);
  if (restrictions.length === 0) return "unrestricted";
  if (authority.config.trustedActors.some((login) => login.toLowerCase() === event.sender.toLowerCase())) return "kept";

  const teamless: Actor = { login: event.sender, teams: new Set(), isSelf: false };
  const needed = authorizeLabel(event.label, teamless, authority.facts).verdict === "refused";
  const actor = await actorWithTeams(deps.github, authority, event.subject, event.sender, teamsToCheck([event.label], false, authority.facts), needed);
  const decision = authorizeLabel(event.label, actor, authority.facts);
  const name = `\`${event.label.replace(/`/g, "'")}\``;
  if (decision.verdict === "refused") {
    await deps.github.removeLabel(event.subject, event.label);
    await deps.github.createComment(
      event.subject,
      `\`${escapeMarkdown(event.sender)}\` set ${name}, which only ${whoMay(restrictions, authority.facts)} may set; kepbot removed it again. Ask one of them, or use the matching command (\`/kepbot help\` lists them).`,
    );
    return "reverted";
  }
  const late = event.label === authority.config.leadOptedIn.label ? lateOptIn(authority.config, event.at) : undefined;
  if (late) await deps.github.createComment(event.subject, lateOptInNote(event.label, late.release, late.prrFreeze));
  return "kept";
}
