import type { OwnersAliases } from "../lists/owners-aliases.js";
import { readYaml } from "../parse/yaml-tree.js";
import { listAt } from "../parse/yaml-tree.js";

/**
 * The people an OWNERS file names as approvers or reviewers, aliases expanded, logins lower-cased:
 * for `releases/<release>/OWNERS`, that release's Enhancements team.
 */
export function ownersMembers(text: string, aliases: OwnersAliases | undefined): ReadonlySet<string> | undefined {
  const read = readYaml(text);
  if (!read.ok) return undefined;
  const names = [...(listAt(read.tree, "approvers") ?? []), ...(listAt(read.tree, "reviewers") ?? [])];
  const members = new Set<string>();
  for (const name of names) {
    const expanded = aliases?.get(name) ?? [name];
    for (const login of expanded) members.add(login.replace(/^@/, "").toLowerCase());
  }
  return members;
}
