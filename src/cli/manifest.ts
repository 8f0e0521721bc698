import path from "node:path";
import { buildManifest } from "../core/receipts/manifest.js";
import { releasesRoot } from "../core/receipts/paths.js";
import { DiskSnapshot } from "../io/disk-snapshot.js";
import { renderManifestJson, renderManifestMarkdown } from "../render/manifest.js";
import type { CommandIo } from "./command-io.js";
import { enhancementsRoot, isDirectory } from "./enhancements-root.js";
import { UsageError } from "./usage-error.js";

export interface ManifestOptions {
  /** The repository root; undefined: the nearest one at or above the working directory. */
  readonly dir?: string;
  readonly release: string;
  readonly format: "markdown" | "json";
}

/** `kepbot manifest vX.Y`: the release's tracked KEPs per state, from the receipts on disk. */
export async function runManifest(options: ManifestOptions, io: CommandIo): Promise<number> {
  const root = await enhancementsRoot(io.cwd, options.dir);
  const releaseDir = `${releasesRoot}/${options.release}`;
  if (!(await isDirectory(path.join(root, releaseDir)))) throw new UsageError(`no release ${options.release}: ${releaseDir}/ does not exist (create it with \`kepbot release create ${options.release}\`)`);
  const manifest = await buildManifest(new DiskSnapshot(root), options.release);
  io.stdout(options.format === "json" ? renderManifestJson(manifest) : renderManifestMarkdown(manifest));
  return 0;
}
