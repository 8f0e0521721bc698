import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "@jest/globals";
import { sweepInstallations } from "../../src/app/tracking-sweep.js";
import { parseIssueExport } from "../../src/core/tracking/issue-export.js";
import { trackRelease } from "../../src/core/tracking/track-release.js";
import { DiskSnapshot } from "../../src/io/disk-snapshot.js";
import { renderTrackingComment } from "../../src/render/tracking-comment.js";
import { corpusDir } from "../helpers/corpus.js";
import { boardNow, corpusIssuesFile } from "../helpers/corpus-board.js";
import { requestsSince, trackingComments, trackingWorld, type World } from "../helpers/tracking-app.js";
import { trackingConfig } from "../helpers/tracking.js";

/** The corpus's files the tracking reads (KEPs, PRR files, lists), as the stand-in's default branch. */
function corpusFiles(): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (dir: string): void => {
    for (const name of readdirSync(path.join(corpusDir, dir))) {
      const relative = dir ? `${dir}/${name}` : name;
      if (statSync(path.join(corpusDir, relative)).isDirectory()) walk(relative);
      else files[relative] = readFileSync(path.join(corpusDir, relative), "utf8");
    }
  };
  walk("keps");
  for (const list of ["OWNERS_ALIASES", "sigs.yaml"]) {
    try {
      files[list] = readFileSync(path.join(corpusDir, list), "utf8");
    } catch {
      // The snapshot may keep sigs.yaml elsewhere; tracking reads it when it is there.
    }
  }
  return files;
}

const calendar = 'current-release: v1.37\nreleases:\n  v1.37:\n    prr-freeze: "2026-06-04T00:00:00Z"\n    enhancements-freeze: "2026-06-12T00:00:00Z"\n    code-freeze: "2026-07-31T00:00:00Z"\n';

let world: World;
beforeAll(async () => {
  const parsed = parseIssueExport(readFileSync(corpusIssuesFile, "utf8"));
  if (!parsed.ok) throw new Error(parsed.message);
  world = await trackingWorld({
    files: { ...corpusFiles(), ".github/kepbot.yml": calendar },
    issues: parsed.issues.map((issue) => ({ number: issue.number, title: issue.title, labels: [...issue.labels], ...(issue.milestone ? { milestone: issue.milestone } : {}), state: issue.state })),
  });
}, 60_000);
afterAll(async () => world?.github.stop());

describe("release tracking over real corpus KEPs (fixtures/tracking/v1.37-issues.json through the GitHub stand-in)", () => {
  test("the sweep writes, for every tracked issue, exactly the comment the board computes from the same KEPs on disk", async () => {
    const { github, probot, runtime } = world;
    const mark = github.requests.length;
    const swept = await sweepInstallations(probot, runtime, () => new Date(boardNow));
    const parsed = parseIssueExport(readFileSync(corpusIssuesFile, "utf8"));
    if (!parsed.ok) throw new Error(parsed.message);
    // The same files on disk, named like the app names the default branch (a missing KEP's criterion says where it looked).
    const snapshot = Object.assign(Object.create(new DiskSnapshot(corpusDir)) as DiskSnapshot, { revision: "master" });
    const board = await trackRelease({ issues: parsed.issues, snapshot, config: trackingConfig, now: new Date(boardNow), release: "v1.37" });
    expect(board.entries.length).toBe(48);
    expect(swept[0]?.error).toBeUndefined();
    expect(swept[0]?.reports).toEqual([expect.objectContaining({ release: "v1.37", judged: 48, created: 48 })]);
    const source = { repository: "https://github.com/kubernetes/enhancements", ref: "master" };
    for (const entry of board.entries) {
      const written = trackingComments(github, entry.issue.number);
      expect(written).toHaveLength(1);
      expect(written[0]?.body).toBe(renderTrackingComment(entry, source));
    }
    // Reads: settings, the milestone's issues (no kepbot comment yet, so no bodies), the tree, the tracked KEPs' files.
    const reads = requestsSince(github, mark).filter((name) => !/^apps\/|^issues\//.test(name));
    // 6 reads for 48 issues: one issue's KEP (9998) is not merged, so every kep.yaml is read once to be
    // sure, and the files the tracked KEPs' checks need (READMEs, PRR files, OWNERS) come in batches.
    expect(reads).toEqual(["graphql files", "graphql milestone issues", "git/get-tree", "graphql files", "graphql files", "graphql files"]);
    expect(github.invalidRequests).toEqual([]);
    expect(github.unimplementedRequests).toEqual([]);
  }, 120_000);
});
