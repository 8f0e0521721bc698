import { baseName } from "../repo/discover.js";
import { field, lineOf, numericKepNumber } from "../repo/kep-fields.js";
import { processKeps } from "./helpers.js";
export const kepDirectoryNumber = {
    id: "kep/directory-number",
    summary: "The KEP directory is named <kep-number>-<name>, with no zero padding.",
    upstream: false,
    severity: "error",
    *check(repo) {
        for (const kep of processKeps(repo)) {
            const number = field(kep, "kep-number");
            const name = baseName(kep.dir);
            // KEP-0000 documents (the KEP process itself and a few like it) keep their historic 0000- names.
            if (!number || /^0+$/.test(number) || (name.startsWith(`${number}-`) && !/^0[0-9]/.test(name)))
                continue;
            const expected = numericKepNumber(number);
            const prefix = /^([0-9]+)-/.exec(name)?.[1];
            const message = prefix && expected !== undefined && Number(prefix) === expected
                ? `directory ${name} pads its number with zeros; KEP directories are named ${expected}-<name> (no leading zeros)`
                : `directory ${name} does not start with the kep-number ${number} (expected ${expected ?? number}-<name>)`;
            yield { path: kep.path, line: lineOf(kep, "kep-number"), message };
        }
    },
};
export const kepDirectorySig = {
    id: "kep/directory-sig",
    summary: "The KEP lives under keps/<owning-sig>/.",
    upstream: false,
    severity: "warning",
    *check(repo) {
        for (const kep of processKeps(repo)) {
            const sig = field(kep, "owning-sig");
            const top = kep.dir.split("/")[1] ?? "";
            if (sig && top !== sig) {
                yield { path: kep.path, line: lineOf(kep, "owning-sig"), message: `KEP lives under keps/${top}/ but its owning-sig is ${sig}; KEPs live in their owning SIG's directory` };
            }
        }
    },
};
