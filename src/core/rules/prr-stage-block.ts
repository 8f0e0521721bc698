import { entryOf } from "../parse/yaml-tree.js";
import { field, lineOf, prrPathOf } from "../repo/kep-fields.js";
import { stages } from "../schemas/kep.schema.js";
import { quoteList, requiresPrr } from "./helpers.js";
import type { Rule } from "./rule.js";

const stageSet: ReadonlySet<string> = new Set(stages);

export const prrStageBlock: Rule = {
  id: "prr/stage-block",
  summary: "The PRR file of a KEP that needs review has a block for the KEP's current stage.",
  upstream: true,
  severity: "error",
  *check(repo) {
    for (const kep of repo.keps) {
      if (!requiresPrr(kep, repo)) continue;
      const path = prrPathOf(kep);
      const prr = path ? repo.prrFile(path) : undefined;
      if (!prr?.clean) continue;
      const stage = field(kep, "stage");
      const prefix = `getting PRR approver for ${stage} stage`;
      if (!stageSet.has(stage)) {
        yield { path: kep.path, line: lineOf(kep, "stage"), message: `${prefix}: invalid stage: ${stage}, should be one of ${quoteList(stages)}` };
        continue;
      }
      const present = stages.filter((name) => entryOf(prr.tree, name)?.value.kind === "map");
      if (present.length === 0) {
        yield { path: prr.path, line: 1, message: `${prefix}: none of the PRR milestones are populated (add "${stage}:" with an approver)` };
      } else if (!present.includes(stage as (typeof stages)[number])) {
        yield {
          path: prr.path,
          line: 1,
          message: `${prefix}: the selected PRR milestone stage is not populated: ${kep.path} is at stage ${stage}, but this file only has ${present.join(", ")}`,
        };
      }
    }
  },
};
