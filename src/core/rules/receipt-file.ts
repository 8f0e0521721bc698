import { entryOf } from "../parse/yaml-tree.js";
import { receiptStates } from "../schemas/receipt.schema.js";
import type { Rule } from "./rule.js";

export const receiptYaml: Rule = {
  id: "receipt/yaml",
  summary: "Receipts are readable YAML text with no duplicate keys.",
  upstream: false,
  severity: "error",
  *check(repo) {
    for (const receipt of repo.receipts) {
      if (receipt.textProblem) yield { path: receipt.path, line: 1, message: receipt.textProblem };
      else if (receipt.read && !receipt.read.ok) for (const problem of receipt.read.problems) yield { path: receipt.path, line: problem.line, message: problem.message };
      else if (receipt.read?.ok && receipt.read.tree === undefined) yield { path: receipt.path, line: 1, message: "the receipt is empty" };
    }
  },
};

export const receiptSchemaRule: Rule = {
  id: "receipt/schema",
  summary: "Receipts have title, kep-number, owning-sig, tracking-status and stage, and no unknown field.",
  upstream: false,
  severity: "error",
  *check(repo) {
    for (const receipt of repo.receipts) {
      for (const problem of receipt.schemaProblems) yield { path: receipt.path, line: problem.line, message: problem.message };
    }
  },
};

export const receiptFileName: Rule = {
  id: "receipt/file-name",
  summary: "A receipt is releases/<vX.Y>/<state>/<kep-number>.yaml, and its kep-number equals its file name.",
  upstream: false,
  severity: "error",
  *check(repo) {
    for (const path of repo.misplacedReceipts) {
      yield { path, line: 1, message: `not a receipt path: receipts live at releases/v<major>.<minor>/<${receiptStates.join("|")}>/<kep-number>.yaml` };
    }
    for (const receipt of repo.receipts) {
      const entry = entryOf(receipt.tree, "kep-number");
      if (entry?.value.kind !== "scalar" || Number(entry.value.text) === receipt.number) continue;
      yield { path: receipt.path, line: entry.keyPos.line, message: `kep-number ${entry.value.text} does not match the file name ${receipt.fileNumber}.yaml`, suggestion: `kep-number: ${receipt.number}` };
    }
  },
};

export const receiptTrackingStatus: Rule = {
  id: "receipt/tracking-status",
  summary: "A receipt's tracking-status equals the state directory it sits in.",
  upstream: false,
  severity: "error",
  *check(repo) {
    for (const receipt of repo.receipts) {
      const entry = entryOf(receipt.tree, "tracking-status");
      if (entry?.value.kind !== "scalar" || entry.value.text === receipt.state) continue;
      yield {
        path: receipt.path,
        line: entry.keyPos.line,
        message: `tracking-status is ${entry.value.text}, but the receipt sits in ${receipt.state}/: the directory is the state`,
        suggestion: `tracking-status: ${receipt.state}`,
      };
    }
  },
};
