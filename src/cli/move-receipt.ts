import { mkdir, readFile, rename } from "node:fs/promises";
import path from "node:path";
import { readYaml } from "../core/parse/yaml-tree.js";
import { permissionFor } from "../core/receipts/moves.js";
import { releasesRoot } from "../core/receipts/paths.js";
import type { ReceiptState } from "../core/schemas/receipt.schema.js";
import { writeFileAtomically } from "./atomic-write.js";
import type { CommandIo } from "./command-io.js";
import { enhancementsRoot } from "./enhancements-root.js";
import { exceptionQuestionnaire } from "./exception-questionnaire.js";
import { commandMakes, movesOutOf, type MoveCommand } from "./move-commands.js";
import { receiptsOfKep } from "./receipt-files.js";
import { Refusal } from "./refusal.js";
import { requireReleaseTeam } from "./release-team.js";
import { loadRepoConfig } from "./repo-config.js";
import { UsageError } from "./usage-error.js";
import { editYaml, YamlEditError } from "./yaml-edit.js";

export interface MoveOptions {
  /** The repository root; undefined: the nearest one at or above the working directory. */
  readonly dir?: string;
  readonly number: number;
  /** Defaults to the config's current-release. */
  readonly release?: string;
  readonly command: MoveCommand;
  readonly to: ReceiptState;
}

/**
 * `accept`, `remove` and `exception request|accept|deny`: renames the KEP's receipt into the target
 * state's directory (git sees a rename) and sets its tracking-status, after checking that the move is
 * one the state diagram allows and that this command makes.
 */
export async function runMove(options: MoveOptions, io: CommandIo): Promise<number> {
  const root = await enhancementsRoot(io.cwd, options.dir);
  const { number, to, command } = options;
  const release = options.release ?? (await loadRepoConfig(root)).currentRelease;
  if (release === undefined) throw new UsageError("give --release vX.Y (.github/kepbot.yml names no current-release)");
  const team = await requireReleaseTeam(root, release);
  const receipts = await receiptsOfKep(root, release, number);
  const receipt = receipts[0];
  if (!receipt) throw new Refusal(`KEP ${number} has no receipt in ${release}: propose it first with \`kepbot promote <sig>/<NNNN-name> --stage <stage> --release ${release}\``);
  if (receipts.length > 1) throw new Refusal(`KEP ${number} has ${receipts.length} receipts in ${release} (${receipts.map((found) => found.path).join(", ")}): one receipt per KEP per release; delete all but one first`);
  const permission = permissionFor({ from: receipt.state, to });
  if (!permission || !commandMakes(command, receipt.state, to)) {
    const allowed = `allowed from ${receipt.state}: ${movesOutOf(receipt.state, number, release).join(", ") || "nothing"}`;
    if (receipt.state === to) throw new Refusal(`KEP ${number}'s receipt is already ${receipt.path}; ${allowed}`);
    throw new Refusal(`KEP ${number}'s receipt is ${receipt.path}, and \`${command}\` does not move ${receipt.state} → ${to}; ${allowed}`);
  }

  const text = await readFile(path.join(root, receipt.path), "utf8");
  let updated: string;
  try {
    updated = editYaml(text, [{ path: ["tracking-status"], value: to, style: "keep", after: ["path", "owning-sig"] }]);
  } catch (error) {
    if (error instanceof YamlEditError) throw new Refusal(`cannot edit ${receipt.path}: ${error.message}`);
    throw error;
  }
  // The file keeps its name (a zero-padded one too): the change is a pure rename plus one line.
  const target = `${releasesRoot}/${release}/${to}/${receipt.fileNumber}.yaml`;
  await mkdir(path.join(root, path.dirname(target)), { recursive: true });
  await rename(path.join(root, receipt.path), path.join(root, target));
  await writeFileAtomically(path.join(root, target), updated);

  const lines = [`Moved ${receipt.path} → ${target} (tracking-status: ${to})`];
  if (permission === "enhancements-team") {
    lines.push(`Who: ${release}'s Enhancements team; the pull request must be opened or approved by one of ${team.join(", ")} (releases/${release}/OWNERS).`);
  } else if (permission === "exception-request") {
    const read = readYaml(updated);
    lines.push(
      "Who: anyone, usually the KEP's SIG; the pull request's description must answer the exception questionnaire.",
      "",
      "Paste this into the pull request's description and answer every question:",
      "",
      exceptionQuestionnaire(read.ok ? read.tree : undefined, number),
      "",
    );
  }
  const onward = movesOutOf(to, number, release);
  lines.push(`Next: open a pull request${onward.length > 0 ? `; from ${to}, the receipt moves on with ${onward.join(", ")}` : ""}.`);
  io.stdout(`${lines.join("\n")}\n`);
  return 0;
}
