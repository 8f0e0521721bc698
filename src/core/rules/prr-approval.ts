import { field } from "../repo/kep-fields.js";
import { prrStateOf } from "../prr-state.js";
import { processKeps } from "./helpers.js";
import type { Rule } from "./rule.js";

export const prrApproval: Rule = {
  id: "prr/approval",
  summary: "When a pull request sets the PRR approver for a KEP's stage, that approver approves the pull request.",
  upstream: false,
  severity: "error",
  judges: "change",
  *check(repo) {
    // Approval is a fact about a pull request: without one (a plain tree) there is nothing to judge.
    if (!repo.pullRequest) return;
    for (const kep of processKeps(repo)) {
      const prr = prrStateOf(kep, repo);
      if (prr.state !== "awaiting-approval") continue;
      const stale = prr.staleBecause ? `; their approval was of an earlier commit, and ${prr.staleBecause.join(", ")} changed since, so it must be given again` : "";
      yield {
        path: prr.prrPath,
        line: prr.line,
        message: `this pull request names @${prr.approver} as PRR approver for ${field(kep, "stage")}; it needs their approving review before it can merge${stale}`,
      };
    }
  },
};
