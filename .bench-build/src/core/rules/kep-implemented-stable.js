import { field, lineOf } from "../repo/kep-fields.js";
import { processKeps } from "./helpers.js";
/** The stages a KEP can end in: graduation ends at stable, a deprecation at removed. */
const finalStages = new Set(["stable", "removed"]);
export const kepImplementedStable = {
    id: "kep/implemented-stable",
    summary: "A KEP marked implemented has reached its final stage (stable, or removed for a deprecation).",
    upstream: false,
    severity: "error",
    *check(repo) {
        for (const kep of processKeps(repo)) {
            const stage = field(kep, "stage");
            if (field(kep, "status") === "implemented" && !finalStages.has(stage)) {
                yield {
                    path: kep.path,
                    line: lineOf(kep, "status"),
                    message: `status:implemented implies stage:stable but found: ${stage || "(no stage)"}; keep status implementable until the work is complete`,
                };
            }
        }
    },
};
