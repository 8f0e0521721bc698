import type { FromSchema } from "json-schema-to-ts";

export const profiles = ["upstream", "default", "strict"] as const;
export type Profile = (typeof profiles)[number];
export const ruleSettings = ["error", "warning", "notice", "off"] as const;
export type RuleSetting = (typeof ruleSettings)[number];

/** `.github/kepbot.yml`: how kepbot judges this repository. Every key is optional. */
export const configSchema = {
  $id: "https://kepbot.dev/schemas/config.json",
  title: "kepbot configuration",
  description: "kepbot's repository configuration (.github/kepbot.yml, read from the base branch)",
  type: "object",
  additionalProperties: false,
  properties: {
    profile: {
      description: "upstream: only what kubernetes/enhancements CI blocks; default: process rules too, errors only on touched content; strict: everything is an error",
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
    labels: {
      description: "Names of the labels kepbot keeps in line with a pull request",
      type: "object",
      additionalProperties: false,
      properties: {
        kep: { type: "string", minLength: 1 },
        "prr-needs-approver": { type: "string", minLength: 1 },
        "prr-awaiting-approval": { type: "string", minLength: 1 },
        "prr-approved": { type: "string", minLength: 1 },
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
