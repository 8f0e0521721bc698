import { describe, expect, test } from "@jest/globals";
import {
  commandArguments,
  commandRegistry,
  createCommandRegistry,
  defaultCommandSettings,
  findCommand,
  renderHelp,
  validateArgs,
  type CommandSpec,
} from "../../../src/core/commands/command-registry.js";
import { parseCommands } from "../../../src/core/commands/parse-commands.js";

function spec(name: string): CommandSpec {
  const command = commandRegistry.find((entry) => entry.name === name);
  if (!command) throw new Error(`no command ${name} in the registry`);
  return command;
}

/** Cells of a markdown table row, split on the pipes GFM splits on (not the escaped ones). */
function cells(row: string): string[] {
  return row.split(/(?<!\\)\|/).slice(1, -1);
}

describe("the registry", () => {
  test("holds kepbot's commands", () => {
    expect(commandRegistry.map((command) => command.name)).toEqual(["lead-opted-in", "remove-lead-opted-in", "label", "remove-label", "prr-approver", "kepbot recheck", "kepbot release", "kepbot help"]);
  });

  test.each(commandRegistry.map((command) => ({ ...command })))("/$name is documented", (command) => {
    for (const text of [command.usage, command.example, command.description, command.whoMayUse]) expect(text.trim()).not.toBe("");
    expect(command.usage.startsWith(`/${command.name}`)).toBe(true);
  });

  test.each(commandRegistry.map((command) => ({ ...command })))("the example of /$name is itself a valid command", (command) => {
    const [parsed, ...rest] = parseCommands(command.example);
    expect(rest).toEqual([]);
    if (!parsed) throw new Error(`example ${command.example} does not parse`);
    expect(findCommand(parsed.name, parsed.args)?.name).toBe(command.name);
    expect(validateArgs(command, parsed)).toBeUndefined();
  });

  test("names the configured label, teams and alias", () => {
    const registry = createCommandRegistry({ ...defaultCommandSettings, labelCommands: true, leadOptedInLabel: "opted-in", leadOptedInTeams: ["enhancements"], restrictedLabels: ["opted-in", "tracked/*"], prrApproverAlias: "prr-approvers" });
    const text = registry.map((command) => `${command.description} ${command.whoMayUse}`).join("\n");
    for (const expected of ["`opted-in`", "`enhancements`", "`tracked/*`", "`prr-approvers`"]) expect(text).toContain(expected);
    expect(text).not.toContain("lead-opted-in`");
  });

  test("the defaults are upstream's: Prow answers /label there", () => {
    const text = commandRegistry.map((command) => command.whoMayUse).join("\n");
    for (const expected of ["`release-team-enhancements`", "`sigs.yaml`", "Off in this repository: Prow's `/label` answers"]) expect(text).toContain(expected);
    expect(defaultCommandSettings.prrApproverAlias).toBe("prod-readiness-approvers");
  });
});

describe("findCommand", () => {
  test.each([
    { name: "a one-word command", command: "label", args: "kind/feature", expected: "label" },
    { name: "/kepbot help", command: "kepbot", args: "help", expected: "kepbot help" },
    { name: "plain /help is Prow's (`help wanted`), not kepbot's", command: "help", args: "", expected: undefined },
    { name: "/kepbot recheck", command: "kepbot", args: "recheck", expected: "kepbot recheck" },
    { name: "/kepbot RECHECK (sub-commands are case-insensitive)", command: "kepbot", args: "RECHECK", expected: "kepbot recheck" },
    { name: "/kepbot recheck with more words (validateArgs rejects them)", command: "kepbot", args: "recheck please", expected: "kepbot recheck" },
    { name: "/kepbot frobnicate", command: "kepbot", args: "frobnicate", expected: undefined },
    { name: "a bare /kepbot", command: "kepbot", args: "", expected: undefined },
    { name: "/kepbot rechecknow (a sub-command is a whole word)", command: "kepbot", args: "rechecknow", expected: undefined },
    { name: "/recheck alone is not kepbot's", command: "recheck", args: "", expected: undefined },
    { name: "an unknown command (Prow's /lgtm)", command: "lgtm", args: "", expected: undefined },
    { name: "a name with a space never matches a one-word lookup", command: "kepbot recheck", args: "", expected: undefined },
  ])("$name", ({ command, args, expected }) => {
    expect(findCommand(command, args)?.name).toBe(expected);
  });
});

