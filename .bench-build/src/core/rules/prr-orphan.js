import { field, numericKepNumber } from "../repo/kep-fields.js";
export const prrOrphan = {
    id: "prr/orphan",
    summary: "Every PRR file belongs to a KEP of that number owned by the SIG of its directory.",
    upstream: false,
    severity: "error",
    *check(repo) {
        for (const prr of repo.prrFiles) {
            const number = numericKepNumber(prr.fileNumber);
            const owners = number === undefined ? [] : repo.kepsNumbered(number);
            // Without the whole index, "no KEP has this number" would be a guess.
            if (owners.length === 0 && !repo.allKepsLoaded)
                continue;
            if (owners.length === 0) {
                yield { path: prr.path, line: 1, message: `no KEP has kep-number ${prr.fileNumber}; this PRR file belongs to nothing (remove it, or fix its name)` };
            }
            else if (!owners.some((kep) => field(kep, "owning-sig") === prr.sig)) {
                const sigs = [...new Set(owners.map((kep) => field(kep, "owning-sig")))].join(", ");
                yield { path: prr.path, line: 1, message: `KEP ${prr.fileNumber} is owned by ${sigs}, not ${prr.sig}; upstream looks for its PRR file under keps/prod-readiness/${owners[0] ? field(owners[0], "owning-sig") : "<owning-sig>"}/` };
            }
        }
    },
};
