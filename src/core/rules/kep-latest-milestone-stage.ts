import lt from "semver/functions/lt.js";
import { field, lineOf, stageMilestone } from "../repo/kep-fields.js";
import { parseMilestone, processKeps } from "./helpers.js";
import type { Rule } from "./rule.js";

const graduation: ReadonlySet<string> = new Set(["alpha", "beta", "stable"]);

/**
 * A KEP targets its current stage in `milestone.<stage>`; `latest-milestone` is the newest release
 * worked on. latest-milestone may run ahead (work continues in the same stage, 47 real cases), but a
 * latest-milestone behind milestone.<stage> means a promotion that forgot one of the two fields.
 */
export const kepLatestMilestoneStage: Rule = {
  id: "kep/latest-milestone-stage",
  summary: "latest-milestone is not behind milestone.<stage> for the KEP's current stage.",
  upstream: false,
  severity: "warning",
  *check(repo) {
    for (const kep of processKeps(repo)) {
      const stage = field(kep, "stage");
      const latestText = field(kep, "latest-milestone");
      if (!graduation.has(stage) || !latestText || latestText === "0.0") continue;
      const target = stageMilestone(kep, stage);
      const latest = parseMilestone(latestText);
      const planned = parseMilestone(target.value);
      if (!latest.ok || !planned.ok || target.value === "") continue;
      if (lt(latest.version, planned.version)) {
        yield {
          path: kep.path,
          line: lineOf(kep, "latest-milestone"),
          message: `latest-milestone ${latestText} is behind milestone.${stage} ${target.value}: a KEP targeting ${stage} in ${target.value} has latest-milestone ${target.value}`,
          suggestion: `latest-milestone: "${target.value}"`,
        };
      }
    }
  },
};
