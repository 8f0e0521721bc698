import path from "node:path";
import type { Profile } from "../../core/schemas/config.schema.js";
import { requireGitRepository, resolveCommit } from "../../io/git.js";
import { renderHistoryJson, renderHistoryText } from "../../render/history-report.js";
import { firstParentMerges } from "./git-history.js";
import { replay } from "./replay.js";

export interface HistoryOptions {
  readonly dir: string;
  readonly last: number;
  readonly rev: string;
  readonly profile?: Profile;
  readonly format: "text" | "json";
  readonly config?: string;
  readonly sigs?: string;
}

/**
 * `kepbot history`: replays the newest merges of a branch through the judgement the app gives a pull
 * request (head merged into its base, lists from the base, the change from the merge base, the clock
 * at the merge time), so that an operator can measure kepbot's noise on their history before installing it.
 */
export async function runHistory(options: HistoryOptions, io: { readonly cwd: string; stdout(text: string): void }): Promise<number> {
  const dir = path.resolve(io.cwd, options.dir);
  await requireGitRepository(dir);
  const revision = await resolveCommit(dir, options.rev);
  const merges = await firstParentMerges(dir, revision, options.last);
  const result = await replay(merges, { dir, cwd: io.cwd, ...pick(options) }, revision);
  io.stdout(options.format === "json" ? renderHistoryJson(result) : renderHistoryText(result));
  return 0;
}

function pick({ profile, config, sigs }: HistoryOptions) {
  return { ...(profile ? { profile } : {}), ...(config ? { config } : {}), ...(sigs ? { sigs } : {}) };
}
