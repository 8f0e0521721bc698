import { defaultLabelNames } from "./labels.js";
import { configSchema } from "./schemas/config.schema.js";
import { readYaml, toPlain } from "./parse/yaml-tree.js";
import { validateTree } from "./parse/validate.js";
const enhancementsTeams = ["release-team-enhancements", "release-team-leads"];
export const defaultConfig = {
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
    // Upstream's restricted labels (kubernetes/test-infra config/prow/plugins.yaml, kubernetes/enhancements).
    restrictedLabels: [
        { label: "lead-opted-in", allowedTeams: enhancementsTeams, allowedUsers: [], sigLeads: true },
        { label: "tracked/*", allowedTeams: enhancementsTeams, allowedUsers: [], sigLeads: false },
    ],
    leadOptedIn: { label: "lead-opted-in", teams: enhancementsTeams },
    releases: {},
    trustedActors: ["k8s-ci-robot"],
};
export const configPath = ".github/kepbot.yml";
/** Parses and validates `.github/kepbot.yml`; every problem names its line. */
export function parseConfig(text) {
    const read = readYaml(text);
    if (!read.ok)
        return { ok: false, problems: read.problems.map(({ message, line }) => ({ message, line })) };
    if (read.tree === undefined || read.tree.kind === "null")
        return { ok: true, config: defaultConfig };
    const problems = validateTree(configSchema, read.tree, true);
    if (problems.length > 0)
        return { ok: false, problems };
    const raw = toPlain(read.tree, true);
    return {
        ok: true,
        config: {
            profile: raw.profile ?? defaultConfig.profile,
            rules: raw.rules ?? {},
            sigs: raw.sigs ?? defaultConfig.sigs,
            prrRequiredFrom: raw.prr?.["required-from"] ?? defaultConfig.prrRequiredFrom,
            prrApproverAliases: raw.prr?.["approver-aliases"] ?? defaultConfig.prrApproverAliases,
            tocExemptList: raw.toc?.["exempt-list"] ?? defaultConfig.tocExemptList,
            tocMaxDepth: raw.toc?.["max-depth"] !== undefined ? Number(raw.toc["max-depth"]) : defaultConfig.tocMaxDepth,
            templates: raw.templates ?? defaultConfig.templates,
            labels: {
                kep: raw.labels?.kep ?? defaultLabelNames.kep,
                prrNeedsApprover: raw.labels?.["prr-needs-approver"] ?? defaultLabelNames.prrNeedsApprover,
                prrAwaitingApproval: raw.labels?.["prr-awaiting-approval"] ?? defaultLabelNames.prrAwaitingApproval,
                prrApproved: raw.labels?.["prr-approved"] ?? defaultLabelNames.prrApproved,
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
                label: raw["lead-opted-in"]?.label ?? defaultConfig.leadOptedIn.label,
                teams: raw["lead-opted-in"]?.teams ?? defaultConfig.leadOptedIn.teams,
            },
            ...(raw.org ? { org: raw.org } : {}),
            ...(raw["current-release"] ? { currentRelease: raw["current-release"] } : {}),
            releases: raw.releases ?? {},
            trustedActors: raw["trusted-actors"] ?? defaultConfig.trustedActors,
        },
    };
}
