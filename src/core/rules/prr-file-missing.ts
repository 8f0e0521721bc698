import { lineOf, prrPathOf } from "../repo/kep-fields.js";
import { requiresPrr } from "./helpers.js";
import type { Rule } from "./rule.js";

export const prrFileMissing: Rule = {
  id: "prr/file-missing",
  summary: "A KEP that needs production readiness review has its PRR file at keps/prod-readiness/<owning-sig>/<kep-number>.yaml.",
  upstream: true,
  severity: "error",
  *check(repo) {
    for (const kep of repo.keps) {
      if (!requiresPrr(kep, repo)) continue;
      const path = prrPathOf(kep);
      if (path && !repo.prrFile(path)) {
        yield {
          path: kep.path,
          line: lineOf(kep, "kep-number"),
          message: `PRR approval file ${path} does not exist; a KEP that is implementable from ${repo.config.prrRequiredFrom} on needs one (copy keps/prod-readiness/template/nnnn.yaml)`,
        };
      }
    }
  },
};
