import { entryOf } from "../parse/yaml-tree.js";
import { numericKepNumber } from "../repo/kep-fields.js";
export const prrNumberMismatch = {
    id: "prr/number-mismatch",
    summary: "A PRR file's kep-number equals the number in its file name.",
    upstream: false,
    severity: "error",
    *check(repo) {
        for (const prr of repo.prrFiles) {
            const entry = entryOf(prr.tree, "kep-number");
            if (entry?.value.kind !== "scalar")
                continue;
            const inFile = entry.value.text;
            if (inFile === prr.fileNumber)
                continue;
            const numeric = numericKepNumber(inFile);
            const sameNumber = numeric !== undefined && numeric === numericKepNumber(prr.fileNumber);
            yield {
                path: prr.path,
                line: entry.keyPos.line,
                message: sameNumber
                    ? `kep-number ${inFile} is written differently from the file name ${prr.fileNumber}.yaml; write kep-number: ${prr.fileNumber}`
                    : `kep-number ${inFile} does not match the file name ${prr.fileNumber}.yaml`,
                suggestion: `kep-number: ${prr.fileNumber}`,
            };
        }
    },
};
