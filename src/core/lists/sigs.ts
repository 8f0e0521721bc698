import { readYaml, type YamlTree } from "../parse/yaml-tree.js";
import type { ListResult } from "./owners-aliases.js";
import { rememberingRecentTexts } from "./recent-texts.js";

/** One community group from sigs.yaml (SIGs, working groups, committees, user groups). */
export interface CommunityGroup {
  readonly dir: string;
  readonly chairs: readonly string[];
  readonly techLeads: readonly string[];
}

export interface Groups {
  /** Every group directory, as upstream collects them: each `- dir: X` line of sigs.yaml. */
  readonly names: ReadonlySet<string>;
  readonly byDir: ReadonlyMap<string, CommunityGroup>;
}

/**
 * Reads community sigs.yaml. The group names come from every `- dir:` line, which is exactly what
 * upstream's `FetchGroups` does with a regex; leadership comes from the parsed YAML. Its 190 KB are
 * parsed once for the judgements that follow.
 */
export const parseSigsYaml: (text: string) => ListResult<Groups> = rememberingRecentTexts(readSigsYaml);

function readSigsYaml(text: string): ListResult<Groups> {
  // Line by line: a multiline regex with a leading `\s*` re-scans blank lines and goes quadratic.
  const names = new Set<string>();
  for (const line of text.split("\n")) {
    const trimmed = line.trimStart();
    if (!trimmed.startsWith("- dir: ")) continue;
    const dir = trimmed.slice("- dir: ".length).trim();
    if (dir) names.add(dir);
  }
  const read = readYaml(text, { maxBytes: 8 << 20, maxNodes: 500_000, maxDepth: 32 });
  if (!read.ok) {
    const first = read.problems[0];
    return { ok: false, message: first?.message ?? "unreadable", line: first?.line ?? 1 };
  }
  const byDir = new Map<string, CommunityGroup>();
  if (read.tree?.kind === "map") {
    for (const section of read.tree.entries) {
      if (section.value.kind !== "seq") continue;
      for (const group of section.value.items) {
        const dir = scalar(group, "dir");
        if (!dir) continue;
        const leadership = field(group, "leadership");
        byDir.set(dir, { dir, chairs: handles(field(leadership, "chairs")), techLeads: handles(field(leadership, "tech_leads")) });
      }
    }
  }
  return { ok: true, value: { names, byDir } };
}

function field(tree: YamlTree | undefined, key: string): YamlTree | undefined {
  return tree?.kind === "map" ? tree.entries.find((entry) => entry.key === key)?.value : undefined;
}

function scalar(tree: YamlTree | undefined, key: string): string | undefined {
  const value = field(tree, key);
  return value?.kind === "scalar" ? value.text : undefined;
}

function handles(tree: YamlTree | undefined): readonly string[] {
  if (tree?.kind !== "seq") return [];
  return tree.items.flatMap((person) => {
    const github = scalar(person, "github");
    return github ? [github] : [];
  });
}
