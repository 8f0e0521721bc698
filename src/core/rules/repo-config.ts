import { configPath } from "../config.js";
import type { Rule } from "./rule.js";

export const repoConfig: Rule = {
  id: "repo/config",
  summary: "The .github/kepbot.yml a pull request proposes is valid (the base branch's config governs the pull request's own check).",
  upstream: false,
  severity: "error",
  *check(repo) {
    for (const problem of repo.proposedConfigProblems) {
      yield { path: configPath, line: problem.line, message: `invalid kepbot configuration: ${problem.message}` };
    }
  },
};
