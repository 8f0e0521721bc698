import { checkToc } from "../markdown/toc.js";
export const readmeToc = {
    id: "readme/toc",
    summary: "Every markdown file under keps/ has an up-to-date table of contents between <!-- toc --> and <!-- /toc --> (as mdtoc checks).",
    upstream: true,
    severity: "error",
    *check(repo) {
        for (const file of repo.markdown) {
            if (file.problem) {
                yield { path: file.path, line: 1, message: file.problem };
                continue;
            }
            if (file.text === undefined)
                continue;
            const problem = checkToc(file.text, repo.config.tocMaxDepth);
            if (problem)
                yield { path: file.path, line: problem.line, message: problem.message };
        }
    },
};
