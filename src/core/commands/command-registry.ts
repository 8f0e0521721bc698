import { maxLabelWritesPerComment, prowLabelPrefixes } from "./label-policy.js";
import type { ParsedCommand } from "./parse-commands.js";

/**
 * kepbot's slash commands, described once. Handlers dispatch on `name`, `/kepbot help` renders this list, and
 * argument checks read `args`, so the help text cannot drift from what the bot does. Prow keeps the same
 * kind of registry (`pluginhelp.Command{Usage, Description, WhoCanUse, Examples}`) behind go.k8s.io/bot-commands.
 */

export type CommandName = "lead-opted-in" | "remove-lead-opted-in" | "label" | "remove-label" | "prr-approver" | "kepbot recheck" | "kepbot release" | "kepbot help";

export type ArgumentPolicy = "none" | "required" | "optional";

export interface CommandSpec {
  /** How it is written, without the slash. Two words for a sub-command: `kepbot recheck`. */
  readonly name: CommandName;
  readonly usage: string;
  readonly example: string;
  readonly description: string;
  readonly whoMayUse: string;
  readonly args: ArgumentPolicy;
}

/** The names and teams the command texts mention; taken from the repository's configuration. */
export interface CommandSettings {
  readonly leadOptedInLabel: string;
  /** Teams that may opt a KEP in besides the owning SIG's leads. */
  readonly leadOptedInTeams: readonly string[];
  /** Labels `/label` and `/remove-label` apply only for those allowed; `*` ends a prefix pattern. */
  readonly restrictedLabels: readonly string[];
  readonly prrApproverAlias: string;
  /** Whether kepbot answers `/label` and `/remove-label` (off where Prow serves the repository). */
  readonly labelCommands: boolean;
  readonly labelPrefixes: readonly string[];
  readonly additionalLabels: readonly string[];
}

/** Upstream's values (kubernetes/test-infra `config/prow/plugins.yaml`, `restricted_labels` for kubernetes/enhancements). */
export const defaultCommandSettings: CommandSettings = {
  leadOptedInLabel: "lead-opted-in",
  leadOptedInTeams: ["release-team-enhancements", "release-team-leads"],
  restrictedLabels: ["lead-opted-in", "tracked/*"],
  prrApproverAlias: "prod-readiness-approvers",
  labelCommands: false,
  labelPrefixes: prowLabelPrefixes,
  additionalLabels: [],
};

export function createCommandRegistry(settings: CommandSettings = defaultCommandSettings): readonly CommandSpec[] {
  const label = code(settings.leadOptedInLabel);
  const teams = settings.leadOptedInTeams.length > 0 ? `, and members of ${joinOr(settings.leadOptedInTeams.map(code))}` : "";
  const leads = `Leads (chairs and tech leads) of the KEP's owning SIG in \`sigs.yaml\`${teams}`;
  const restricted = settings.restrictedLabels.length > 0 ? `; restricted labels (${settings.restrictedLabels.map(code).join(", ")}) only those the restricted-label configuration allows` : "";
  const prefixes = settings.labelPrefixes.map((prefix) => code(`${prefix}/`));
  const allowed = [...prefixes, ...settings.additionalLabels.map(code)].join(", ");
  const labelWho = settings.labelCommands
    ? `Anyone, for labels the repository has that start with ${allowed || "(none configured)"}${restricted}; never merge-gating labels (\`lgtm\`, \`approved\`, \`do-not-merge/*\`…); at most ${maxLabelWritesPerComment} per comment`
    : "Off in this repository: Prow's `/label` answers (`labels.commands: true` turns kepbot's on)";
  return [
    {
      name: "lead-opted-in",
      usage: "/lead-opted-in",
      example: "/lead-opted-in",
      description: `Opts the KEP into the release: adds the ${label} label.`,
      whoMayUse: leads,
      args: "none",
    },
    {
      name: "remove-lead-opted-in",
      usage: "/remove-lead-opted-in",
      example: "/remove-lead-opted-in",
      description: `Takes the KEP out of the release: removes the ${label} label.`,
      whoMayUse: leads,
      args: "none",
    },
    {
      name: "label",
      usage: "/label <name>",
      example: "/label kind/feature",
      description: "Adds a label the repository already has. One label per line.",
      whoMayUse: labelWho,
      args: "required",
    },
    {
      name: "remove-label",
      usage: "/remove-label <name>",
      example: "/remove-label kind/feature",
      description: "Removes a label. One label per line.",
      whoMayUse: labelWho,
      args: "required",
    },
    {
      name: "prr-approver",
      usage: "/prr-approver @<handle>",
      example: "/prr-approver @jane-doe",
      description: `Requests the review of a production readiness (PRR) approver; the handle must be in the ${code(settings.prrApproverAlias)} alias of OWNERS_ALIASES.`,
      whoMayUse: "Anyone",
      args: "required",
    },
    {
      name: "kepbot recheck",
      usage: "/kepbot recheck",
      example: "/kepbot recheck",
      description: "Runs kepbot's check on the pull request again; on an enhancement issue, judges its KEP for the release again and updates the tracking comment.",
      whoMayUse: "Anyone",
      args: "none",
    },
    {
      name: "kepbot release",
      usage: "/kepbot release close <vX.Y>",
      example: "/kepbot release close v1.37",
      description: `Ends a release: removes ${label} and \`tracked/*\` from every issue of the release's milestone, with one comment on each.`,
      whoMayUse: settings.leadOptedInTeams.length > 0 ? `Members of ${joinOr(settings.leadOptedInTeams.map(code))}` : "Nobody (the configuration names no team)",
      args: "required",
    },
    {
      // Plain `/help` is Prow's (it adds `help wanted`): kepbot's help is a sub-command, so each bot answers its own.
      name: "kepbot help",
      usage: "/kepbot help",
      example: "/kepbot help",
      description: "Replies with this list of commands.",
      whoMayUse: "Anyone",
      args: "none",
    },
  ];
}

