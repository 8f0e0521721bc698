import { describe, expect, test } from "@jest/globals";
import { authorizeCommand, restrictionsFor, type Actor, type AuthorityFacts } from "../../../src/core/commands/authorize.js";
import { findCommand, type CommandSpec } from "../../../src/core/commands/command-registry.js";
import { canonicalLabel, maxLabelWritesPerComment, prowLabelPrefixes } from "../../../src/core/commands/label-policy.js";
import { defaultConfig, parseConfig } from "../../../src/core/config.js";

const on = { enabled: true, prefixes: prowLabelPrefixes, additional: ["good-first-issue"] };
/** Label commands turned on, with an additional list that (wrongly) names merge-gating labels too. */
const facts: AuthorityFacts = {
  config: { ...defaultConfig, labelCommands: { ...on, additional: [...on.additional, "lgtm", "approved", "do-not-merge/hold"] } },
  owningSigs: ["sig-node"],
  sigLeads: new Map([["sig-node", new Set(["mrunalp"])]]),
};
const outsider: Actor = { login: "mallory", teams: new Set(), isSelf: false };
const enhancementsTeam: Actor = { login: "shadow", teams: new Set(["release-team-enhancements", "release-team-leads"]), isSelf: false };
const lead: Actor = { login: "mrunalp", teams: new Set(), isSelf: false };

function spec(name: "label" | "remove-label"): CommandSpec {
  const found = findCommand(name, "x");
  if (!found) throw new Error(name);
  return found;
}

describe("Prow's label policy for /label and /remove-label", () => {
  test.each([
    ["label", "lgtm"],
    ["label", "approved"],
    ["label", "cncf-cla: yes"],
    ["remove-label", "cncf-cla: no"],
    ["label", "ok-to-test"],
    ["remove-label", "needs-ok-to-test"],
    ["remove-label", "do-not-merge/hold"],
    ["remove-label", "do-not-merge/work-in-progress"],
    ["remove-label", "needs-rebase"],
    ["label", "release-note-none"],
    ["label", "tide/merge-method-squash"],
    ["label", "LGTM"],
  ] as const)("an account without rights cannot /%s %s (merge-gating, even when the config lists it)", (command, label) => {
    for (const actor of [outsider, enhancementsTeam, lead]) {
      expect(authorizeCommand(spec(command), label, actor, facts)).toMatchObject({ verdict: "refused", reason: expect.stringMatching(/gates merging or testing/) });
    }
  });

  test.each(["needs-sig", "prr/approved", "foo", "kind", "kind/", "help wanted", "lifecycle/frozen"])("/label %s is refused: no configured prefix, not additional", (label) => {
    expect(authorizeCommand(spec("label"), label, outsider, facts)).toMatchObject({ verdict: "refused", reason: expect.stringMatching(/not a label commands may set/) });
  });

  test.each(["kind/feature", "sig/node", "area/kubectl", "Priority/Important-Soon", "good-first-issue"])("/label %s is allowed (a prefix, or additional)", (label) => {
    expect(authorizeCommand(spec("label"), label, outsider, facts).verdict).toBe("allowed");
  });

  test("restricted labels pass the prefix filter, then need an allowed actor (as in Prow)", () => {
    expect(authorizeCommand(spec("label"), "tracked/yes", outsider, facts).verdict).toBe("refused");
    expect(authorizeCommand(spec("label"), "tracked/yes", enhancementsTeam, facts).verdict).toBe("allowed");
  });

  test("off by default, where Prow serves the repository", () => {
    const decision = authorizeCommand(spec("label"), "kind/feature", outsider, { ...facts, config: defaultConfig });
    expect(decision).toMatchObject({ verdict: "refused", reason: expect.stringMatching(/Prow's in this repository/) });
  });

  test("a comment changes a small number of labels", () => {
    expect(maxLabelWritesPerComment).toBeLessThanOrEqual(5);
  });
});

describe("label names are normalized before any restricted-label decision", () => {
  const disguised: [string, string][] = [
    ["tracked\u2215yes (division slash)", "tracked\u2215yes"],
    ["tracked\u2044yes (fraction slash)", "tracked\u2044yes"],
    ["tracked\uff0fyes (fullwidth slash)", "tracked\uff0fyes"],
    ["tracked/\u200byes (zero-width space)", "tracked/\u200byes"],
    ["lead-opted-in\u200d (zero-width joiner)", "lead-opted-in\u200d"],
    ["\ufefflead-opted-in (byte-order mark)", "\ufefflead-opted-in"],
    ["lead\u2060-opted-in (word joiner)", "lead\u2060-opted-in"],
    ["lead-opted\u00ad-in (soft hyphen)", "lead-opted\u00ad-in"],
    ["\u202etracked/yes (bidi override)", "\u202etracked/yes"],
    ["ｌｅａｄ-opted-in (fullwidth letters)", "\uff4c\uff45\uff41\uff44-opted-in"],
  ];

  test.each(disguised)("%s is restricted as the label it imitates", (_name, label) => {
    expect(restrictionsFor(label, defaultConfig.restrictedLabels).length).toBeGreaterThan(0);
    expect(canonicalLabel(label)).toMatch(/^(tracked\/yes|lead-opted-in)$/);
  });

  test.each(disguised)("an account without rights cannot /label %s", (_name, label) => {
    expect(authorizeCommand(spec("label"), label, outsider, facts).verdict).toBe("refused");
  });

  test.each([
    ["kind/\u200bfeature", /invisible/],
    ["kind\u2215feature", /looks like a slash/],
    ["ｋｉｎｄ/feature", /normal form/],
    ["l\u200bgtm", /invisible/],
  ])("/label %s is refused outright, even where the plain name is allowed", (label, reason) => {
    expect(authorizeCommand(spec("label"), label, enhancementsTeam, facts)).toMatchObject({ verdict: "refused", reason: expect.stringMatching(reason) });
  });
});

describe("configuration", () => {
  const parsed = (text: string) => {
    const result = parseConfig(text);
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    return result.config;
  };

  test("defaults: Prow serves the repository, /label is off, Prow's prefixes", () => {
    expect(defaultConfig.prow).toBe(true);
    expect(defaultConfig.labelCommands).toEqual({ enabled: false, prefixes: prowLabelPrefixes, additional: [] });
  });

  test.each([
    ["prow: false", { prow: false, enabled: true }],
    ["prow: true", { prow: true, enabled: false }],
    ["prow: true\nlabels:\n  commands: true", { prow: true, enabled: true }],
    ["prow: false\nlabels:\n  commands: false", { prow: false, enabled: false }],
  ])("%j", (text, expected) => {
    const config = parsed(text);
    expect({ prow: config.prow, enabled: config.labelCommands.enabled }).toEqual(expected);
  });

  test("prefixes and additional labels are read", () => {
    expect(parsed("labels:\n  prefixes: [kind, area]\n  additional: [good-first-issue]").labelCommands).toMatchObject({ prefixes: ["kind", "area"], additional: ["good-first-issue"] });
  });

  test("a prefix with a slash or a star is a configuration error", () => {
    expect(parseConfig("labels:\n  prefixes: [kind/]").ok).toBe(false);
    expect(parseConfig("labels:\n  prefixes: ['*']").ok).toBe(false);
  });
});
