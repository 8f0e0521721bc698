import { existsSync } from "node:fs";
import path from "node:path";

/**
 * The real kubernetes/enhancements snapshot, unpacked from fixtures/kubernetes-enhancements/corpus.tar.br
 * into .corpus/enhancements by jest's global setup (scripts/corpus.js).
 */
export const corpusDir = path.resolve(process.cwd(), ".corpus/enhancements");

if (!existsSync(path.join(corpusDir, "keps"))) {
  throw new Error(`the corpus is not unpacked at ${corpusDir}: run the tests with npm test (its global setup unpacks it), or npm run corpus`);
}
