import { atxHeading } from "./atx-heading.js";

/** A section of a markdown document: its heading's line and the text up to the next heading of the same or a higher level. */
export interface Section {
  readonly line: number;
  readonly body: string;
}

function normalize(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, " ").trim();
}

/** The first section whose heading reads `title` (case and punctuation aside), outside fenced code. */
export function sectionOf(markdown: string, title: string): Section | undefined {
  const wanted = normalize(title);
  const lines = markdown.split("\n");
  let fence: string | undefined;
  let found: { line: number; level: number } | undefined;
  const body: string[] = [];
  for (const [index, raw] of lines.entries()) {
    const line = raw.replace(/\r$/, "");
    const marker = /^ {0,3}(`{3,}|~{3,})/.exec(line)?.[1];
    if (marker) {
      if (fence === undefined) fence = marker[0];
      else if (marker[0] === fence) fence = undefined;
    }
    const heading = fence === undefined && !marker ? atxHeading(line) : undefined;
    if (found) {
      if (heading && heading.level <= found.level) break;
      body.push(line);
    } else if (heading && normalize(heading.text) === wanted) {
      found = { line: index + 1, level: heading.level };
    }
  }
  return found ? { line: found.line, body: body.join("\n") } : undefined;
}

/** The prose a section's author wrote: without HTML comments (the template's guidance), headings and blank lines. */
export function writtenText(body: string): string {
  return withoutComments(body)
    .split("\n")
    .filter((line) => line.trim() !== "" && !atxHeading(line))
    .join("\n");
}

/** The text without HTML comments (an unclosed one runs to the end). */
export function withoutComments(text: string): string {
  return text.replace(/<!--[\s\S]*?(-->|$)/g, "");
}
