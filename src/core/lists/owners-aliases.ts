import { readYaml } from "../parse/yaml-tree.js";
import { rememberingRecentTexts } from "./recent-texts.js";

/** OWNERS_ALIASES: alias name → members, as written (handles keep their case). */
export type OwnersAliases = ReadonlyMap<string, readonly string[]>;

export type ListResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string; readonly line: number };

/** Parses OWNERS_ALIASES (`aliases: {name: [handle, …]}`), leniently about unknown keys, as Prow does; a text seen lately, once. */
export const parseOwnersAliases: (text: string) => ListResult<OwnersAliases> = rememberingRecentTexts(readOwnersAliases);

function readOwnersAliases(text: string): ListResult<OwnersAliases> {
  const read = readYaml(text);
  if (!read.ok) {
    const first = read.problems[0];
    return { ok: false, message: first?.message ?? "unreadable", line: first?.line ?? 1 };
  }
  const aliasesEntry = read.tree?.kind === "map" ? read.tree.entries.find((entry) => entry.key === "aliases") : undefined;
  const aliases = new Map<string, readonly string[]>();
  if (aliasesEntry?.value.kind !== "map") return { ok: true, value: aliases };
  for (const entry of aliasesEntry.value.entries) {
    const members = entry.value.kind === "seq" ? entry.value.items.flatMap((item) => (item.kind === "scalar" ? [item.text] : [])) : [];
    aliases.set(entry.key, members);
  }
  return { ok: true, value: aliases };
}
