import type { Config } from "../config.js";
import { field } from "../repo/kep-fields.js";
import { freezeTime } from "../release-calendar.js";
import { receiptLocation, releasesRoot } from "../receipts/paths.js";
import type { Freeze } from "../schemas/config.schema.js";
import type { ReceiptState } from "../schemas/receipt.schema.js";
import type { RepoSnapshot } from "../snapshot.js";
import { trackedLabelOf, type EnhancementIssue } from "./enhancement-issue.js";
import { judgeIssue } from "./judge-enhancement.js";
import { loadTrackedKeps } from "./tracked-keps.js";
import type { TrackedEnhancement } from "./tracked-enhancement.js";
import { isTrackedFor } from "./tracked-issues.js";
import { verdictFor } from "./verdict.js";

/** Where links to files and issues point: the repository's web address and the default branch. */
export interface BoardSource {
  /** `https://github.com/kubernetes/enhancements` */
  readonly repository: string;
  /** The default branch (`master`), or a commit for permanent links. */
  readonly ref: string;
}

export const defaultBoardSource: BoardSource = { repository: "https://github.com/kubernetes/enhancements", ref: "master" };

/** Every tracked enhancement of a release, judged at one time against one revision of the default branch. */
export interface TrackingBoard {
  readonly release: string;
  /** The default branch's revision the KEPs were read at. */
  readonly revision: string;
  /** The evaluation time (ISO-8601): freezes are judged against it. */
  readonly now: string;
  /** The release's freeze dates from the config (ISO-8601), as far as it has them. */
  readonly calendar: Readonly<Partial<Record<Freeze, string>>>;
  readonly source: BoardSource;
  /** Sorted by issue number. */
  readonly entries: readonly TrackedEnhancement[];
}

export interface TrackReleaseInput {
  /** The repository's enhancement issues (any; only those tracked for the release are judged). */
  readonly issues: readonly EnhancementIssue[];
  /** The default branch. */
  readonly snapshot: RepoSnapshot;
  readonly config: Config;
  readonly now: Date;
  readonly release: string;
  readonly source?: BoardSource;
}

const freezeNames: readonly Freeze[] = ["prr-freeze", "enhancements-freeze", "code-freeze", "docs-freeze"];

/** The receipts of a release by KEP number (none when the repository keeps no receipts for it). */
async function receiptsOf(snapshot: RepoSnapshot, release: string): Promise<{ readonly exists: boolean; readonly byNumber: ReadonlyMap<number, { state: ReceiptState; path: string }> }> {
  const files = await snapshot.listFiles(`${releasesRoot}/${release}`);
  const byNumber = new Map<number, { state: ReceiptState; path: string }>();
  for (const path of files) {
    const location = receiptLocation(path);
    if (location && !byNumber.has(location.number)) byNumber.set(location.number, { state: location.state, path });
  }
  return { exists: files.length > 0, byNumber };
}

/**
 * Judges every issue tracked for `release` (lead-opted-in and milestone = release) against the
 * release's enhancements-freeze criteria on the default branch, with a verdict against the calendar.
 */
export async function trackRelease(input: TrackReleaseInput): Promise<TrackingBoard> {
  const { config, now, release, snapshot } = input;
  const issues = input.issues.filter((issue) => isTrackedFor(issue, release, config)).sort((a, b) => a.number - b.number);
  const [keps, receipts] = await Promise.all([loadTrackedKeps(snapshot, config, issues.map((issue) => issue.number), now), receiptsOf(snapshot, release)]);
  const enhancementsFreeze = freezeTime(config, release, "enhancements-freeze");
  const entries = issues.map((issue): TrackedEnhancement => {
    const kep = keps.kepNumbered(issue.number);
    const judged = judgeIssue(issue, kep, release, keps.model, snapshot.revision);
    const receipt = receipts.byNumber.get(issue.number);
    const tracked = trackedLabelOf(issue.labels);
    const owningSig = kep ? field(kep, "owning-sig") : "";
    const labelSig = issue.labels.find((label) => /^(sig|wg|committee|ug)\/./.test(label))?.replace("/", "-") ?? "";
    return {
      issue: { number: issue.number, title: issue.title, state: issue.state, ...(issue.milestone !== undefined ? { milestone: issue.milestone } : {}), labels: [...issue.labels].sort() },
      release,
      ...(kep
        ? {
            kep: {
              number: field(kep, "kep-number"),
              title: field(kep, "title"),
              dir: kep.dir,
              path: kep.path,
              readmePath: kep.readme?.path ?? `${kep.dir}/README.md`,
              owningSig,
              status: field(kep, "status"),
              stage: field(kep, "stage"),
            },
          }
        : {}),
      sig: owningSig || labelSig,
      ...(judged.stage ? { stage: judged.stage } : {}),
      stageSource: judged.stageSource,
      prr: judged.prr,
      ...(tracked ? { tracked } : {}),
      criteria: judged.criteria,
      notes: judged.notes,
      verdict: verdictFor({ criteria: judged.criteria, release, number: issue.number, now, receipts: receipts.exists, ...(enhancementsFreeze ? { enhancementsFreeze } : {}) }),
      ...(receipt ? { receipt } : {}),
    };
  });
  const calendar = Object.fromEntries(freezeNames.flatMap((name) => {
    const time = freezeTime(config, release, name);
    return time ? [[name, time.toISOString()]] : [];
  }));
  return { release, revision: snapshot.revision, now: now.toISOString(), calendar, source: input.source ?? defaultBoardSource, entries };
}
