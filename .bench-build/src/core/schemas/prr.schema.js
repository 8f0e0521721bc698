import { stages } from "./kep.schema.js";
/** A stage block of a PRR approval file: only `approver`, which must not be empty when the block is present. */
const stageBlock = {
    type: ["object", "null"],
    additionalProperties: false,
    required: ["approver"],
    properties: { approver: { type: "string", minLength: 1 } },
};
/** keps/prod-readiness/<owning-sig>/<kep-number>.yaml, as upstream's `api.PRRApproval` reads it. */
export const prrSchema = {
    $id: "https://kepbot.dev/schemas/prr.json",
    title: "PRR approval file",
    description: "Production readiness review approvals (keps/prod-readiness/<owning-sig>/<kep-number>.yaml)",
    type: "object",
    additionalProperties: false,
    required: ["kep-number"],
    properties: {
        "kep-number": { type: "string", minLength: 1 },
        ...Object.fromEntries(stages.map((stage) => [stage, stageBlock])),
    },
};
