export const severityRank = { error: 0, warning: 1, notice: 2 };
/** Sorts findings by path, then line, then rule, so output is stable across runs. */
export function compareFindings(a, b) {
    if (a.path !== b.path)
        return a.path < b.path ? -1 : 1;
    const lineDiff = (a.line ?? 0) - (b.line ?? 0);
    if (lineDiff !== 0)
        return lineDiff;
    if (a.rule !== b.rule)
        return a.rule < b.rule ? -1 : 1;
    return a.message < b.message ? -1 : a.message > b.message ? 1 : 0;
}
