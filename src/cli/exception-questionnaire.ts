import { listAt, textAt, type YamlTree } from "../core/parse/yaml-tree.js";
import { exceptionQuestions } from "../core/receipts/questionnaire.js";

/**
 * KEP-2140's exception questionnaire as lines to paste into the pull request's description, with the
 * answers the receipt already knows filled in; kepbot checks the description answers every question.
 */
export function exceptionQuestionnaire(receipt: YamlTree | undefined, number: number): string {
  const known: Partial<Record<(typeof exceptionQuestions)[number], string>> = {
    "Enhancement name": textAt(receipt, "title"),
    "Enhancement status": textAt(receipt, "stage"),
    SIG: textAt(receipt, "owning-sig"),
    // A KEP's number is its tracking issue in kubernetes/enhancements.
    "k/enhancements repo issue #": String(number),
    "PR #'s": (listAt(receipt, "implementation-prs") ?? []).join(", "),
  };
  return exceptionQuestions.map((question) => `${question}: ${known[question] ?? ""}`.trimEnd()).join("\n");
}
