// The one semver function used, not the package index (which loads all of semver: ~15 ms of start-up).
import lt from "semver/functions/lt.js";
import { stageMilestone } from "../repo/kep-fields.js";
import { parseMilestone, processKeps } from "./helpers.js";
import type { Rule } from "./rule.js";

const graduation = ["alpha", "beta", "stable"] as const;

export const kepMilestoneOrder: Rule = {
  id: "kep/milestone-order",
  summary: "milestone.alpha ≤ milestone.beta ≤ milestone.stable.",
  upstream: false,
  severity: "error",
  *check(repo) {
    for (const kep of processKeps(repo)) {
      const known = graduation
        .map((stage) => ({ stage, ...stageMilestone(kep, stage) }))
        .map((entry) => ({ ...entry, parsed: parseMilestone(entry.value) }))
        .filter((entry) => entry.value !== "" && entry.parsed.ok);
      for (let later = 1; later < known.length; later++) {
        const before = known[later - 1];
        const after = known[later];
        if (!before?.parsed.ok || !after?.parsed.ok) continue;
        if (lt(after.parsed.version, before.parsed.version)) {
          yield {
            path: kep.path,
            line: after.line,
            message: `milestone.${after.stage} (${after.value}) is earlier than milestone.${before.stage} (${before.value}); a KEP graduates alpha → beta → stable`,
          };
        }
      }
    }
  },
};
