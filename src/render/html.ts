/** HTML text that is already safe: markup kepbot wrote, with every interpolated value escaped. */
export class SafeHtml {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

/** Escapes text for an HTML element or a quoted attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}

type Value = SafeHtml | string | number | boolean | undefined | null | readonly Value[];

function render(value: Value): string {
  if (value === undefined || value === null || value === false) return "";
  if (value instanceof SafeHtml) return value.text;
  if (Array.isArray(value)) return (value as readonly Value[]).map(render).join("");
  return escapeHtml(String(value));
}

/**
 * A template tag that escapes every interpolated value unless it is SafeHtml (another `html` result):
 * user input (issue titles, kep.yaml values) can never become markup.
 */
export function html(strings: TemplateStringsArray, ...values: readonly Value[]): SafeHtml {
  let text = strings[0] ?? "";
  values.forEach((value, index) => {
    text += render(value) + (strings[index + 1] ?? "");
  });
  return new SafeHtml(text);
}

/** A URL for an href: only http(s) and relative ones (a `javascript:` URL is dropped). */
export function safeUrl(url: string): string {
  return /^(https?:\/\/|\/|\?|#)/i.test(url) ? url : "#";
}
