import { readFile } from "node:fs/promises";
import path from "node:path";
import { readYaml, textAt } from "../core/parse/yaml-tree.js";
import { receiptPathOf } from "../core/receipts/paths.js";
import { freezeTime } from "../core/release-calendar.js";
import { numericKepNumber } from "../core/repo/kep-fields.js";
import type { Stage } from "../core/schemas/kep.schema.js";
import { renderText } from "../render/text-report.js";
import { writeFileAtomically } from "./atomic-write.js";
import type { CommandIo } from "./command-io.js";
import { enhancementsRoot } from "./enhancements-root.js";
import { kepDirectory } from "./kep-directory.js";
import { promotionEdits } from "./promotion-edits.js";
import { pullRequestErrors } from "./readiness.js";
import { receiptsOfKep, receiptText } from "./receipt-files.js";
import { Refusal } from "./refusal.js";
import { requireReleaseTeam } from "./release-team.js";
import { loadRepoConfig } from "./repo-config.js";
import { editYaml, YamlEditError } from "./yaml-edit.js";

export interface PromoteOptions {
  /** The repository root; undefined: the nearest one at or above the working directory. */
  readonly dir?: string;
  /** `<sig>/<NNNN-name>`, the KEP's directory below keps/. */
  readonly kep: string;
  readonly stage: Stage;
  readonly release: string;
  readonly now?: Date;
}

/**
 * `kepbot promote`: targets a KEP at a stage in a release (kep.yaml) and proposes it for tracking
 * (a receipt in proposed/), then judges the result as its pull request will be judged.
 */
export async function runPromote(options: PromoteOptions, io: CommandIo): Promise<number> {
  const root = await enhancementsRoot(io.cwd, options.dir);
  const { release, stage } = options;
  const kepDir = await kepDirectory(root, options.kep);
  await requireReleaseTeam(root, release);
  const config = await loadRepoConfig(root);
  const now = options.now ?? new Date();
  const enhancementsFreeze = freezeTime(config, release, "enhancements-freeze");
  if (enhancementsFreeze && now.getTime() > enhancementsFreeze.getTime()) {
    throw new Refusal(`${release} passed enhancements freeze on ${enhancementsFreeze.toISOString()}: a KEP joins it now only through an exception; ask ${release}'s Enhancements team (releases/${release}/OWNERS)`);
  }

  const kepPath = `${kepDir}/kep.yaml`;
  const text = await readFile(path.join(root, kepPath), "utf8");
  const read = readYaml(text);
  if (!read.ok) throw new Refusal(`cannot edit ${kepPath}: line ${read.problems[0]?.line ?? 1}: ${read.problems[0]?.message ?? "unreadable YAML"}`);
  const number = numericKepNumber(textAt(read.tree, "kep-number"));
  const title = textAt(read.tree, "title");
  const owningSig = textAt(read.tree, "owning-sig");
  if (number === undefined || !title || !owningSig) throw new Refusal(`${kepPath} needs a numeric kep-number, a title and an owning-sig before it can be tracked`);
  const existing = await receiptsOfKep(root, release, number);
  if (existing.length > 0) throw new Refusal(`KEP ${number} already has ${existing.map((receipt) => receipt.path).join(", ")}: one receipt per KEP per release`);

  const promotion = promotionEdits(read.tree, stage, release, now);
  let edited: string;
  try {
    edited = editYaml(text, promotion.edits);
  } catch (error) {
    if (error instanceof YamlEditError) throw new Refusal(`cannot edit ${kepPath}: ${error.message}`);
    throw error;
  }
  const receiptPath = receiptPathOf(release, "proposed", number);
  await writeFileAtomically(path.join(root, kepPath), edited);
  await writeFileAtomically(path.join(root, receiptPath), receiptText({ title, number, owningSig, kepPath: kepDir.replace(/^keps\//, ""), state: "proposed", stage }));

  const changed = promotion.changes.length > 0 ? `Updated ${kepPath}:\n${promotion.changes.map((change) => `  ${change}`).join("\n")}` : `${kepPath} already targets ${stage} in ${release}`;
  io.stdout(`${changed}\nCreated ${receiptPath} (tracking-status: proposed, stage: ${stage})\n`);
  const prrFreeze = freezeTime(config, release, "prr-freeze");
  if (prrFreeze && now.getTime() > prrFreeze.getTime()) {
    io.stderr(`kepbot: warning: ${release} passed PRR freeze on ${prrFreeze.toISOString()}: ask the PRR approvers whether they can still review KEP ${number}\n`);
  }

  const errors = await pullRequestErrors(root, config, [{ path: kepPath, status: "modified" }, { path: receiptPath, status: "added" }], now);
  if (errors.summary.errors > 0) {
    io.stdout(`\n${renderText(errors, io.colour)}The pull request will fail until these are fixed; the edit is kept so that you can fix them, then run \`kepbot check\`.\n`);
    return 1;
  }
  io.stdout(`Next: open a pull request (by the KEP's author or a lead of ${owningSig}); ${release}'s Enhancements team accepts it with \`kepbot accept ${number} --release ${release}\`.\n`);
  return 0;
}
