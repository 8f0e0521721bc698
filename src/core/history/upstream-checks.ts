import { rulesById } from "../rules/index.js";
import type { RepoSnapshot } from "../snapshot.js";

/**
 * kubernetes/enhancements' CI is `hack/verify.sh`, which runs every `hack/verify-*.sh`; kepbot's
 * upstream rules port them. What those scripts checked changed over the years (scripts were added,
 * tools were bumped), so a replayed pull request is held to an upstream rule only when its base ran
 * that script, with the tool version kepbot ports.
 */
export interface UpstreamCheck {
  readonly script: string;
  readonly rules: readonly string[];
  /** The tool version kepbot's port follows, as the script pins it (`TOOL_VERSION=…`). */
  readonly tool?: { readonly name: string; readonly version: string };
}

const metadataRules = ["repo/no-keps", "kep/metadata-missing", "kep/yaml", "kep/schema", "prr/milestone-required", "prr/stage-required", "prr/file-missing", "prr/yaml", "prr/schema", "prr/stage-block", "prr/approver-unknown"];

export const upstreamChecks: readonly UpstreamCheck[] = [
  { script: "hack/verify-kep-metadata.sh", rules: metadataRules },
  { script: "hack/verify-toc.sh", rules: ["readme/toc"], tool: { name: "mdtoc", version: "v1.4.0" } },
  { script: "hack/verify-spelling.sh", rules: ["repo/spelling"], tool: { name: "misspell", version: "v0.3.4" } },
  { script: "hack/verify-node-approvers.sh", rules: ["kep/node-approvers"] },
].map((check) => ({ ...check, rules: check.rules.filter((id) => rulesById.has(id)) }));

/** Why a replayed pull request's base did not run an upstream rule's check as kepbot runs it. */
export interface NotCheckedThen {
  readonly check: UpstreamCheck;
  readonly reason: string;
}

const pinnedVersion = /^\s*TOOL_VERSION=["']?([^"'\s]+)/m;

/**
 * The upstream rules a base did not check the way kepbot does, by rule id. Empty when the base has no
 * upstream-style CI (`hack/verify.sh`): then there is nothing to compare with.
 */
export async function notCheckedAt(base: RepoSnapshot): Promise<ReadonlyMap<string, NotCheckedThen>> {
  const result = new Map<string, NotCheckedThen>();
  if ((await base.readFile("hack/verify.sh")) === undefined) return result;
  for (const check of upstreamChecks) {
    const bytes = await base.readFile(check.script);
    let reason: string | undefined;
    if (bytes === undefined) reason = `${check.script} did not exist yet`;
    else if (check.tool) {
      const pinned = pinnedVersion.exec(new TextDecoder().decode(bytes))?.[1];
      if (pinned !== check.tool.version) reason = `${check.script} ran ${check.tool.name} ${pinned ?? "(unpinned)"}; kepbot follows ${check.tool.version}`;
    }
    if (reason) for (const rule of check.rules) result.set(rule, { check, reason });
  }
  return result;
}