export const commandRegistry: readonly CommandSpec[] = createCommandRegistry();

/**
 * The command a parsed `/name args` asks for. A two-word entry is tried first (`kepbot` + `recheck …`),
 * so `/kepbot frobnicate` and a bare `/kepbot` find nothing.
 */
export function findCommand(name: string, args: string, registry: readonly CommandSpec[] = commandRegistry): CommandSpec | undefined {
  const lowerName = name.toLowerCase();
  const subcommand = firstWord(args).toLowerCase();
  if (subcommand !== "") {
    const twoWords = registry.find((command) => command.name === `${lowerName} ${subcommand}`);
    if (twoWords) return twoWords;
  }
  // Only one-word entries here: `kepbot recheck` is reached through `kepbot` + `recheck`, never as a name.
  return registry.find((command) => !command.name.includes(" ") && command.name === lowerName);
}

/** The arguments meant for the command: for `/kepbot recheck now`, `now`. */
export function commandArguments(command: CommandSpec, parsed: Pick<ParsedCommand, "args">): string {
  return command.name.includes(" ") ? parsed.args.slice(firstWord(parsed.args).length).trim() : parsed.args;
}

/**
 * Why the arguments do not fit the command, or undefined when they do. The usage is in a code span because
 * GitHub drops `<name>` as an unknown HTML tag; the user's text is not echoed (the reply quotes it anyway).
 */
export function validateArgs(command: CommandSpec, parsed: Pick<ParsedCommand, "args">): string | undefined {
  const args = commandArguments(command, parsed);
  if (command.args === "required" && args === "") return `\`/${command.name}\` needs an argument: ${code(command.usage)}`;
  if (command.args === "none" && args !== "") return `\`/${command.name}\` takes no arguments: ${code(command.usage)}`;
  return undefined;
}

/** The `/kepbot help` reply: a markdown table of every command, rendered from the registry. */
export function renderHelp(registry: readonly CommandSpec[] = commandRegistry): string {
  const rows = [
    ["Command", "What it does", "Who may use it", "Example"],
    ["---", "---", "---", "---"],
    ...registry.map((command) => [code(command.usage), command.description, command.whoMayUse, code(command.example)]),
  ];
  return rows.map((cells) => `| ${cells.map(tableCell).join(" | ")} |`).join("\n") + "\n";
}

function firstWord(text: string): string {
  const end = text.search(/\s/);
  return end === -1 ? text : text.slice(0, end);
}

/** A code span, which also keeps `@handle` from notifying anyone. */
function code(text: string): string {
  return text.includes("`") ? `\`\` ${text} \`\`` : `\`${text}\``;
}

/** GFM tables split on `|` even inside code spans, and a line break ends the row. */
function tableCell(text: string): string {
  return text.replace(/\r?\n/g, " ").replace(/\|/g, "\\|");
}

function joinOr(items: readonly string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} or ${items.at(-1) ?? ""}`;
}
