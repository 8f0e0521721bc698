export function summarize(findings, files) {
    const count = (severity) => findings.filter((finding) => finding.severity === severity).length;
    return { errors: count("error"), warnings: count("warning"), notices: count("notice"), files };
}
/** The check's verdict: failing when any finding is an error. */
export function hasErrors(report) {
    return report.summary.errors > 0;
}
/** Adds findings made outside the rules (an invalid config) to a report, keeping the summary right. */
export function withFindings(report, extra) {
    if (extra.length === 0)
        return report;
    const findings = [...extra, ...report.findings];
    return { findings, summary: summarize(findings, report.summary.files) };
}
