/**
 * The head-side line ranges a unified diff shows (`@@ -a,b +c,d @@` hunks): GitHub accepts review
 * comments only on those lines.
 */
export function diffRanges(patch) {
    if (!patch)
        return [];
    const ranges = [];
    for (const match of patch.matchAll(/^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@/gm)) {
        const start = Number(match[1]);
        const length = match[2] === undefined ? 1 : Number(match[2]);
        if (length > 0)
            ranges.push([start, start + length - 1]);
    }
    return ranges;
}
export function inRanges(line, ranges) {
    return ranges.some(([start, end]) => line >= start && line <= end);
}
