import { field } from "../repo/kep-fields.js";
import { processKeps } from "./helpers.js";
export const readmeTitle = {
    id: "readme/title",
    summary: "A README title that names a KEP number (# KEP-<number>: <title>) names this KEP's number.",
    upstream: false,
    severity: "error",
    *check(repo) {
        for (const kep of processKeps(repo)) {
            const text = kep.readme?.text;
            const number = field(kep, "kep-number");
            if (text === undefined || !/^[0-9]+$/.test(number))
                continue;
            const lines = text.split("\n", 200);
            const index = lines.findIndex((line) => /^#\s/.test(line));
            const heading = index < 0 ? undefined : lines[index];
            const named = heading ? /^#\s+KEP[- ]?([0-9]+)\s*[:\-—]?\s*(.*)$/i.exec(heading.trim()) : null;
            if (!heading || !named)
                continue;
            if (Number(named[1]) !== Number(number)) {
                const title = (named[2] ?? "").trim() || field(kep, "title");
                yield {
                    path: kep.readme?.path ?? `${kep.dir}/README.md`,
                    line: index + 1,
                    message: `the title names KEP-${named[1]}, but kep.yaml says kep-number ${number}`,
                    suggestion: `# KEP-${Number(number)}: ${title}`,
                    related: [kep.path],
                };
            }
        }
    },
};
