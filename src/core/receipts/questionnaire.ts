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
 * The questions a pull request body leaves unanswered. A question is answered when its line carries
 * an answer after a colon, or the lines after it (until the next question) hold text that is not a
 * placeholder.
 */
export function unansweredQuestions(body: string | undefined): readonly string[] {
  const lines = (body ?? "").replace(/<!--[\s\S]*?-->/g, "").split(/\r?\n/);
  const positions = exceptionQuestions.map((question) => lines.findIndex((line) => normalize(line.replace(/^[\s>*#-]+/, "")).startsWith(normalize(question))));
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
