import { entryOf } from "../parse/yaml-tree.js";
import { field, prrPathOf } from "../repo/kep-fields.js";
import { quoteList, requiresPrr } from "./helpers.js";
import type { Rule } from "./rule.js";

export const prrApproverUnknown: Rule = {
  id: "prr/approver-unknown",
  summary: "The approver for the KEP's stage is a PRR approver (OWNERS_ALIASES, read from the base branch).",
  upstream: true,
  severity: "error",
  *check(repo) {
    const approvers = repo.lists.prrApprovers;
    if (approvers.state !== "loaded") return; // repo/lists says why this rule was skipped
    for (const kep of repo.keps) {
      if (!requiresPrr(kep, repo)) continue;
      const path = prrPathOf(kep);
      const prr = path ? repo.prrFile(path) : undefined;
      const block = entryOf(prr?.tree, field(kep, "stage"));
      const approver = entryOf(block?.value, "approver");
      if (!prr?.clean || approver?.value.kind !== "scalar") continue;
      const handle = approver.value.text.replace(/^@/, "");
      if (!approvers.value.has(handle)) {
        yield {
          path: prr.path,
          line: approver.keyPos.line,
          message: `this contributor (${handle}) is not a PRR approver (${quoteList([...approvers.value].sort())})`,
        };
      }
    }
  },
};
