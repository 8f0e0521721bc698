import { exceptionQuestions } from "../receipts/questionnaire.js";
import type { Criterion } from "../stage-readiness.js";

export const verdictKinds = ["ready", "at-risk", "missed"] as const;
export type VerdictKind = (typeof verdictKinds)[number];

/** Where a tracked KEP stands against its release's enhancements freeze. */
export interface Verdict {
  readonly kind: VerdictKind;
  /** One sentence for people: what is missing and how long is left, or what to do now. */
  readonly message: string;
  /** The release's enhancements freeze (ISO-8601), when the calendar has one. */
  readonly enhancementsFreeze?: string;
  /** Whole days until the freeze (0 on its last day); only before it. */
  readonly daysLeft?: number;
  /** How to ask for more time, once the freeze has passed. */
  readonly exception?: string;
}

const hour = 3_600_000;
const day = 24 * hour;

/** `2026-02-12 00:00 UTC`: the same text for the same instant, whatever the machine's time zone. */
export function formatTime(time: Date): string {
  return `${time.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

function timeLeft(ms: number): string {
  if (ms >= day) {
    const days = Math.floor(ms / day);
    return `${days} day${days === 1 ? "" : "s"}`;
  }
  const hours = Math.max(1, Math.ceil(ms / hour));
  return `${hours} hour${hours === 1 ? "" : "s"}`;
}

export interface VerdictInput {
  readonly criteria: readonly Criterion[];
  readonly release: string;
  readonly number: number;
  readonly enhancementsFreeze?: Date;
  readonly now: Date;
  /** The release keeps receipts (`releases/<release>/` exists), so an exception is a receipt move. */
  readonly receipts: boolean;
}

/** How the SIG asks for an exception after the freeze (PRODUCT.md §4; RULES.md §7 for how upstream records them today). */
export function exceptionAdvice(release: string, number: number, receipts: boolean): string {
  const questions = exceptionQuestions.join("; ");
  const how = receipts
    ? `run \`kepbot exception request ${number} --release ${release}\` and open the pull request it prepares, answering the exception questionnaire in its description`
    : `file an exception request with the release team (it is recorded in kubernetes/sig-release releases/release-${release.replace(/^v/, "")}/exceptions.yaml)`;
  return `To stay in ${release}, a SIG lead must ${how}: ${questions}.`;
}

/** The verdict: ready when every criterion is met; otherwise at risk before the enhancements freeze and missed after it. */
export function verdictFor(input: VerdictInput): Verdict {
  const { criteria, release, enhancementsFreeze, now } = input;
  const missing = criteria.filter((criterion) => !criterion.met).length;
  const freeze = enhancementsFreeze ? { enhancementsFreeze: enhancementsFreeze.toISOString() } : {};
  if (missing === 0) {
    const when = enhancementsFreeze ? ` (enhancements freeze ${formatTime(enhancementsFreeze)})` : "";
    return { kind: "ready", message: `Ready for ${release}${when}: every criterion is met.`, ...freeze };
  }
  const gaps = `${missing} ${missing === 1 ? "criterion" : "criteria"} missing`;
  if (!enhancementsFreeze) {
    return { kind: "at-risk", message: `At risk for ${release}: ${gaps}; the release calendar in .github/kepbot.yml has no enhancements freeze for ${release}.` };
  }
  const left = enhancementsFreeze.getTime() - now.getTime();
  if (left > 0) {
    return {
      kind: "at-risk",
      message: `At risk for ${release}: ${gaps}; the enhancements freeze is in ${timeLeft(left)} (${formatTime(enhancementsFreeze)}).`,
      ...freeze,
      daysLeft: Math.floor(left / day),
    };
  }
  const exception = exceptionAdvice(release, input.number, input.receipts);
  return { kind: "missed", message: `Missed the enhancements freeze for ${release} (${formatTime(enhancementsFreeze)}) with ${gaps}.`, ...freeze, exception };
}
