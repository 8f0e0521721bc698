import { prrFilesInScope } from "./helpers.js";
import type { Rule } from "./rule.js";

export const prrSchemaRule: Rule = {
  id: "prr/schema",
  summary: "PRR approval files have only kep-number and stage blocks, each with a non-empty approver.",
  upstream: true,
  severity: "error",
  *check(repo) {
    for (const prr of prrFilesInScope(repo)) {
      for (const problem of prr.schemaProblems) {
        yield { path: prr.path, line: problem.line, message: `parsing PRR approval file: ${problem.message}` };
      }
    }
  },
};
