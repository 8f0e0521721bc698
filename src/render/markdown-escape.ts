/**
 * Makes user-controlled text (values from kep.yaml, file names) inert in GitHub markdown: no HTML, no
 * links or images, no emphasis, no table breaks, no mentions that would notify people.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/([\\`*_{}[\]()#+!|~])/g, "\\$1")
    .replace(/@(?=[A-Za-z0-9-])/g, "@\u200b")
    .replace(lineBreaks, " ");
}

/** Every line ending markdown or a browser may honour: CRLF, LF, a lone CR, U+2028 and U+2029. */
const lineBreaks = /\r\n|[\r\n\u2028\u2029]/g;

/**
 * Text for an inline code span: on one line, without backticks (which would end the span), so that
 * nothing a pull request writes can break out of it.
 */
export function inlineCode(text: string): string {
  return `\`${text.replace(lineBreaks, " ").replace(/`/g, "'")}\``;
}

/** Cuts text to at most `max` characters, saying so at the end; never between the halves of a surrogate pair. */
export function truncate(text: string, max: number, note = "\n\n… (truncated)"): string {
  if (text.length <= max) return text;
  let cut = Math.max(0, max - note.length);
  const last = text.charCodeAt(cut - 1);
  if (cut > 0 && last >= 0xd800 && last <= 0xdbff) cut--;
  return `${text.slice(0, cut)}${note}`;
}
