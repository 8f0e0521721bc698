import { entryOf, readYaml, textAt, type YamlTree } from "../parse/yaml-tree.js";
import type { Kep, RepoModel } from "../repo/model.js";
import type { RuleDraft, Rule } from "./rule.js";

/**
 * Port of `hack/verify-node-approvers.sh`, which runs `go test ./test/node_approvers_test.go`, which
 * runs `pkg/nodeapprovers` (RULES.md §3.7):
 *
 * (a) `VerifyAll(keps/)`: for every kep.yaml, the `reviewers:` items whose inline comment is
 *     `# sig-node-assigned-reviewer` and the `approvers:` items marked `# sig-node-assigned-approver`
 *     must be listed under `reviewers:` / `approvers:` in the OWNERS file beside it, and every OWNERS
 *     reviewer or approver must be marked in kep.yaml. No OWNERS and no markers: nothing to check.
 * (b) `VerifyAllTechLeadApprovers(keps/sig-node, OWNERS_ALIASES, upcomingMinor)`: a KEP below
 *     `keps/sig-node/` that is not withdrawn, rejected or replaced and whose latest-milestone is v1.36
 *     or later needs a `sig-node-tech-leads` approver if it is actively alpha (stage alpha in the
 *     upcoming release or later), and may not use the approver marker then; otherwise it needs a
 *     tech lead or a marked approver.
 *
 * Messages are upstream's `Violation.String()` without its leading `<kep.yaml path>: `, which kepbot
 * shows as the finding's path. Handles compare as upstream normalises them: lower case, no `@`.
 *
 * Where kepbot differs, on purpose: the upcoming release is the config's `current-release` (upstream
 * asks GitHub for the newest `release-1.N` directory of kubernetes/sig-release and, when that fails,
 * uses 999 so that no KEP counts as actively alpha; kepbot uses 999 when `current-release` is unset);
 * the tech leads come from OWNERS_ALIASES of the base revision, like every trusted list (upstream reads
 * the pull request's own copy); kep.yaml is read after upstream's `---` handling, like every other
 * kep.yaml rule (kep/separator reports a file where that changes anything); a missing or empty
 * `sig-node-tech-leads` alias is reported only when a KEP under judgement needs it.
 */

const reviewerMarker = "sig-node-assigned-reviewer";
const approverMarker = "sig-node-assigned-approver";
const techLeadsAlias = "sig-node-tech-leads";
/** KEPs whose latest-milestone is before v1.<this> are grandfathered (upstream's minEnforcedMinor). */
const minEnforcedMinor = 36;
/** upstream's fallback when the upcoming release is unknown: no KEP is actively alpha. */
const unknownUpcomingMinor = 999;
const sigNodeRoot = "keps/sig-node/";

type Role = "reviewer" | "approver";

/** A handle as upstream compares it: spaces trimmed, one leading `@` dropped, lower case. */
export function normalizeUser(name: string): string {
  return name.trim().replace(/^@/, "").toLowerCase();
}

