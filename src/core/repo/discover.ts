import { compareBytes } from "../snapshot.js";

/** What upstream's walker (`pkg/repo/validate.go`) finds under `keps/`, plus the files other rules read. */
export interface Discovery {
  /** Directories holding a kep.yaml that the walker reaches. */
  readonly kepDirs: readonly string[];
  /** README.md files in walked directories with no sibling kep.yaml. */
  readonly readmesWithoutMetadata: readonly string[];
  /** `keps/prod-readiness/<sig>/<file>.yaml` (the template directory excluded). */
  readonly prrFiles: readonly string[];
  /** Every `keps/**\/*.md` (case-sensitive, as `find -name '*.md'`). */
  readonly markdownFiles: readonly string[];
}

const kepsRoot = "keps";
/** Upstream's KEP template README, which `hack/verify-toc-vs-template.sh` compares changed READMEs with. */
export const templateReadmePath = "keps/NNNN-kep-template/README.md";
const prrRoot = "keps/prod-readiness";
const metadataName = "kep.yaml";

/**
 * Replays `filepath.Walk` over the sorted file list: directories named `prod-readiness` are skipped;
 * reaching `kep.yaml` records a KEP and skips the rest of its directory, so subdirectories that sort
 * after `kep.yaml` are never walked while those that sort before it are.
 */
export function discover(files: readonly string[]): Discovery {
  const dirsWithMetadata = new Set<string>();
  for (const file of files) if (baseName(file) === metadataName) dirsWithMetadata.add(dirName(file));

  const kepDirs: string[] = [];
  const readmesWithoutMetadata: string[] = [];
  const prrFiles: string[] = [];
  const markdownFiles: string[] = [];
  for (const file of files) {
    if (!file.startsWith(`${kepsRoot}/`)) continue;
    if (file.endsWith(".md")) markdownFiles.push(file);
    if (isPrrFile(file)) prrFiles.push(file);
    if (!isWalked(file, dirsWithMetadata)) continue;
    const dir = dirName(file);
    const name = baseName(file);
    if (name === metadataName) kepDirs.push(dir);
    else if (name === "README.md" && dir !== kepsRoot && !dirsWithMetadata.has(dir)) readmesWithoutMetadata.push(file);
  }
  return { kepDirs: kepDirs.sort(compareBytes), readmesWithoutMetadata, prrFiles, markdownFiles };
}

function isWalked(file: string, dirsWithMetadata: ReadonlySet<string>): boolean {
  const parts = file.split("/");
  let ancestor = parts[0] ?? ""; // parts[0..depth) joined
  for (let depth = 1; depth < parts.length - 1; depth++) {
    const part = parts[depth] ?? "";
    if (part === "prod-readiness") return false;
    // Walking stopped in `ancestor` at kep.yaml: later-sorting subdirectories are not visited.
    if (dirsWithMetadata.has(ancestor) && compareBytes(part, metadataName) > 0) return false;
    ancestor = `${ancestor}/${part}`;
  }
  const dir = dirName(file);
  return !dirsWithMetadata.has(dir) || compareBytes(baseName(file), metadataName) <= 0;
}

/** `keps/prod-readiness/<sig>/<file>.yaml`, the template directory excluded. */
export function isPrrFile(file: string): boolean {
  if (!file.startsWith(`${prrRoot}/`) || !file.endsWith(".yaml")) return false;
  const rest = file.slice(prrRoot.length + 1).split("/");
  return rest.length === 2 && rest[0] !== "template";
}

export function dirName(path: string): string {
  const slash = path.lastIndexOf("/");
  return slash < 0 ? "" : path.slice(0, slash);
}

export function baseName(path: string): string {
  return path.slice(path.lastIndexOf("/") + 1);
}
