import type { Rule } from "./rule.js";

export const repoNoKeps: Rule = {
  id: "repo/no-keps",
  summary: "The repository has at least one KEP (a kep.yaml under keps/).",
  upstream: true,
  severity: "error",
  *check(repo) {
    // Only a whole tree can have no KEPs; a change set judges what it touches.
    if (repo.touched === undefined && repo.discoveredKeps === 0) {
      yield { path: "keps", message: "must find more than zero KEPs: no kep.yaml was found under keps/" };
    }
  },
};
