import { dirName } from "../repo/discover.js";
import type { Rule } from "./rule.js";

export const kepMetadataMissing: Rule = {
  id: "kep/metadata-missing",
  summary: "Every KEP README.md below keps/ has a kep.yaml beside it.",
  upstream: true,
  severity: "error",
  *check(repo) {
    for (const readme of repo.readmesWithoutMetadata) {
      const metadata = `${dirName(readme)}/kep.yaml`;
      yield { path: readme, line: 1, message: `metadata file missing for KEP: ${metadata} (add kep.yaml beside this README)` };
    }
  },
};