describe("validateArgs", () => {
  test.each([
    { name: "/label with a label", command: "label", args: "kind/feature", error: undefined },
    { name: "/label with no argument", command: "label", args: "", error: "`/label` needs an argument: `/label <name>`" },
    { name: "/remove-label with no argument", command: "remove-label", args: "", error: "`/remove-label` needs an argument: `/remove-label <name>`" },
    { name: "/prr-approver with no handle", command: "prr-approver", args: "", error: "`/prr-approver` needs an argument: `/prr-approver @<handle>`" },
    { name: "/prr-approver with a handle", command: "prr-approver", args: "@jane-doe", error: undefined },
    { name: "/lead-opted-in alone", command: "lead-opted-in", args: "", error: undefined },
    { name: "/lead-opted-in with an argument", command: "lead-opted-in", args: "v1.33", error: "`/lead-opted-in` takes no arguments: `/lead-opted-in`" },
    { name: "/kepbot help with an argument", command: "kepbot help", args: "help label", error: "`/kepbot help` takes no arguments: `/kepbot help`" },
    { name: "/kepbot recheck (the sub-command is not an argument)", command: "kepbot recheck", args: "recheck", error: undefined },
    { name: "/kepbot recheck with an extra argument", command: "kepbot recheck", args: "recheck now", error: "`/kepbot recheck` takes no arguments: `/kepbot recheck`" },
  ])("$name", ({ command, args, error }) => {
    expect(validateArgs(spec(command), { args })).toBe(error);
  });

  test.each([
    { name: "one-word command keeps all args", command: "label", args: "kind/feature", expected: "kind/feature" },
    { name: "sub-command word is dropped", command: "kepbot recheck", args: "recheck  now", expected: "now" },
    { name: "sub-command alone leaves nothing", command: "kepbot recheck", args: "recheck", expected: "" },
  ])("commandArguments: $name", ({ command, args, expected }) => {
    expect(commandArguments(spec(command), { args })).toBe(expected);
  });
});

describe("renderHelp", () => {
  const help = renderHelp();
  const rows = help.trimEnd().split("\n");

  test("names every command with its usage and example", () => {
    for (const command of commandRegistry) {
      expect(help).toContain(`\`${command.usage}\``);
      expect(help).toContain(`\`${command.example}\``);
    }
  });

  test("is a well-formed markdown table: header, delimiter, one row per command, same cell count everywhere", () => {
    expect(rows).toHaveLength(commandRegistry.length + 2);
    expect(cells(rows[0] ?? "").map((cell) => cell.trim())).toEqual(["Command", "What it does", "Who may use it", "Example"]);
    expect(cells(rows[1] ?? "").every((cell) => /^\s*:?-{3,}:?\s*$/.test(cell))).toBe(true);
    for (const row of rows) {
      expect(row.startsWith("| ") && row.endsWith(" |")).toBe(true);
      expect(cells(row)).toHaveLength(4);
    }
  });

  test("pipes and line breaks in configured text cannot break the table", () => {
    const registry = createCommandRegistry({ ...defaultCommandSettings, leadOptedInLabel: "a|b", restrictedLabels: ["x|y", "line\nbreak"] });
    const rendered = renderHelp(registry).trimEnd().split("\n");
    expect(rendered).toHaveLength(registry.length + 2);
    for (const row of rendered) expect(cells(row)).toHaveLength(4);
  });

  test("@handles are in code spans, so the help notifies no one", () => {
    expect(help).toContain("@jane-doe");
    expect(help.replace(/`[^`\n]*`/g, "")).not.toContain("@");
  });
});
