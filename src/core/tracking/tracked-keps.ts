import type { Config } from "../config.js";
import { decodeText } from "../parse/text.js";
import { baseName, discover } from "../repo/discover.js";
import { field, numericKepNumber } from "../repo/kep-fields.js";
import { loadRepository } from "../repo/load.js";
import type { Kep, RepoModel } from "../repo/model.js";
import type { RepoSnapshot } from "../snapshot.js";

/** The KEPs of some issues, loaded with their READMEs and PRR files, and the model to judge them with. */
export interface TrackedKeps {
  readonly model: RepoModel;
  /** The KEP whose kep-number is `number` (a template never counts), or undefined when the branch has none. */
  kepNumbered(number: number): Kep | undefined;
}

const kepNumberLine = /^kep-number:[ \t]*["']?([0-9]{1,9})["']?[ \t]*(?:#.*)?$/m;

/**
 * Loads the KEPs with these numbers from the snapshot (the default branch). A KEP is found by its
 * kep-number; its directory is usually `keps/<sig>/<N>-<slug>`, so those directories are read first,
 * and every other kep.yaml is searched only for numbers no directory name matched.
 */
export async function loadTrackedKeps(snapshot: RepoSnapshot, config: Config, numbers: readonly number[], now: Date): Promise<TrackedKeps> {
  const found = discover(await snapshot.listFiles("keps"));
  const dirs = found.kepDirs.filter((dir) => !config.templates.includes(dir));
  const wanted = new Set(numbers);
  const byName = dirs.filter((dir) => wanted.has(Number(/^([0-9]+)-/.exec(baseName(dir))?.[1] ?? -1)));
  const load = (kepDirs: readonly string[]) => loadRepository({ head: snapshot, config, now, change: { files: kepDirs.map((dir) => ({ path: `${dir}/kep.yaml`, status: "modified" as const })) } });
  let model = await load(byName);
  const unfound = numbers.filter((number) => !numbered(model, number));
  if (unfound.length > 0) {
    const rest = dirs.filter((dir) => !byName.includes(dir));
    await snapshot.prefetch?.(rest.map((dir) => `${dir}/kep.yaml`));
    const missing = new Set(unfound);
    const extra: string[] = [];
    for (const dir of rest) {
      const bytes = await snapshot.readFile(`${dir}/kep.yaml`);
      const decoded = bytes ? decodeText(bytes, 1 << 20) : undefined;
      const number = decoded?.ok ? kepNumberLine.exec(decoded.text)?.[1] : undefined;
      if (number !== undefined && missing.has(Number(number))) extra.push(dir);
    }
    if (extra.length > 0) model = await load([...byName, ...extra]);
  }
  const judged = model;
  return { model: judged, kepNumbered: (number) => numbered(judged, number) };
}

function numbered(model: RepoModel, number: number): Kep | undefined {
  return model.keps.find((kep) => kep.tree !== undefined && !kep.template && numericKepNumber(field(kep, "kep-number")) === number);
}
