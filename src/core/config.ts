import { prowLabelPrefixes, type LabelCommandSettings } from "./commands/label-policy.js";
import { defaultLabelNames, type LabelNames } from "./labels.js";
import { configSchema, type Freeze, type Profile, type ProjectField, type RuleSetting } from "./schemas/config.schema.js";
import { readYaml, toPlain } from "./parse/yaml-tree.js";
import { validateTree } from "./parse/validate.js";

/** The repository configuration with every default filled in. */
export interface Config {
  readonly profile: Profile;
  readonly rules: Readonly<Record<string, RuleSetting>>;
  /** Path of sigs.yaml in the repository, or `org/repo:path` for another repository. */
  readonly sigs: string;
  /** The first release whose implementable KEPs need a PRR approval. */
  readonly prrRequiredFrom: string;
  readonly prrApproverAliases: readonly string[];
  readonly tocExemptList: string;
  readonly tocMaxDepth: number;
  readonly templates: readonly string[];
  readonly labels: LabelNames;
  /** Prow serves the repository (its `/label`, `/lgtm`, `/approve`…): kepbot's `/label` is off unless asked for. */
  readonly prow: boolean;
  /** `/label` and `/remove-label`: whether they work, and Prow's label policy for what they may touch. */
  readonly labelCommands: LabelCommandSettings;
  readonly restrictedLabels: readonly RestrictedLabel[];
  readonly leadOptedIn: { readonly label: string; readonly teams: readonly string[] };
  /** The organization whose teams the team lists name; undefined means the repository's owner. */
  readonly org?: string;
  /** Accounts whose label changes are trusted (a bot that checked permissions itself). */
  readonly trustedActors: readonly string[];
  readonly currentRelease?: string;
  /** Freeze dates per release (`v1.37` → `prr-freeze` → ISO time). */
  readonly releases: Readonly<Record<string, Partial<Record<Freeze, string>>>>;
  readonly tracking: { readonly project?: TrackingProject };
}

/** The Projects (v2) board kepbot keeps in step with its tracking verdicts. */
export interface TrackingProject {
  /** The organization that owns it. */
  readonly owner: string;
  readonly number: number;
  /** kepbot's value → the project's single-select field name (fields left out are not touched). */
  readonly fields: Readonly<Partial<Record<ProjectField, string>>>;
  /** Per field, kepbot's value → the option's name. */
  readonly options: Readonly<Partial<Record<ProjectField, Readonly<Record<string, string>>>>>;
}

/** Prow's `restricted_labels` entry, plus `sigLeads` for labels a KEP's own SIG leads may set. */
export interface RestrictedLabel {
  /** A label name, or a prefix pattern ending in `*` (`tracked/*`). */
  readonly label: string;
  readonly allowedTeams: readonly string[];
  readonly allowedUsers: readonly string[];
  readonly sigLeads: boolean;
}

const enhancementsTeams = ["release-team-enhancements", "release-team-leads"];

export const defaultConfig: Config = {
  profile: "default",
  rules: {},
  sigs: "sigs.yaml",
  // Upstream hard-codes this in pkg/kepval/approval.go (isPRRRequired).
  prrRequiredFrom: "v1.21",
  prrApproverAliases: ["prod-readiness-approvers", "prod-readiness-approvers-emeritus"],
  tocExemptList: "hack/.notableofcontents",
  tocMaxDepth: 5,
  templates: ["keps/NNNN-kep-template", "keps/sig-cloud-provider/providers/0000-cloud-provider-template"],
  labels: defaultLabelNames,
  // kubernetes/enhancements is a Prow repository: Prow answers `/label` there.
  prow: true,
  labelCommands: { enabled: false, prefixes: prowLabelPrefixes, additional: [] },
  // Upstream's restricted labels (kubernetes/test-infra config/prow/plugins.yaml, kubernetes/enhancements).
  restrictedLabels: [
    { label: "lead-opted-in", allowedTeams: enhancementsTeams, allowedUsers: [], sigLeads: true },
    { label: "tracked/*", allowedTeams: enhancementsTeams, allowedUsers: [], sigLeads: false },
  ],
  leadOptedIn: { label: "lead-opted-in", teams: enhancementsTeams },
  releases: {},
  trustedActors: ["k8s-ci-robot"],
  tracking: {},
};

export const configPath = ".github/kepbot.yml";

export interface ConfigProblem {
  readonly message: string;
  readonly line: number;
}

export type ConfigResult = { readonly ok: true; readonly config: Config } | { readonly ok: false; readonly problems: readonly ConfigProblem[] };

