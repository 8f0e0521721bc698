import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { parseOwnersAliases } from "../core/lists/owners-aliases.js";
import { releaseOwnersPath, releasesRoot } from "../core/receipts/paths.js";
import { receiptStates } from "../core/schemas/receipt.schema.js";
import { writeFileAtomically } from "./atomic-write.js";
import type { CommandIo } from "./command-io.js";
import { enhancementsRoot, isFile } from "./enhancements-root.js";
import { Refusal } from "./refusal.js";
import { loadRepoConfig } from "./repo-config.js";

export interface ReleaseCreateOptions {
  /** The repository root; undefined: the nearest one at or above the working directory. */
  readonly dir?: string;
  readonly release: string;
  /** The Enhancements team's logins; without them, the `release-team-enhancements` alias if OWNERS_ALIASES has it. */
  readonly owners?: readonly string[];
}

/** The alias upstream's OWNERS_ALIASES uses for the release team's Enhancements role. */
export const enhancementsAlias = "release-team-enhancements";

/** `kepbot release create vX.Y`: the release's OWNERS and its five state directories. */
export async function runReleaseCreate(options: ReleaseCreateOptions, io: CommandIo): Promise<number> {
  const root = await enhancementsRoot(io.cwd, options.dir);
  const { release } = options;
  const ownersPath = releaseOwnersPath(release);
  if (await isFile(path.join(root, ownersPath))) throw new Refusal(`${release} already exists: ${ownersPath} names its Enhancements team`);
  const approvers = options.owners ?? (await aliasOrRefuse(root));
  const config = await loadRepoConfig(root);

  const created: string[] = [];
  for (const state of receiptStates) {
    // git keeps no empty directories; a state directory that already holds receipts needs no placeholder.
    const dir = `${releasesRoot}/${release}/${state}`;
    const entries = await readdir(path.join(root, dir)).catch(() => []);
    if (entries.length > 0) continue;
    await writeFileAtomically(path.join(root, dir, ".gitkeep"), "");
    created.push(`${dir}/.gitkeep`);
  }
  // OWNERS last: it is what makes the release exist, so an interrupted run can simply be repeated.
  await writeFileAtomically(path.join(root, ownersPath), ownersText(release, approvers));

  const lines = [`Created release ${release}:`, `  ${ownersPath} (approvers: ${approvers.join(", ")})`, ...created.map((file) => `  ${file}`)];
  if (!config.releases[release]) {
    lines.push(`Note: .github/kepbot.yml has no calendar for ${release}; add releases: ${release}: with prr-freeze, enhancements-freeze, code-freeze and docs-freeze so that kepbot enforces the freezes.`);
  }
  lines.push(`Next: open a pull request with releases/${release}/; once it is merged, KEP authors propose with \`kepbot promote <sig>/<NNNN-name> --stage <stage> --release ${release}\`.`);
  io.stdout(`${lines.join("\n")}\n`);
  return 0;
}

async function aliasOrRefuse(root: string): Promise<readonly string[]> {
  const text = await readFile(path.join(root, "OWNERS_ALIASES"), "utf8").catch(() => undefined);
  const aliases = text !== undefined ? parseOwnersAliases(text) : undefined;
  if (aliases?.ok && aliases.value.has(enhancementsAlias)) return [enhancementsAlias];
  throw new Refusal(`name the release's Enhancements team with --owners login,login (OWNERS_ALIASES has no ${enhancementsAlias} alias)`);
}

function ownersText(release: string, approvers: readonly string[]): string {
  return [
    `# The ${release} Release Enhancements team (KEP-2140): they accept, mark at risk and remove the receipts`,
    `# under releases/${release}/ and decide exception requests. kepbot reads this file from the base branch.`,
    "approvers:",
    ...approvers.map((login) => `  - ${login}`),
    "",
  ].join("\n");
}
