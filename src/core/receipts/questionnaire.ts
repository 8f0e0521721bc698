/** The questions of KEP-2140's exception request template, each of which the PR body must answer. */
export const exceptionQuestions = [
  "Enhancement name",
  "Enhancement status",
  "SIG",
  "k/enhancements repo issue #",
  "PR #'s",
  "Additional time needed (in days)",
  "Reason this enhancement is critical for this milestone",
  "Risks from adding code late",
  "Risks from cutting enhancement",
] as const;

const placeholders = /^(?:tbd|todo|n\/?a|none|-+|_+|\?+|\.\.\.|<[^>]*>)$/i;

function normalize(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9#']+/g, " ").trim();
}

/**
 * The text without its HTML comments `<!-- … -->`; an unclosed `<!--` stays text. Linear: each `<!--`
 * is followed by one search for `-->`, and a `-->` missing once is missing for every later `<!--` too
 * (the lazy regex `/<!--[\s\S]*?-->/g` rescans the rest of the text from every `<!--`: quadratic).
 */
function withoutComments(text: string): string {
  const kept: string[] = [];
  let position = 0;
  for (;;) {
    const open = text.indexOf("<!--", position);
    if (open === -1) break;
    const close = text.indexOf("-->", open + 4);
    if (close === -1) break;
    kept.push(text.slice(position, open));
    position = close + 3;
  }
  kept.push(text.slice(position));
  return kept.join("");
}

/**
 * The questions a pull request body leaves unanswered. A question is answered when its line carries
 * an answer after a colon, or the lines after it (until the next question) hold text that is not a
 * placeholder.
 */
export function unansweredQuestions(body: string | undefined): readonly string[] {
  const lines = withoutComments(body ?? "").split(/\r?\n/);
  // Each line is normalized once, not once per question.
  const normalized = lines.map((line) => normalize(line.replace(/^[\s>*#-]+/, "")));
  const positions = exceptionQuestions.map((question) => {
    const wanted = normalize(question);
    return normalized.findIndex((line) => line.startsWith(wanted));
  });
  return exceptionQuestions.filter((question, index) => {
    const at = positions[index] ?? -1;
    if (at < 0) return true;
    const line = lines[at] ?? "";
    const sameLine = line.includes(":") ? line.slice(line.indexOf(":") + 1) : "";
    const nextQuestion = positions.filter((position) => position > at).sort((a, b) => a - b)[0] ?? lines.length;
    const answer = [sameLine, ...lines.slice(at + 1, nextQuestion)].map((text) => text.replace(/^[\s>*-]+/, "").replace(/\*\*/g, "").trim()).filter(Boolean);
    return answer.length === 0 || answer.every((text) => placeholders.test(text));
  });
}
