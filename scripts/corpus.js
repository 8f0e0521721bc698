// The real kubernetes/enhancements snapshot that tests and benchmarks run on ships inside this repository
// as fixtures/kubernetes-enhancements/corpus.tar.br (Brotli-compressed tar, about 3 MiB for 29 MiB of
// files). ensureCorpus() unpacks it once into .corpus/enhancements and returns that directory; a stamp
// holding the archive's hash tells a later call that the unpacked copy is current.
//
// `npm run corpus` prints the directory, so that `npx kepbot check "$(npm run -s corpus)"` works on a
// fresh clone with nothing beside it. `node scripts/corpus.js pack DIR` makes the archive from a newer snapshot.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";
import zlib from "node:zlib";
import { c as pack, x as extract } from "tar";

const root = fileURLToPath(new URL("..", import.meta.url));
export const archivePath = path.join(root, "fixtures/kubernetes-enhancements/corpus.tar.br");
export const corpusDir = path.join(root, ".corpus/enhancements");
const stampPath = path.join(root, ".corpus/enhancements.sha256");

/** Unpacks the corpus unless the unpacked copy matches the archive; returns its directory. */
export async function ensureCorpus() {
  const hash = createHash("sha256").update(readFileSync(archivePath)).digest("hex");
  if (existsSync(path.join(corpusDir, "keps")) && existsSync(stampPath) && readFileSync(stampPath, "utf8").trim() === hash) return corpusDir;
  // Unpack beside the target and rename into place, so that an interrupted run never leaves half a corpus.
  const staging = `${corpusDir}.${process.pid}.tmp`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  await extract({ file: archivePath, cwd: staging });
  rmSync(corpusDir, { recursive: true, force: true });
  renameSync(staging, corpusDir);
  writeFileSync(stampPath, `${hash}\n`);
  return corpusDir;
}

/** Packs a snapshot directory (laid out as kubernetes/enhancements, plus sigs.yaml) into the archive. */
export async function packCorpus(snapshotDir) {
  const entries = ["OWNERS_ALIASES", "SOURCE.md", "hack", "keps", "sigs.yaml"].filter((entry) => existsSync(path.join(snapshotDir, entry)));
  await pack({ file: archivePath, cwd: snapshotDir, brotli: { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }, portable: true }, entries);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const [verb, snapshot] = process.argv.slice(2);
  (verb === "pack" ? packCorpus(snapshot ?? ".").then(() => archivePath) : ensureCorpus()).then(
    (dir) => console.log(path.relative(process.cwd(), dir) || "."),
    (error) => {
      console.error(`kepbot corpus: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(2);
    },
  );
}
