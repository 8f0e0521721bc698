/**
 * Makes user-controlled text (values from kep.yaml, file names) inert in GitHub markdown: no HTML, no
 * links or images, no emphasis, no table breaks, no mentions that would notify people.
 */
export function escapeMarkdown(text) {
    return text
        .replace(/&/g, "&amp;")
        .replace(/</g, "&lt;")
        .replace(/>/g, "&gt;")
        .replace(/([\\`*_{}[\]()#+!|~])/g, "\\$1")
        .replace(/@(?=[A-Za-z0-9-])/g, "@\u200b")
        .replace(/\r?\n/g, " ");
}
/** Cuts text to at most `max` characters, saying so at the end. */
export function truncate(text, max, note = "\n\n… (truncated)") {
    return text.length <= max ? text : `${text.slice(0, Math.max(0, max - note.length))}${note}`;
}
