import { findMisspellings } from "../spelling/misspell.js";
import type { Rule } from "./rule.js";

/**
 * Port of `hack/verify-spelling.sh`: misspell (client9/misspell v0.3.4) over every tracked file but
 * `*.yaml`. kepbot reads the files below `keps/` (its snapshot holds nothing else), skips those whose
 * names say they are binary and those that do not decode as text, as misspell skips binary files.
 * The message is misspell's own line without its `file:line:col:` prefix, which the finding carries.
 */
export const repoSpelling: Rule = {
  id: "repo/spelling",
  summary: "No file below keps/ other than *.yaml contains a common misspelling from misspell's list (as hack/verify-spelling.sh checks).",
  upstream: true,
  severity: "error",
  *check(repo) {
    for (const file of repo.spellingFiles) {
      if (file.text === undefined) continue;
      for (const hit of findMisspellings(file.text)) {
        yield { path: file.path, line: hit.line, column: hit.column, message: `"${hit.word}" is a misspelling of "${hit.correction}"` };
      }
    }
  },
};
