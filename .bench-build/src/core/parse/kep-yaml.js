import { readYaml, defaultYamlLimits } from "./yaml-tree.js";
/**
 * Reads kep.yaml the way upstream's `KEPHandler.Parse` does: every line that contains `---` anywhere
 * is dropped; if there is at least one, only the lines between the first and the second such line are
 * YAML and the rest is ignored. Line numbers in the result are those of the original file.
 */
export function readKepYaml(text, limits = defaultYamlLimits) {
    const lines = text.split(/\r?\n/);
    if (lines.length > 0 && lines[lines.length - 1] === "")
        lines.pop();
    const separatorLines = [];
    const kept = [];
    const keptLineNumbers = [];
    const ignored = [];
    lines.forEach((line, index) => {
        if (line.includes("---")) {
            separatorLines.push(index + 1);
            return;
        }
        const section = separatorLines.length;
        if (section === 1) {
            kept.push(line);
            keptLineNumbers.push(index + 1);
        }
        else {
            ignored.push({ line: index + 1, content: line });
        }
    });
    if (separatorLines.length === 0) {
        return { result: readYaml(lines.join("\n"), limits), separatorLines, ignoredLines: [] };
    }
    const lineOf = (line) => keptLineNumbers[line - 1] ?? keptLineNumbers[keptLineNumbers.length - 1] ?? 1;
    return {
        result: readYaml(kept.join("\n"), limits, lineOf),
        separatorLines,
        ignoredLines: ignored.filter((entry) => entry.content.trim() !== "" && !entry.content.trim().startsWith("#")).map((entry) => entry.line),
    };
}
