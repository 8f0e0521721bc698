import { describe, expect, test } from "@jest/globals";
import { authorizeCommand, authorizeLabel, type Actor, type AuthorityFacts } from "../../../src/core/commands/authorize.js";
import { findCommand, type CommandSpec } from "../../../src/core/commands/command-registry.js";
import { defaultConfig } from "../../../src/core/config.js";

/** A KEP owned by sig-node; its leads, another SIG's lead, the Enhancements team, a PRR approver, the author, an outsider. */
const facts: AuthorityFacts = {
  // `/label` turned on (off by default where Prow serves the repository), to judge who may use it.
  config: { ...defaultConfig, labelCommands: { ...defaultConfig.labelCommands, enabled: true } },
  owningSigs: ["sig-node"],
  sigLeads: new Map([
    ["sig-node", new Set(["mrunalp", "dchen1107"])],
    ["sig-apps", new Set(["janetkuo"])],
  ]),
};

const roles: Record<string, Actor> = {
  "SIG lead": { login: "MrunalP", teams: new Set(), isSelf: false },
  "other SIG's lead": { login: "janetkuo", teams: new Set(), isSelf: false },
  "team member": { login: "enhancements-shadow", teams: new Set(["release-team-enhancements"]), isSelf: false },
  "PRR approver": { login: "wojtek-t", teams: new Set(), isSelf: false },
  "PR author": { login: "alice", teams: new Set(), isSelf: false },
  outsider: { login: "mallory", teams: new Set(), isSelf: false },
  "kepbot itself": { login: "kepbot[bot]", teams: new Set(), isSelf: true },
};

function command(name: string, args = ""): CommandSpec {
  const spec = findCommand(name, args);
  if (!spec) throw new Error(`no command ${name}`);
  return spec;
}

/** Expected verdict per role, in the order of `roles`: a = allowed, r = refused, i = ignored. */
const matrix: { action: string; decide: (actor: Actor) => string; expected: string }[] = [
  { action: "/lead-opted-in", decide: (actor) => authorizeCommand(command("lead-opted-in"), "", actor, facts).verdict, expected: "a r a r r r i" },
  { action: "/remove-lead-opted-in", decide: (actor) => authorizeCommand(command("remove-lead-opted-in"), "", actor, facts).verdict, expected: "a r a r r r i" },
  { action: "/label lead-opted-in", decide: (actor) => authorizeCommand(command("label"), "lead-opted-in", actor, facts).verdict, expected: "a r a r r r i" },
  { action: "/remove-label lead-opted-in", decide: (actor) => authorizeCommand(command("remove-label"), "lead-opted-in", actor, facts).verdict, expected: "a r a r r r i" },
  { action: "/label tracked/yes", decide: (actor) => authorizeCommand(command("label"), "tracked/yes", actor, facts).verdict, expected: "r r a r r r i" },
  { action: "/remove-label tracked/out-of-tree", decide: (actor) => authorizeCommand(command("remove-label"), "tracked/out-of-tree", actor, facts).verdict, expected: "r r a r r r i" },
  { action: "/label kind/feature", decide: (actor) => authorizeCommand(command("label"), "kind/feature", actor, facts).verdict, expected: "a a a a a a i" },
  { action: "/prr-approver @wojtek-t", decide: (actor) => authorizeCommand(command("prr-approver"), "@wojtek-t", actor, facts).verdict, expected: "a a a a a a i" },
  { action: "/kepbot recheck", decide: (actor) => authorizeCommand(command("kepbot", "recheck"), "", actor, facts).verdict, expected: "a a a a a a i" },
  { action: "/kepbot help", decide: (actor) => authorizeCommand(command("kepbot", "help"), "", actor, facts).verdict, expected: "a a a a a a i" },
  { action: "lead-opted-in set in the UI", decide: (actor) => authorizeLabel("lead-opted-in", actor, facts).verdict, expected: "a r a r r r i" },
  { action: "tracked/yes set in the UI", decide: (actor) => authorizeLabel("tracked/yes", actor, facts).verdict, expected: "r r a r r r i" },
  { action: "Lead-Opted-In (other case) set in the UI", decide: (actor) => authorizeLabel("Lead-Opted-In", actor, facts).verdict, expected: "a r a r r r i" },
];

const short: Record<string, string> = { allowed: "a", refused: "r", ignored: "i" };

describe("authorization matrix: every command and restricted label against every kind of actor", () => {
  test.each(matrix)("$action", ({ decide, expected }) => {
    const verdicts = Object.values(roles).map((actor) => short[decide(actor)]);
    expect(verdicts.join(" ")).toBe(expected);
  });

  test("a refusal names who may, without pinging anyone", () => {
    const decision = authorizeLabel("lead-opted-in", roles.outsider as Actor, facts);
    expect(decision).toEqual({
      verdict: "refused",
      reason: "`lead-opted-in` is restricted: only leads of `sig-node`, members of `release-team-enhancements` or `release-team-leads` may set or remove it",
    });
  });

  test("allowed_users from the restricted-label configuration count", () => {
    const config = { ...defaultConfig, restrictedLabels: [{ label: "tracked/*", allowedTeams: [], allowedUsers: ["Mallory"], sigLeads: false }] };
    expect(authorizeLabel("tracked/yes", roles.outsider as Actor, { ...facts, config }).verdict).toBe("allowed");
  });

  test("without a known owning SIG, only the teams can opt in", () => {
    expect(authorizeCommand(command("lead-opted-in"), "", roles["SIG lead"] as Actor, { ...facts, owningSigs: [] }).verdict).toBe("refused");
  });
});
