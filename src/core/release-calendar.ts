import type { Config } from "./config.js";
import type { Freeze } from "./schemas/config.schema.js";

/** A freeze of a release as a time; a date alone means the start of that day in UTC. */
export function freezeTime(config: Pick<Config, "releases">, release: string, freeze: Freeze): Date | undefined {
  const text = config.releases[release]?.[freeze];
  if (!text) return undefined;
  const time = new Date(/T/.test(text) ? text : `${text}T00:00:00Z`);
  return Number.isNaN(time.getTime()) ? undefined : time;
}

/** When a KEP is opted in to the current release after its PRR freeze: which release and when it froze. */
export function lateOptIn(config: Pick<Config, "releases" | "currentRelease">, now: Date): { readonly release: string; readonly prrFreeze: Date } | undefined {
  if (!config.currentRelease) return undefined;
  const prrFreeze = freezeTime(config, config.currentRelease, "prr-freeze");
  return prrFreeze && now.getTime() > prrFreeze.getTime() ? { release: config.currentRelease, prrFreeze } : undefined;
}
