import type { ChangedFile, ChangeSet } from "../core/change-set.js";
import { git } from "./git.js";

/** What a pull request from `base` to `head` changes: `git diff -M --name-status base...head`. */
export async function gitChangeSet(repoDir: string, base: string, head: string): Promise<ChangeSet> {
  const output = await git(repoDir, ["diff", "-M", "--name-status", "-z", `${base}...${head}`]);
  return { files: parseNameStatus(output.toString("utf8")) };
}

/** Parses `-z` name-status records: `M\0path\0`, `R100\0old\0new\0`. */
export function parseNameStatus(output: string): ChangedFile[] {
  const fields = output.split("\0");
  const files: ChangedFile[] = [];
  for (let index = 0; index < fields.length; ) {
    const status = fields[index++] ?? "";
    if (!status) continue;
    const letter = status[0];
    if (letter === "R" || letter === "C") {
      const previousPath = fields[index++] ?? "";
      const path = fields[index++] ?? "";
      files.push(letter === "R" ? { path, previousPath, status: "renamed" } : { path, status: "added" });
    } else {
      const path = fields[index++] ?? "";
      files.push({ path, status: letter === "A" ? "added" : letter === "D" ? "removed" : "modified" });
    }
  }
  return files;
}
