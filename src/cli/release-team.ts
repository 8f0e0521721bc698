import { readFile } from "node:fs/promises";
import path from "node:path";
import { parseOwnersAliases } from "../core/lists/owners-aliases.js";
import { ownersMembers } from "../core/receipts/owners.js";
import { releaseOwnersPath } from "../core/receipts/paths.js";
import { Refusal } from "./refusal.js";

async function readText(file: string): Promise<string | undefined> {
  return readFile(file, "utf8").catch(() => undefined);
}

/**
 * The release's Enhancements team as its OWNERS names it (aliases expanded with OWNERS_ALIASES), or
 * refuses: receipts of a release without OWNERS are an error, and nobody could accept them.
 */
export async function requireReleaseTeam(root: string, release: string): Promise<readonly string[]> {
  const owners = await readText(path.join(root, releaseOwnersPath(release)));
  if (owners === undefined) throw new Refusal(`${releaseOwnersPath(release)} is missing: create the release first with \`kepbot release create ${release}\``);
  const aliasesText = await readText(path.join(root, "OWNERS_ALIASES"));
  const aliases = aliasesText !== undefined ? parseOwnersAliases(aliasesText) : undefined;
  const members = ownersMembers(owners, aliases?.ok ? aliases.value : undefined);
  if (members === undefined) throw new Refusal(`${releaseOwnersPath(release)} is not readable YAML`);
  return [...members].sort();
}
