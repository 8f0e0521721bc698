import { readFile } from "node:fs/promises";
import path from "node:path";
import { configPath, defaultConfig, parseConfig, type Config } from "../core/config.js";
import { UsageError } from "./usage-error.js";

/** The repository's `.github/kepbot.yml` as it is on disk (the release calendar lives there), or the defaults. */
export async function loadRepoConfig(root: string): Promise<Config> {
  const text = await readFile(path.join(root, configPath), "utf8").catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return undefined;
    throw new UsageError(`cannot read config ${configPath}: ${error.message}`);
  });
  return text === undefined ? defaultConfig : configFromText(text, configPath);
}

/** A config file's text as a Config, or a UsageError naming the file, the line and the first problem. */
export function configFromText(text: string, shownPath: string): Config {
  const parsed = parseConfig(text);
  if (parsed.ok) return parsed.config;
  const first = parsed.problems[0];
  const more = parsed.problems.length > 1 ? ` (and ${parsed.problems.length - 1} more)` : "";
  throw new UsageError(`invalid config ${shownPath}:${first?.line ?? 1}: ${first?.message ?? "unreadable"}${more}`);
}
