import { describe, expect, test } from "@jest/globals";
import { exceptionQuestions, unansweredQuestions } from "../../../src/core/receipts/questionnaire.js";

const answered = exceptionQuestions.map((question) => `- ${question}: yes`).join("\n");

describe("the exception questionnaire in a pull request's description", () => {
  test.each([
    { name: "every question answered on its line", body: answered, unanswered: [] as string[] },
    { name: "an answer hidden in an HTML comment does not count", body: answered.replace("- SIG: yes", "- SIG: <!-- yes -->"), unanswered: ["SIG"] },
    { name: "a question hidden in an HTML comment over several lines is unanswered", body: answered.replace("- SIG: yes", "<!--\n- SIG: yes\n-->"), unanswered: ["SIG"] },
    { name: "two comments on one line are both removed", body: answered.replace("- SIG: yes", "- SIG: <!-- a --> <!-- b -->"), unanswered: ["SIG"] },
    { name: "an unclosed comment stays text (as before)", body: answered.replace("- SIG: yes", "- SIG: <!-- yes"), unanswered: [] as string[] },
    { name: "a comment with dashes inside closes at the first -->", body: answered.replace("- SIG: yes", "- SIG: <!-- a -- b --> node"), unanswered: [] as string[] },
    { name: "placeholders do not answer", body: answered.replace("- SIG: yes", "- SIG: TBD"), unanswered: ["SIG"] },
  ])("$name", ({ body, unanswered }) => {
    expect(unansweredQuestions(body)).toEqual(unanswered);
  });
});

describe("an attacker's description costs linear time", () => {
  // Quadratic before: 64 KiB of `<!--` took 0.7 s, 1 MiB would take minutes. Linear: a few milliseconds.
  // The bound is ~100 times the linear cost on a loaded machine, so it only fails for superlinear work.
  test.each([
    { name: "1 MiB of unclosed `<!--`", body: "<!--".repeat(1 << 18) },
    { name: "1 MiB of `<!--` then one `-->`", body: `${"<!--".repeat(1 << 18)}-->` },
    { name: "1 MiB of question lines", body: "SIG:\n".repeat((1 << 20) / 5) },
    { name: "1 MiB of blanks before a question", body: `${" ".repeat(1 << 20)}SIG: x` },
  ])("$name is scanned in under a second", ({ body }) => {
    const started = performance.now();
    unansweredQuestions(body);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
