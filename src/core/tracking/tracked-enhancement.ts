import type { ReceiptState } from "../schemas/receipt.schema.js";
import type { Criterion } from "../stage-readiness.js";
import type { TrackedLabel } from "./enhancement-issue.js";
import type { Verdict } from "./verdict.js";

/** Where a tracked KEP stands with its PRR for the stage, on the default branch (a merged approver is an approval). */
export interface TrackedPrr {
  readonly state: "approved" | "needs-approver" | "no-file";
  readonly approver?: string;
  readonly path?: string;
  readonly line?: number;
}

/** The KEP an issue tracks, as the default branch has it. */
export interface TrackedKep {
  readonly number: string;
  readonly title: string;
  readonly dir: string;
  readonly path: string;
  readonly readmePath: string;
  readonly owningSig: string;
  readonly status: string;
  readonly stage: string;
}

/** One enhancement issue tracked for a release, judged against the release's enhancements-freeze criteria. */
export interface TrackedEnhancement {
  readonly issue: {
    readonly number: number;
    readonly title: string;
    readonly state: "open" | "closed";
    readonly milestone?: string;
    /** Sorted. */
    readonly labels: readonly string[];
  };
  readonly release: string;
  readonly kep?: TrackedKep;
  /** The owning SIG (kep.yaml's, or the issue's first group label's when there is no KEP). */
  readonly sig: string;
  /** The stage the KEP is judged at, and where it came from. */
  readonly stage?: string;
  readonly stageSource: "label" | "kep" | "none";
  readonly prr: TrackedPrr;
  readonly tracked?: TrackedLabel;
  readonly criteria: readonly Criterion[];
  /** Things a reader should know about how the KEP was judged (the stage taken from kep.yaml, a KEP found elsewhere). */
  readonly notes: readonly string[];
  readonly verdict: Verdict;
  /** The KEP's receipt in this release, where the repository keeps receipts (KEP-2140). */
  readonly receipt?: { readonly state: ReceiptState; readonly path: string };
}
