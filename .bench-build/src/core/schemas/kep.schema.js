/**
 * kep.yaml, as upstream's `api.Proposal` struct reads it (kubernetes/enhancements api/proposal.go):
 * every key outside this list is rejected, scalars are kept as their source text, and the fields
 * that upstream's validator marks `required` are required here. A `null` stands for an empty value.
 */
const text = { type: ["string", "null"] };
const requiredText = { type: "string", minLength: 1 };
const textList = { type: ["array", "null"], items: text };
const requiredTextList = { type: "array", items: text };
export const stages = ["alpha", "beta", "stable", "deprecated", "disabled", "removed"];
export const statuses = ["provisional", "implementable", "implemented", "deferred", "rejected", "withdrawn", "replaced"];
/** YAML 1.1 booleans, which yaml.v3 accepts for a Go bool. */
export const yamlBoolean = "^(y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$";
export const kepSchema = {
    $id: "https://kepbot.dev/schemas/kep.json",
    title: "kep.yaml",
    description: "KEP metadata (keps/<sig>/<number>-<name>/kep.yaml)",
    type: "object",
    additionalProperties: false,
    required: ["title", "kep-number", "authors", "owning-sig", "approvers", "status"],
    properties: {
        title: requiredText,
        "kep-number": requiredText,
        authors: requiredTextList,
        "owning-sig": requiredText,
        "participating-sigs": textList,
        reviewers: textList,
        approvers: requiredTextList,
        editor: text,
        "creation-date": text,
        "last-updated": text,
        status: requiredText,
        "see-also": textList,
        replaces: textList,
        "superseded-by": textList,
        stage: text,
        "latest-milestone": text,
        milestone: {
            type: ["object", "null"],
            additionalProperties: false,
            properties: Object.fromEntries(stages.map((stage) => [stage, text])),
        },
        "feature-gates": {
            type: ["array", "null"],
            items: {
                type: "object",
                additionalProperties: false,
                properties: { name: text, components: textList },
            },
        },
        "disable-supported": { type: ["string", "null"], pattern: yamlBoolean },
        metrics: textList,
        // Accepted by upstream only because these struct fields carry json tags and no yaml tags.
        id: text,
        prnumber: text,
        name: text,
        path: text,
    },
};
