import type { Config, RestrictedLabel } from "../config.js";
import type { CommandSpec } from "./command-registry.js";
import { labelPolicyRefusal, matchesLabelPattern } from "./label-policy.js";

/** Who is acting, with the teams (of those the config names) they were found to belong to. */
export interface Actor {
  readonly login: string;
  readonly teams: ReadonlySet<string>;
  /** kepbot itself: its own actions are never judged (they would loop). */
  readonly isSelf: boolean;
}

/** What authorization needs to know about the KEP at hand and its people. */
export interface AuthorityFacts {
  readonly config: Pick<Config, "restrictedLabels" | "leadOptedIn" | "labelCommands">;
  /** Owning SIGs of the KEPs the issue or pull request is about. */
  readonly owningSigs: readonly string[];
  /** Leads (chairs, tech leads, the `<sig>-leads` alias) per SIG, logins lower-cased. */
  readonly sigLeads: ReadonlyMap<string, ReadonlySet<string>>;
}

export type Decision =
  | { readonly verdict: "allowed"; readonly because: string }
  | { readonly verdict: "refused"; readonly reason: string }
  | { readonly verdict: "ignored" };

/**
 * The restrictions that apply to a label: exact names and `prefix/*` patterns, merged as Prow merges scopes.
 * Names are compared in canonical form (NFKC, invisible characters dropped, lookalike slashes read as `/`,
 * lower case), so `tracked\u2215yes` is restricted as `tracked/yes` is.
 */
export function restrictionsFor(label: string, restricted: readonly RestrictedLabel[]): readonly RestrictedLabel[] {
  return restricted.filter((entry) => matchesLabelPattern(label, entry.label));
}

/**
 * The SIGs the actor leads, when they lead every owning SIG at hand: on a pull request that touches
 * KEPs of two SIGs, a lead of one may not speak for the other.
 */
function isLead(actor: Actor, facts: AuthorityFacts): string | undefined {
  const login = actor.login.toLowerCase();
  const leads = (sig: string) => facts.sigLeads.get(sig)?.has(login) === true;
  return facts.owningSigs.length > 0 && facts.owningSigs.every(leads) ? facts.owningSigs.join(" and ") : undefined;
}

function code(text: string): string {
  return `\`${text.replace(/`/g, "'")}\``;
}

/** Who may do it, in words, for a refusal: names teams and SIGs, never pings people. */
export function whoMay(restrictions: readonly RestrictedLabel[], facts: AuthorityFacts): string {
  const parts: string[] = [];
  if (restrictions.some((entry) => entry.sigLeads)) {
    parts.push(facts.owningSigs.length > 0 ? `leads of ${facts.owningSigs.map(code).join(" or ")}` : "leads of the KEP's owning SIG");
  }
  const teams = [...new Set(restrictions.flatMap((entry) => entry.allowedTeams))];
  if (teams.length > 0) parts.push(`members of ${teams.map(code).join(" or ")}`);
  const users = [...new Set(restrictions.flatMap((entry) => entry.allowedUsers))];
  if (users.length > 0) parts.push(users.map(code).join(", "));
  return parts.length > 0 ? parts.join(", ") : "nobody (the configuration allows no one)";
}

/** May `actor` set or remove `label`? Unrestricted labels are anyone's. */
export function authorizeLabel(label: string, actor: Actor, facts: AuthorityFacts): Decision {
  if (actor.isSelf) return { verdict: "ignored" };
  const restrictions = restrictionsFor(label, facts.config.restrictedLabels);
  if (restrictions.length === 0) return { verdict: "allowed", because: "the label is not restricted" };
  const login = actor.login.toLowerCase();
  const lead = restrictions.some((entry) => entry.sigLeads) ? isLead(actor, facts) : undefined;
  if (lead) return { verdict: "allowed", because: `@${actor.login} leads ${lead}` };
  const team = restrictions.flatMap((entry) => entry.allowedTeams).find((slug) => actor.teams.has(slug));
  if (team) return { verdict: "allowed", because: `@${actor.login} is in ${team}` };
  if (restrictions.some((entry) => entry.allowedUsers.some((user) => user.toLowerCase() === login))) return { verdict: "allowed", because: `@${actor.login} is allowed by name` };
  return { verdict: "refused", reason: `${code(label)} is restricted: only ${whoMay(restrictions, facts)} may set or remove it` };
}

/** May `actor` run this command (arguments already validated)? */
export function authorizeCommand(command: CommandSpec, argument: string, actor: Actor, facts: AuthorityFacts): Decision {
  if (actor.isSelf) return { verdict: "ignored" };
  switch (command.name) {
    case "lead-opted-in":
    case "remove-lead-opted-in": {
      const lead = isLead(actor, facts);
      if (lead) return { verdict: "allowed", because: `@${actor.login} leads ${lead}` };
      const team = facts.config.leadOptedIn.teams.find((slug) => actor.teams.has(slug));
      if (team) return { verdict: "allowed", because: `@${actor.login} is in ${team}` };
      const teams = facts.config.leadOptedIn.teams.map(code).join(" or ");
      const sigs = facts.owningSigs.length > 0 ? facts.owningSigs.map(code).join(" and ") : "the KEP's owning SIG";
      return { verdict: "refused", reason: `only leads of ${sigs}${teams ? ` or members of ${teams}` : ""} may opt a KEP in or out` };
    }
    case "label":
    case "remove-label": {
      const labels = facts.config.labelCommands;
      if (!labels.enabled) return { verdict: "refused", reason: "`/label` and `/remove-label` are Prow's in this repository (`labels.commands` is off)" };
      const refusal = labelPolicyRefusal(argument, labels, facts.config.restrictedLabels.map((entry) => entry.label));
      if (refusal) return { verdict: "refused", reason: refusal };
      return authorizeLabel(argument, actor, facts);
    }
    case "kepbot release": {
      // The Enhancements team: the teams that may opt KEPs in besides the SIG leads (not the leads themselves).
      const team = facts.config.leadOptedIn.teams.find((slug) => actor.teams.has(slug));
      if (team) return { verdict: "allowed", because: `@${actor.login} is in ${team}` };
      const teams = facts.config.leadOptedIn.teams.map(code).join(" or ");
      return { verdict: "refused", reason: teams ? `only members of ${teams} may close a release` : "the configuration names no team that may close a release" };
    }
    case "prr-approver":
    case "kepbot recheck":
    case "kepbot help":
      return { verdict: "allowed", because: "anyone may" };
  }
}

/** The teams worth asking GitHub about for this actor: those that could allow what they ask. */
export function teamsToCheck(labels: readonly string[], wantsOptIn: boolean, facts: AuthorityFacts): readonly string[] {
  const teams = labels.flatMap((label) => restrictionsFor(label, facts.config.restrictedLabels).flatMap((entry) => entry.allowedTeams));
  return [...new Set([...teams, ...(wantsOptIn ? facts.config.leadOptedIn.teams : [])])];
}
