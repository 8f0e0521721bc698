import { readYaml } from "../parse/yaml-tree.js";
/**
 * Reads community sigs.yaml. The group names come from every `- dir:` line, which is exactly what
 * upstream's `FetchGroups` does with a regex; leadership comes from the parsed YAML.
 */
export function parseSigsYaml(text) {
    const names = new Set();
    for (const match of text.matchAll(/^\s*- dir: (.*)$/gm)) {
        const dir = (match[1] ?? "").trim();
        if (dir)
            names.add(dir);
    }
    const read = readYaml(text, { maxBytes: 8 << 20, maxNodes: 500_000, maxDepth: 32 });
    if (!read.ok) {
        const first = read.problems[0];
        return { ok: false, message: first?.message ?? "unreadable", line: first?.line ?? 1 };
    }
    const byDir = new Map();
    if (read.tree?.kind === "map") {
        for (const section of read.tree.entries) {
            if (section.value.kind !== "seq")
                continue;
            for (const group of section.value.items) {
                const dir = scalar(group, "dir");
                if (!dir)
                    continue;
                const leadership = field(group, "leadership");
                byDir.set(dir, { dir, chairs: handles(field(leadership, "chairs")), techLeads: handles(field(leadership, "tech_leads")) });
            }
        }
    }
    return { ok: true, value: { names, byDir } };
}
function field(tree, key) {
    return tree?.kind === "map" ? tree.entries.find((entry) => entry.key === key)?.value : undefined;
}
function scalar(tree, key) {
    const value = field(tree, key);
    return value?.kind === "scalar" ? value.text : undefined;
}
function handles(tree) {
    if (tree?.kind !== "seq")
        return [];
    return tree.items.flatMap((person) => {
        const github = scalar(person, "github");
        return github ? [github] : [];
    });
}
