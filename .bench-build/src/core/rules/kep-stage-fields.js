import { entryOf } from "../parse/yaml-tree.js";
import { field, lineOf } from "../repo/kep-fields.js";
import { processKeps, requiresPrr } from "./helpers.js";
/** Active KEPs under PRR: the PRR answers in kep.yaml are due for the stage they target now. */
function activeKeps(repo) {
    return processKeps(repo).filter((kep) => field(kep, "status") === "implementable" && requiresPrr(kep, repo));
}
function isPresent(kep, key) {
    const value = entryOf(kep.tree, key)?.value;
    return value !== undefined && value.kind !== "null" && !(value.kind === "seq" && value.items.length === 0);
}
const graduating = new Set(["alpha", "beta", "stable"]);
export const kepAlphaPrrFields = {
    id: "kep/alpha-prr-fields",
    summary: "An implementable KEP at alpha or later lists feature-gates (or says disable-supported) as the PRR template requires at alpha.",
    upstream: false,
    severity: "error",
    *check(repo) {
        for (const kep of activeKeps(repo)) {
            if (!graduating.has(field(kep, "stage")))
                continue;
            if (!isPresent(kep, "disable-supported")) {
                yield { path: kep.path, line: lineOf(kep, "stage"), message: "disable-supported is required from alpha: say whether the feature can be disabled once enabled (disable-supported: true|false)" };
            }
            if (field(kep, "stage") === "alpha" && !isPresent(kep, "feature-gates") && field(kep, "disable-supported") !== "false") {
                yield { path: kep.path, line: lineOf(kep, "stage"), message: "feature-gates is required at alpha: list each feature gate with the components that read it" };
            }
        }
    },
};
export const kepBetaMetrics = {
    id: "kep/beta-metrics",
    summary: "An implementable KEP at beta or stable lists the metrics operators use to judge its health.",
    upstream: false,
    severity: "error",
    *check(repo) {
        for (const kep of activeKeps(repo)) {
            const stage = field(kep, "stage");
            if ((stage === "beta" || stage === "stable") && !isPresent(kep, "metrics")) {
                yield { path: kep.path, line: lineOf(kep, "stage"), message: `metrics is required from beta: list the metrics that show the feature's health (stage is ${stage})` };
            }
        }
    },
};
