import { readYaml } from "../parse/yaml-tree.js";
/** Parses OWNERS_ALIASES (`aliases: {name: [handle, …]}`), leniently about unknown keys, as Prow does. */
export function parseOwnersAliases(text) {
    const read = readYaml(text);
    if (!read.ok) {
        const first = read.problems[0];
        return { ok: false, message: first?.message ?? "unreadable", line: first?.line ?? 1 };
    }
    const aliasesEntry = read.tree?.kind === "map" ? read.tree.entries.find((entry) => entry.key === "aliases") : undefined;
    const aliases = new Map();
    if (aliasesEntry?.value.kind !== "map")
        return { ok: true, value: aliases };
    for (const entry of aliasesEntry.value.entries) {
        const members = entry.value.kind === "seq" ? entry.value.items.flatMap((item) => (item.kind === "scalar" ? [item.text] : [])) : [];
        aliases.set(entry.key, members);
    }
    return { ok: true, value: aliases };
}
