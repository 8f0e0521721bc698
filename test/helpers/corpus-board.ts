import { readFileSync } from "node:fs";
import path from "node:path";
import { parseIssueExport } from "../../src/core/tracking/issue-export.js";
import { trackRelease, type TrackingBoard } from "../../src/core/tracking/track-release.js";
import { DiskSnapshot } from "../../src/io/disk-snapshot.js";
import { corpusDir } from "./corpus.js";
import { trackingConfig } from "./tracking.js";

/** 50 invented enhancement issues over real corpus KEPs (48 tracked for v1.37; a few labels deliberately wrong). */
export const corpusIssuesFile = path.resolve("fixtures/tracking/v1.37-issues.json");
export const boardNow = "2026-06-01T00:00:00Z";

export async function corpusBoard(): Promise<TrackingBoard> {
  const parsed = parseIssueExport(readFileSync(corpusIssuesFile, "utf8"));
  if (!parsed.ok) throw new Error(parsed.message);
  return trackRelease({ issues: parsed.issues, snapshot: new DiskSnapshot(corpusDir), config: trackingConfig, now: new Date(boardNow), release: "v1.37" });
}