/** The marker text of a line comment: `#` and surrounding spaces dropped (the yaml package already drops the `#`). */
function markerOf(comment: string | undefined): string {
  return (comment ?? "").trim().replace(/^#/, "").trim();
}

/** Go's `%q` for a handle: a double-quoted, escaped string. */
function quote(text: string): string {
  return JSON.stringify(text);
}

interface Item {
  readonly user: string;
  readonly marked: boolean;
  readonly line: number;
}

/** The scalar items of a sequence at `key` (yaml.v3 ScalarNodes: a null item is an empty handle). */
function itemsAt(tree: YamlTree | undefined, key: string, marker: string): readonly Item[] {
  const value = entryOf(tree, key)?.value;
  if (value?.kind !== "seq") return [];
  return value.items.flatMap((item) => {
    if (item.kind === "scalar") return [{ user: normalizeUser(item.text), marked: markerOf(item.comment) === marker, line: item.pos.line }];
    if (item.kind === "null") return [{ user: "", marked: false, line: item.pos.line }];
    return [];
  });
}

/** The minor version of a milestone (`v1.36` → 36), 0 when there is none (upstream's parseMilestoneMinor). */
export function milestoneMinor(milestone: string): number {
  const parts = milestone.trim().replace(/^"+|"+$/g, "").replace(/^v/, "").split(".");
  if (parts.length < 2) return 0;
  const minor = parts[1] ?? "";
  return /^[+-]?[0-9]+$/.test(minor) ? Number.parseInt(minor, 10) : 0;
}

function assignment(kep: Kep, role: Role, user: string, reason: string, line: number): RuleDraft {
  return { path: kep.path, line, message: `assigned ${role} ${quote(user)} ${reason}` };
}

/** Part (a): markers in kep.yaml against the OWNERS file beside it (`VerifyKEP`). */
function* verifyKep(kep: Kep): Iterable<RuleDraft> {
  const reviewers = itemsAt(kep.tree, "reviewers", reviewerMarker).filter((item) => item.marked);
  const approvers = itemsAt(kep.tree, "approvers", approverMarker).filter((item) => item.marked);
  const owners = kep.owners;
  if (owners === undefined) {
    for (const item of reviewers) yield assignment(kep, "reviewer", item.user, "OWNERS file not found", item.line);
    for (const item of approvers) yield assignment(kep, "approver", item.user, "OWNERS file not found", item.line);
    return;
  }
  if (owners.problem || owners.text === undefined) {
    yield { path: kep.path, line: 1, message: `parsing ${owners.path}: ${owners.problem ?? "unreadable"}` };
    return;
  }
  const read = readYaml(owners.text);
  if (!read.ok) {
    const first = read.problems[0];
    yield { path: kep.path, line: 1, message: `parsing ${owners.path}: ${first?.message ?? "unreadable"} (line ${first?.line ?? 1})` };
    return;
  }
  const ownersList = (key: string): readonly string[] => {
    const value = entryOf(read.tree, key)?.value;
    return value?.kind === "seq" ? value.items.map((item) => (item.kind === "scalar" ? normalizeUser(item.text) : "")) : [];
  };
  const ownerReviewers = ownersList("reviewers");
  const ownerApprovers = ownersList("approvers");
  for (const item of reviewers) {
    if (!ownerReviewers.includes(item.user)) yield assignment(kep, "reviewer", item.user, "not listed under reviewers in OWNERS", item.line);
  }
  for (const item of approvers) {
    if (!ownerApprovers.includes(item.user)) yield assignment(kep, "approver", item.user, "not listed under approvers in OWNERS", item.line);
  }
  const keyLine = (key: string): number => entryOf(kep.tree, key)?.keyPos.line ?? 1;
  const markedReviewers = new Set(reviewers.map((item) => item.user));
  const markedApprovers = new Set(approvers.map((item) => item.user));
  for (const user of ownerReviewers) {
    if (!markedReviewers.has(user)) {
      yield assignment(kep, "reviewer", user, `listed in OWNERS but not annotated as ${reviewerMarker} in kep.yaml`, keyLine("reviewers"));
    }
  }
  for (const user of ownerApprovers) {
    if (!markedApprovers.has(user)) {
      yield assignment(kep, "approver", user, `listed in OWNERS but not annotated as ${approverMarker} in kep.yaml`, keyLine("approvers"));
    }
  }
}

/** Whether part (b) judges the KEP: not withdrawn, rejected or replaced, and latest-milestone v1.36 or later. */
function enforced(kep: Kep): boolean {
  const status = textAt(kep.tree, "status").trim();
  if (status === "withdrawn" || status === "rejected" || status === "replaced") return false;
  // A missing or unparseable milestone (minor 0) is a legacy KEP too.
  return milestoneMinor(textAt(kep.tree, "latest-milestone")) >= minEnforcedMinor;
}

/** Part (b): the tech-lead approver rules for one KEP below keps/sig-node (`VerifyTechLeadApprovers`). */
function* verifyTechLeads(kep: Kep, techLeads: ReadonlySet<string>, upcomingMinor: number): Iterable<RuleDraft> {
  const minor = milestoneMinor(textAt(kep.tree, "latest-milestone"));
  const entries = itemsAt(kep.tree, "approvers", approverMarker);
  const line = entryOf(kep.tree, "approvers")?.keyPos.line ?? 1;
  if (entries.length === 0) {
    yield { path: kep.path, line, message: "approver no approvers listed" };
    return;
  }
  const hasTechLead = entries.some((entry) => techLeads.has(entry.user));
  const hasMarked = entries.some((entry) => entry.marked);
  const activelyAlpha = textAt(kep.tree, "stage").trim() === "alpha" && minor >= upcomingMinor;
  if (activelyAlpha) {
    if (!hasTechLead) yield { path: kep.path, line, message: `approver alpha-stage KEP must list at least one ${techLeadsAlias} member as approver` };
    for (const entry of entries) {
      if (entry.marked) yield { path: kep.path, line: entry.line, message: `assigned approver ${quote(entry.user)} alpha-stage KEP must not use # ${approverMarker} marker` };
    }
    return;
  }
  if (!hasTechLead && !hasMarked) {
    yield { path: kep.path, line, message: `approver non-alpha KEP must list a ${techLeadsAlias} member or an approver marked # ${approverMarker}` };
  }
}

/** The tech leads from OWNERS_ALIASES, or why upstream would stop (a missing or empty alias is fatal there). */
function techLeadsOf(repo: RepoModel): { readonly members?: ReadonlySet<string>; readonly fatal?: RuleDraft } {
  const aliases = repo.lists.ownersAliases;
  // A missing or unreadable OWNERS_ALIASES is repo/lists' finding.
  if (aliases.state !== "loaded") return {};
  const members = aliases.value.get(techLeadsAlias);
  if (members === undefined) return { fatal: { path: aliases.path, line: 1, message: `${aliases.path}: alias ${quote(techLeadsAlias)} not found` } };
  const set = new Set(members.map(normalizeUser));
  if (set.size === 0) return { fatal: { path: aliases.path, line: 1, message: `${aliases.path}: alias ${quote(techLeadsAlias)} has no members` } };
  return { members: set };
}

export const kepNodeApprovers: Rule = {
  id: "kep/node-approvers",
  summary:
    "SIG Node's assigned reviewers and approvers (kep.yaml items marked # sig-node-assigned-reviewer / # sig-node-assigned-approver) match the KEP's OWNERS file both ways, and KEPs under keps/sig-node from v1.36 on have a sig-node-tech-leads approver or a marked one (as hack/verify-node-approvers.sh checks).",
  upstream: true,
  severity: "error",
  *check(repo) {
    // Upstream walks every kep.yaml, templates included; one that did not parse is kep/yaml's finding.
    const parsed = repo.keps.filter((kep) => kep.tree !== undefined);
    for (const kep of parsed) yield* verifyKep(kep);
    // Upstream stops at a missing or empty alias before it looks at any KEP; kepbot says so only when
    // a KEP under judgement needs the alias, so that a change elsewhere is not blocked by it.
    const sigNode = parsed.filter((kep) => kep.path.startsWith(sigNodeRoot) && enforced(kep));
    if (sigNode.length === 0) return;
    const { members, fatal } = techLeadsOf(repo);
    if (fatal) {
      yield fatal;
      return;
    }
    if (!members) return;
    const upcoming = repo.config.currentRelease ? milestoneMinor(repo.config.currentRelease) : 0;
    const upcomingMinor = upcoming > 0 ? upcoming : unknownUpcomingMinor;
    for (const kep of sigNode) yield* verifyTechLeads(kep, members, upcomingMinor);
  },
};
