import { defaultLabelNames, type LabelNames } from "./labels.js";
import { configSchema, type Profile, type RuleSetting } from "./schemas/config.schema.js";
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
}

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
}