/** Parses and validates `.github/kepbot.yml`; every problem names its line. */
export function parseConfig(text: string): ConfigResult {
  const read = readYaml(text);
  if (!read.ok) return { ok: false, problems: read.problems.map(({ message, line }) => ({ message, line })) };
  if (read.tree === undefined || read.tree.kind === "null") return { ok: true, config: defaultConfig };
  const problems = validateTree(configSchema, read.tree, true);
  if (problems.length > 0) return { ok: false, problems };
  const raw = toPlain(read.tree, true) as RawConfig;
  return {
    ok: true,
    config: {
      profile: (raw.profile as Profile | undefined) ?? defaultConfig.profile,
      rules: (raw.rules as Record<string, RuleSetting> | undefined) ?? {},
      sigs: (raw.sigs as string | undefined) ?? defaultConfig.sigs,
      prrRequiredFrom: (raw.prr?.["required-from"] as string | undefined) ?? defaultConfig.prrRequiredFrom,
      prrApproverAliases: (raw.prr?.["approver-aliases"] as string[] | undefined) ?? defaultConfig.prrApproverAliases,
      tocExemptList: (raw.toc?.["exempt-list"] as string | undefined) ?? defaultConfig.tocExemptList,
      tocMaxDepth: raw.toc?.["max-depth"] !== undefined ? Number(raw.toc["max-depth"]) : defaultConfig.tocMaxDepth,
      templates: (raw.templates as string[] | undefined) ?? defaultConfig.templates,
      labels: {
        kep: (raw.labels?.kep as string | undefined) ?? defaultLabelNames.kep,
        prrNeedsApprover: (raw.labels?.["prr-needs-approver"] as string | undefined) ?? defaultLabelNames.prrNeedsApprover,
        prrAwaitingApproval: (raw.labels?.["prr-awaiting-approval"] as string | undefined) ?? defaultLabelNames.prrAwaitingApproval,
        prrApproved: (raw.labels?.["prr-approved"] as string | undefined) ?? defaultLabelNames.prrApproved,
      },
      prow: raw.prow ?? defaultConfig.prow,
      labelCommands: {
        enabled: (raw.labels?.commands as boolean | undefined) ?? !(raw.prow ?? defaultConfig.prow),
        prefixes: (raw.labels?.prefixes as string[] | undefined) ?? defaultConfig.labelCommands.prefixes,
        additional: (raw.labels?.additional as string[] | undefined) ?? defaultConfig.labelCommands.additional,
      },
      restrictedLabels: raw["restricted-labels"]
        ? raw["restricted-labels"].map((entry) => ({
            label: entry.label,
            allowedTeams: entry.allowed_teams ?? [],
            allowedUsers: entry.allowed_users ?? [],
            sigLeads: entry["sig-leads"] ?? false,
          }))
        : defaultConfig.restrictedLabels,
      leadOptedIn: {
        label: (raw["lead-opted-in"]?.label as string | undefined) ?? defaultConfig.leadOptedIn.label,
        teams: (raw["lead-opted-in"]?.teams as string[] | undefined) ?? defaultConfig.leadOptedIn.teams,
      },
      ...(raw.org ? { org: raw.org } : {}),
      ...(raw["current-release"] ? { currentRelease: raw["current-release"] } : {}),
      releases: raw.releases ?? {},
      trustedActors: raw["trusted-actors"] ?? defaultConfig.trustedActors,
      tracking: raw.tracking?.project
        ? { project: { owner: raw.tracking.project.owner, number: Number(raw.tracking.project.number), fields: raw.tracking.project.fields ?? {}, options: raw.tracking.project.options ?? {} } }
        : {},
    },
  };
}

interface RawConfig {
  profile?: unknown;
  rules?: unknown;
  sigs?: unknown;
  prr?: Record<string, unknown>;
  toc?: Record<string, unknown>;
  templates?: unknown;
  labels?: Record<string, unknown>;
  prow?: boolean;
  "restricted-labels"?: { label: string; allowed_teams?: string[]; allowed_users?: string[]; "sig-leads"?: boolean }[];
  "lead-opted-in"?: Record<string, unknown>;
  org?: string;
  "trusted-actors"?: string[];
  "current-release"?: string;
  releases?: Record<string, Partial<Record<Freeze, string>>>;
  tracking?: { project?: { owner: string; number: unknown; fields?: Partial<Record<ProjectField, string>>; options?: Partial<Record<ProjectField, Record<string, string>>> } };
}

