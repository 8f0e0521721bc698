import { existsSync } from "node:fs";
import path from "node:path";

/** The real kubernetes/enhancements snapshot, beside this repository (CI has it too). */
export const corpusDir = path.resolve(process.cwd(), "../shared/corpus/enhancements");

if (!existsSync(path.join(corpusDir, "keps"))) {
  throw new Error(`the real corpus is missing at ${corpusDir}: clone with ../shared beside the repository`);
}
