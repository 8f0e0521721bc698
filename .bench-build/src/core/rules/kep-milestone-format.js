import { entryOf } from "../parse/yaml-tree.js";
import { field, lineOf } from "../repo/kep-fields.js";
import { milestonePattern, processKeps } from "./helpers.js";
/** `"0.0"` is the legacy latest-milestone of KEPs that predate PRR; it is a convention, not drift. */
const legacyLatestMilestone = "0.0";
export const kepMilestoneFormat = {
    id: "kep/milestone-format",
    summary: "latest-milestone and milestone.<stage> are written v<major>.<minor>, e.g. v1.35.",
    upstream: false,
    severity: "warning",
    *check(repo) {
        for (const kep of processKeps(repo)) {
            const latest = field(kep, "latest-milestone");
            if (latest && latest !== legacyLatestMilestone && !milestonePattern.test(latest)) {
                yield { path: kep.path, line: lineOf(kep, "latest-milestone"), message: `latest-milestone "${latest}" must be a milestone like v1.35`, ...fix("latest-milestone", latest, "") };
            }
            const milestone = entryOf(kep.tree, "milestone")?.value;
            if (milestone?.kind !== "map")
                continue;
            for (const entry of milestone.entries) {
                const value = entry.value.kind === "scalar" ? entry.value.text : "";
                if (value && !milestonePattern.test(value)) {
                    yield { path: kep.path, line: entry.keyPos.line, message: `milestone.${entry.key} "${value}" must be a milestone like v1.35`, ...fix(entry.key, value, "  ") };
                }
            }
        }
    },
};
/** `1.30` only lacks its `v`: that much is a mechanical fix. */
function fix(key, value, indent) {
    return /^[0-9]+\.[0-9]+$/.test(value.trim()) ? { suggestion: `${indent}${key}: "v${value.trim()}"` } : {};
}
