import type { ChangedFile } from "../core/change-set.js";
import type { Config } from "../core/config.js";
import { checkRepository } from "../core/evaluate.js";
import { summarize, type Report } from "../core/report.js";
import { DiskSnapshot } from "../io/disk-snapshot.js";

/**
 * The errors a pull request with these changed files would get, judged on the working tree the way
 * `kepbot check` judges a pull request under the default profile (errors on what the change touches).
 */
export async function pullRequestErrors(root: string, config: Config, files: readonly ChangedFile[], now: Date): Promise<Report> {
  const report = await checkRepository({ head: new DiskSnapshot(root), config: { ...config, profile: "default" }, change: { files }, now });
  const errors = report.findings.filter((finding) => finding.severity === "error");
  return { findings: errors, summary: summarize(errors, report.summary.files) };
}
