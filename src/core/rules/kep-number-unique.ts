import { field, lineOf, numericKepNumber } from "../repo/kep-fields.js";
import { processKeps } from "./helpers.js";
import type { Rule } from "./rule.js";

export const kepNumberUnique: Rule = {
  id: "kep/number-unique",
  summary: "Every KEP has a kep-number of its own (its enhancement issue's number); two KEPs with one number share one PRR file.",
  upstream: false,
  severity: "error",
  *check(repo) {
    for (const kep of processKeps(repo)) {
      const number = numericKepNumber(field(kep, "kep-number"));
      // 0 is no issue's number: the process KEP and a few early ones use 0000 as a placeholder.
      if (number === undefined || number === 0) continue;
      const others = repo.kepsNumbered(number).filter((other) => other.dir !== kep.dir && !other.template);
      if (others.length === 0) continue;
      yield {
        path: kep.path,
        line: lineOf(kep, "kep-number"),
        message: `kep-number ${number} is already the number of ${others.map((other) => other.path).join(", ")}: a KEP's number is its own enhancement issue's number`,
      };
    }
  },
};
