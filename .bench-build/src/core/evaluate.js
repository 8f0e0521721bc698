import { touchedPaths } from "./change-set.js";
import { compareFindings } from "./finding.js";
import { loadRepository } from "./repo/load.js";
import { field } from "./repo/kep-fields.js";
import { prrStateOf } from "./prr-state.js";
import { summarize } from "./report.js";
import { allRules } from "./rules/index.js";
/**
 * The severity a rule's finding gets under a profile and the config's overrides, or undefined when the
 * rule is off. In `default`, a finding on content the change does not touch is at most a warning.
 */
export function severityOf(rule, config, touched) {
    const override = config.rules[rule.id];
    const chosen = override !== undefined ? override : profileSeverity(rule, config.profile);
    if (chosen === "off" || chosen === undefined)
        return undefined;
    if (config.profile === "default" && !touched && chosen === "error")
        return "warning";
    return chosen;
}
function profileSeverity(rule, profile) {
    switch (profile) {
        case "upstream":
            return rule.upstream ? "error" : undefined;
        case "strict":
            return "error";
        case "default":
            return rule.upstream ? "error" : rule.severity;
    }
}
/** Runs rules over a loaded model. A rule that throws becomes one error finding; the others still run. */
export function evaluate(model, change, rules = allRules) {
    const touched = change ? touchedPaths(change) : undefined;
    const isTouched = (draft) => touched === undefined || touched.has(draft.path) || (draft.related ?? []).some((path) => touched.has(path));
    const findings = [];
    for (const rule of rules) {
        if (severityOf(rule, model.config, true) === undefined)
            continue;
        try {
            for (const draft of rule.check(model)) {
                const severity = severityOf(rule, model.config, isTouched(draft));
                if (severity === undefined)
                    continue;
                const { related: _related, ...rest } = draft;
                findings.push({ rule: rule.id, severity, ...rest });
            }
        }
        catch (error) {
            findings.push({ rule: rule.id, severity: "error", path: "keps", message: `kepbot's rule ${rule.id} failed: ${error instanceof Error ? error.message : String(error)}` });
        }
    }
    findings.sort(compareFindings);
    return { findings, summary: summarize(findings, filesRead(model)) };
}
function filesRead(model) {
    const paths = new Set();
    for (const kep of model.keps) {
        paths.add(kep.path);
        if (kep.readme)
            paths.add(kep.readme.path);
    }
    for (const prr of model.prrFiles)
        paths.add(prr.path);
    for (const file of model.markdown)
        paths.add(file.path);
    return paths.size;
}
/** Loads what the rules need from the snapshots and judges it: the core's one entry point. */
export async function checkRepository(input, rules = allRules) {
    return (await analyzeRepository(input, rules)).report;
}
/** The report plus what the app needs to keep labels and review requests in line with the change. */
export async function analyzeRepository(input, rules = allRules) {
    const model = await loadRepository(input);
    const keps = model.keps
        .filter((kep) => kep.tree !== undefined && !kep.template)
        .map((kep) => ({ dir: kep.dir, owningSig: field(kep, "owning-sig"), title: field(kep, "title"), prr: prrStateOf(kep, model) }));
    return { report: evaluate(model, input.change, rules), keps };
}
