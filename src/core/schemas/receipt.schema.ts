import type { FromSchema } from "json-schema-to-ts";
import { stages } from "./kep.schema.js";

/** The tracking states of KEP-2140, each a directory under `releases/<release>/`. */
export const receiptStates = ["proposed", "accepted", "at-risk", "exception", "removed"] as const;
export type ReceiptState = (typeof receiptStates)[number];

const pullRequestUrls = {
  type: ["array", "null"],
  items: { type: "string", pattern: "^https://github\\.com/[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+/pull/[0-9]+$" },
} as const;

/** A release receipt, `releases/<release>/<state>/<kep-number>.yaml` (KEP-2140, made concrete in PRODUCT.md §4). */
export const receiptSchema = {
  $id: "https://kepbot.dev/schemas/receipt.json",
  title: "release receipt",
  description: "One KEP's tracking record for one release (releases/<release>/<state>/<kep-number>.yaml)",
  type: "object",
  additionalProperties: false,
  required: ["title", "kep-number", "owning-sig", "tracking-status", "stage"],
  properties: {
    title: { type: "string", minLength: 1 },
    "kep-number": { type: "string", minLength: 1, pattern: "^[0-9]+$" },
    "owning-sig": { type: "string", minLength: 1 },
    path: { type: ["string", "null"] },
    "tracking-status": { enum: receiptStates },
    stage: { enum: stages },
    "implementation-prs": pullRequestUrls,
    "docs-prs": pullRequestUrls,
  },
} as const;

export type Receipt = FromSchema<typeof receiptSchema>;
