/** How a pull request (or `git diff -M base...head`) changed one file. */
export interface ChangedFile {
  readonly path: string;
  readonly status: "added" | "modified" | "removed" | "renamed";
  /** For renames: where the file was before. */
  readonly previousPath?: string;
}

/**
 * The change under judgement. `undefined` in place of a ChangeSet means "the whole tree", where
 * everything counts as touched.
 */
export interface ChangeSet {
  readonly files: readonly ChangedFile[];
}

/** Every path the change set touches on the head side or the base side. */
export function touchedPaths(change: ChangeSet): ReadonlySet<string> {
  const paths = new Set<string>();
  for (const file of change.files) {
    paths.add(file.path);
    if (file.previousPath) paths.add(file.previousPath);
  }
  return paths;
}
