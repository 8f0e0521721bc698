import type { FromSchema } from "json-schema-to-ts";

export const profiles = ["upstream", "default", "strict"] as const;
export type Profile = (typeof profiles)[number];
export const ruleSettings = ["error", "warning", "notice", "off"] as const;
export type RuleSetting = (typeof ruleSettings)[number];

export const freezes = ["prr-freeze", "enhancements-freeze", "code-freeze", "docs-freeze"] as const;
export type Freeze = (typeof freezes)[number];
/** The project fields kepbot can keep in step with its verdicts. */
export const projectFields = ["status", "stage", "sig", "prr"] as const;
export type ProjectField = (typeof projectFields)[number];
const optionMap = { type: "object", propertyNames: { minLength: 1 }, additionalProperties: { type: "string", minLength: 1 } } as const;
const isoTime = "^[0-9]{4}-[0-9]{2}-[0-9]{2}(T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]+)?)?(Z|[+-][0-9]{2}:[0-9]{2}))?$";

/** `.github/kepbot.yml`: how kepbot judges this repository. Every key is optional. */
export const configSchema = {
  $id: "https://kepbot.dev/schemas/config.json",
  title: "kepbot configuration",
  description: "kepbot's repository configuration (.github/kepbot.yml, read from the base branch)",
  type: "object",
  additionalProperties: false,
  properties: {
    profile: {
      description: "upstream: only what kubernetes/enhancements CI blocks; default: process rules too, an error only when the change introduces it (already-present findings are warnings); strict: everything is an error",
      enum: profiles,
    },
    rules: {
      description: "Per-rule severity overrides, e.g. `kep/directory-sig: off`",
      type: "object",
      propertyNames: { pattern: "^(kep|prr|readme|receipt|repo)/[a-z0-9-]+$" },
      additionalProperties: { enum: ruleSettings },
    },
    sigs: {
      description: "Where sigs.yaml lives: a path in this repository, or `org/repo:path` (read by the app)",
      type: "string",
      minLength: 1,
    },
    prr: {
      type: "object",
      additionalProperties: false,
      properties: {
        "required-from": {
          description: "The first release whose KEPs need a PRR approval (upstream: v1.21)",
          type: "string",
          pattern: "^v?[0-9]+\\.[0-9]+$",
        },
        "approver-aliases": {
          description: "OWNERS_ALIASES aliases whose members may approve PRR",
          type: "array",
          items: { type: "string", minLength: 1 },
          minItems: 1,
        },
      },
    },
    toc: {
      type: "object",
      additionalProperties: false,
      properties: {
        "exempt-list": { description: "File listing markdown paths exempt from the TOC check", type: "string", minLength: 1 },
        "max-depth": { type: "integer", minimum: 1, maximum: 6 },
      },
    },
    prow: {
      description:
        "Prow serves this repository (default true, as on kubernetes/enhancements): Prow answers /label, so kepbot's /label and /remove-label are off unless labels.commands turns them on",
      type: "boolean",
    },
    labels: {
      description: "Names of the labels kepbot keeps in line with a pull request, and what /label and /remove-label may touch",
      type: "object",
      additionalProperties: false,
      properties: {
        kep: { type: "string", minLength: 1 },
        "prr-needs-approver": { type: "string", minLength: 1 },
        "prr-awaiting-approval": { type: "string", minLength: 1 },
        "prr-approved": { type: "string", minLength: 1 },
        commands: { description: "Whether kepbot answers /label and /remove-label (default: off when prow is true, on otherwise)", type: "boolean" },
        prefixes: {
          description:
            "Labels /label may add or remove: those starting with one of these prefixes and a slash (default Prow's: area, committee, kind, language, priority, sig, triage, wg). Only labels the repository already has; never a merge-gating label",
          type: "array",
          items: { type: "string", pattern: "^[^/*\\s]+$" },
        },
        additional: {
          description: "Whole label names /label may add or remove besides the prefixed ones (Prow's additional_labels); merge-gating labels stay refused",
          type: "array",
          items: { type: "string", minLength: 1 },
        },
      },
    },
    "restricted-labels": {
      description: "Labels only some may set or remove, in Prow's restricted_labels shape; `*` ends a prefix pattern (tracked/*)",
      type: "array",
      items: {
        type: "object",
        additionalProperties: false,
        required: ["label"],
        properties: {
          label: { type: "string", minLength: 1 },
          allowed_teams: { type: "array", items: { type: "string", minLength: 1 } },
          allowed_users: { type: "array", items: { type: "string", minLength: 1 } },
          "sig-leads": { description: "Leads of the KEP's owning SIG (sigs.yaml, and the <sig>-leads alias) may set it", type: "boolean" },
        },
      },
    },
    "lead-opted-in": {
      type: "object",
      additionalProperties: false,
      properties: {
        label: { type: "string", minLength: 1 },
        teams: { description: "Teams that may opt KEPs in besides the SIG leads", type: "array", items: { type: "string", minLength: 1 } },
      },
    },
    "trusted-actors": {
      description: "Accounts whose label changes kepbot trusts, because they check permissions themselves (Prow's k8s-ci-robot applies `/label` only for allowed users)",
      type: "array",
      items: { type: "string", minLength: 1 },
    },
    org: { description: "The organization whose teams the team lists name (default: the repository's owner)", type: "string", minLength: 1 },
    "current-release": { type: "string", pattern: "^v[0-9]+\\.[0-9]+$" },
    releases: {
      description: "The release calendar: freeze dates per release",
      type: "object",
      propertyNames: { pattern: "^v[0-9]+\\.[0-9]+$" },
      additionalProperties: {
        type: "object",
        additionalProperties: false,
        properties: Object.fromEntries(freezes.map((name) => [name, { type: "string", pattern: isoTime }])) as Record<Freeze, { type: "string"; pattern: string }>,
      },
    },
    tracking: {
      description: "Release tracking on enhancement issues beyond the status comment",
      type: "object",
      additionalProperties: false,
      properties: {
        project: {
          description: "A Projects (v2) board of the organization whose single-select fields kepbot sets from its verdicts (only fields whose value differs are written)",
          type: "object",
          additionalProperties: false,
          required: ["owner", "number"],
          properties: {
            owner: { description: "The organization that owns the project", type: "string", minLength: 1 },
            number: { description: "The project's number (github.com/orgs/<owner>/projects/<number>)", type: "integer", minimum: 1 },
            fields: {
              description: "The project's single-select field for each of kepbot's values; a field left out is not touched",
              type: "object",
              additionalProperties: false,
              properties: {
                status: { description: "The verdict: ready, at-risk, missed", type: "string", minLength: 1 },
                stage: { description: "The stage the KEP is judged at: alpha, beta, stable, deprecated", type: "string", minLength: 1 },
                sig: { description: "The owning SIG (sig-node)", type: "string", minLength: 1 },
                prr: { description: "The PRR state: approved, needs-approver, no-file", type: "string", minLength: 1 },
              },
            },
            options: {
              description: "kepbot's value → the field's option name, per field; without an entry, the option whose name equals the value ignoring case, spaces and punctuation",
              type: "object",
              additionalProperties: false,
              properties: { status: optionMap, stage: optionMap, sig: optionMap, prr: optionMap },
            },
          },
        },
      },
    },
    templates: {
      description: "KEP directories that hold templates rather than KEPs; process rules skip them",
      type: "array",
      items: { type: "string", minLength: 1 },
    },
  },
} as const;

export type ConfigFile = FromSchema<typeof configSchema>;
