import { didYouMean } from "../did-you-mean.js";
import { entryOf } from "../parse/yaml-tree.js";
import { field, lineOf } from "../repo/kep-fields.js";
import type { RepoModel } from "../repo/model.js";
import { processKeps } from "./helpers.js";
import type { Rule } from "./rule.js";

function groupNames(repo: RepoModel): ReadonlySet<string> | undefined {
  return repo.lists.groups.state === "loaded" ? repo.lists.groups.value.names : undefined;
}

export const kepOwningSigKnown: Rule = {
  id: "kep/owning-sig-known",
  summary: "owning-sig is a community group listed in sigs.yaml.",
  upstream: false,
  severity: "error",
  *check(repo) {
    const groups = groupNames(repo);
    if (!groups) return;
    for (const kep of processKeps(repo)) {
      const sig = field(kep, "owning-sig");
      if (sig && !groups.has(sig)) {
        yield { path: kep.path, line: lineOf(kep, "owning-sig"), message: `invalid owning-sig: ${sig} is not a group in ${repo.lists.groups.path}${didYouMean(sig, groups)}` };
      }
    }
  },
};

export const kepParticipatingSigsKnown: Rule = {
  id: "kep/participating-sigs-known",
  summary: "Every participating-sigs entry is a community group listed in sigs.yaml.",
  upstream: false,
  severity: "error",
  *check(repo) {
    const groups = groupNames(repo);
    if (!groups) return;
    for (const kep of processKeps(repo)) {
      const list = entryOf(kep.tree, "participating-sigs")?.value;
      if (list?.kind !== "seq") continue;
      for (const item of list.items) {
        if (item.kind === "scalar" && !groups.has(item.text)) {
          yield { path: kep.path, line: item.pos.line, message: `invalid participating-sig: ${item.text} is not a group in ${repo.lists.groups.path}${didYouMean(item.text, groups)}` };
        }
      }
    }
  },
};
