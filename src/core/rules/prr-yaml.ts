import { prrFilesInScope } from "./helpers.js";
import type { Rule } from "./rule.js";

export const prrYaml: Rule = {
  id: "prr/yaml",
  summary: "PRR approval files are readable YAML text with no duplicate keys.",
  upstream: true,
  severity: "error",
  *check(repo) {
    for (const prr of prrFilesInScope(repo)) {
      if (prr.textProblem) {
        yield { path: prr.path, line: 1, message: `parsing PRR approval file: ${prr.textProblem}` };
      } else if (prr.read && !prr.read.ok) {
        for (const problem of prr.read.problems) {
          yield { path: prr.path, line: problem.line, message: `parsing PRR approval file: unmarshalling YAML: ${problem.message}` };
        }
      } else if (prr.read?.ok && prr.read.tree === undefined) {
        yield { path: prr.path, line: 1, message: "parsing PRR approval file: the file is empty" };
      }
    }
  },
};
