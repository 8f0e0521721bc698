import { field, lineOf } from "../repo/kep-fields.js";
import { parseMilestone, prrStatuses } from "./helpers.js";
/** The prerequisites upstream checks before deciding whether a KEP needs PRR (`isPRRRequired`). */
export const prrMilestoneRequired = {
    id: "prr/milestone-required",
    summary: "An implementable or implemented KEP has a latest-milestone that parses as a version.",
    upstream: true,
    severity: "error",
    *check(repo) {
        for (const kep of repo.keps) {
            if (!kep.clean || !prrStatuses.has(field(kep, "status")))
                continue;
            const latest = field(kep, "latest-milestone");
            if (!latest) {
                yield { path: kep.path, line: lineOf(kep, "latest-milestone"), message: "checking if PRR is required: missing the latest milestone field (set latest-milestone, e.g. \"v1.35\")" };
            }
            else if (field(kep, "stage")) {
                const parsed = parseMilestone(latest);
                if (!parsed.ok) {
                    yield { path: kep.path, line: lineOf(kep, "latest-milestone"), message: `checking if PRR is required: creating a SemVer object for latest milestone: ${parsed.message}` };
                }
            }
        }
    },
};
export const prrStageRequired = {
    id: "prr/stage-required",
    summary: "An implementable or implemented KEP with a latest-milestone names its stage.",
    upstream: true,
    severity: "error",
    *check(repo) {
        for (const kep of repo.keps) {
            if (!kep.clean || !prrStatuses.has(field(kep, "status")))
                continue;
            if (field(kep, "latest-milestone") && !field(kep, "stage")) {
                yield { path: kep.path, line: lineOf(kep, "stage"), message: "checking if PRR is required: missing the stage field (set stage: alpha, beta or stable)" };
            }
        }
    },
};
