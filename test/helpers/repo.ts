import { defaultConfig, type Config } from "../../src/core/config.js";
import { checkRepository } from "../../src/core/evaluate.js";
import type { ChangeSet } from "../../src/core/change-set.js";
import type { Finding } from "../../src/core/finding.js";
import type { PullRequestFacts } from "../../src/core/repo/model.js";
import type { Report } from "../../src/core/report.js";
import type { Profile } from "../../src/core/schemas/config.schema.js";
import { InMemorySnapshot } from "../../src/core/snapshot.js";

export const ownersAliases = `aliases:
  prod-readiness-approvers:
    - deads2k
    - johnbelamaric
    - wojtek-t
  prod-readiness-approvers-emeritus:
    - ehashman
  sig-node-leads:
    - mrunalp
  sig-node-tech-leads:
    - dchen1107
    - mrunalp
`;

export const sigsYaml = `sigs:
  - dir: sig-node
    name: Node
    leadership:
      chairs:
        - github: mrunalp
          name: Mrunal Patel
      tech_leads:
        - github: dchen1107
          name: Dawn Chen
  - dir: sig-apps
    name: Apps
workinggroups:
  - dir: wg-batch
    name: Batch
`;

/** A README with an up-to-date table of contents and every PRR section. */
export function readme(number: string | number, title = "Sidecar restarts"): string {
  return `# KEP-${number}: ${title}

<!-- toc -->
- [Summary](#summary)
- [Production Readiness Review Questionnaire](#production-readiness-review-questionnaire)
  - [Feature Enablement and Rollback](#feature-enablement-and-rollback)
  - [Rollout, Upgrade and Rollback Planning](#rollout-upgrade-and-rollback-planning)
  - [Monitoring Requirements](#monitoring-requirements)
  - [Dependencies](#dependencies)
  - [Scalability](#scalability)
  - [Troubleshooting](#troubleshooting)
<!-- /toc -->

## Summary

Restart sidecars in order.

## Production Readiness Review Questionnaire

### Feature Enablement and Rollback

Through the feature gate.

### Rollout, Upgrade and Rollback Planning

Safe.

### Monitoring Requirements

Metrics.

### Dependencies

None.

### Scalability

No impact.

### Troubleshooting

Logs.
`;
}

/** A kep.yaml that passes every rule; `lines` replace or add top-level keys (value null removes the key). */
export function kepYaml(lines: Record<string, string | null> = {}): string {
  const fields: Record<string, string | null> = {
    title: "Sidecar restarts",
    "kep-number": "4242",
    authors: '\n  - "@alice"',
    "owning-sig": "sig-node",
    "participating-sigs": "\n  - sig-apps",
    status: "implementable",
    "creation-date": "2025-01-15",
    reviewers: '\n  - "@bob"',
    approvers: '\n  - "@mrunalp"',
    stage: "beta",
    "latest-milestone": '"v1.33"',
    milestone: '\n  alpha: "v1.32"\n  beta: "v1.33"',
    "feature-gates": "\n  - name: SidecarRestarts\n    components:\n      - kubelet",
    "disable-supported": "true",
    metrics: "\n  - sidecar_restarts_total",
    ...lines,
  };
  return Object.entries(fields)
    .filter((entry): entry is [string, string] => entry[1] !== null)
    .map(([key, value]) => `${key}:${value.startsWith("\n") ? "" : " "}${value}`)
    .join("\n")
    .concat("\n");
}

export const kepDir = "keps/sig-node/4242-sidecar-restarts";
export const prrPath = "keps/prod-readiness/sig-node/4242.yaml";

/** A small repository that passes every rule under the strict profile. */
export function goodRepo(): Record<string, string> {
  return {
    OWNERS_ALIASES: ownersAliases,
    "sigs.yaml": sigsYaml,
    "hack/.notableofcontents": "keps/README.md\n",
    "keps/README.md": "# KEPs\n",
    [`${kepDir}/kep.yaml`]: kepYaml(),
    [`${kepDir}/README.md`]: readme(4242),
    [prrPath]: "kep-number: 4242\nalpha:\n  approver: \"@johnbelamaric\"\nbeta:\n  approver: \"@wojtek-t\"\n",
  };
}

export interface RunOptions {
  readonly profile?: Profile;
  readonly change?: ChangeSet;
  readonly base?: Record<string, string>;
  readonly config?: Partial<Config>;
  readonly pullRequest?: PullRequestFacts;
  readonly now?: Date;
}

/** Runs the whole engine over in-memory files and returns the findings. */
export async function findingsFor(files: Record<string, string | Uint8Array>, options: RunOptions = {}): Promise<readonly Finding[]> {
  return (await reportFor(files, options)).findings;
}

/** Runs the whole engine over in-memory files (and a base, when given) and returns the report. */
export async function reportFor(files: Record<string, string | Uint8Array>, options: RunOptions = {}): Promise<Report> {
  const config: Config = { ...defaultConfig, profile: options.profile ?? "strict", ...options.config };
  return checkRepository({
    head: new InMemorySnapshot(files, "head"),
    ...(options.base ? { base: new InMemorySnapshot(options.base, "base") } : {}),
    ...(options.change ? { change: options.change } : {}),
    ...(options.pullRequest ? { pullRequest: options.pullRequest } : {}),
    ...(options.now ? { now: options.now } : {}),
    config,
  });
}

/** `rule path:line` strings: compact, readable expectations. */
export function brief(findings: readonly Finding[]): string[] {
  return findings.map((finding) => `${finding.rule} ${finding.path}:${finding.line ?? "-"}`);
}
