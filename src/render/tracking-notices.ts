import { escapeMarkdown, inlineCode } from "./markdown-escape.js";
import { trackingMarker } from "./tracking-comment.js";

/**
 * The status comment once an issue is no longer tracked (its `lead-opted-in` label or release milestone
 * was removed): kepbot edits its comment to say so rather than leave a verdict that no longer applies.
 * The same inputs give the same text, so it is written once.
 */
export function renderUntrackedComment(issue: { readonly labels: readonly string[]; readonly milestone?: string }, optInLabel: string, releases: readonly string[]): string {
  const opted = issue.labels.includes(optInLabel);
  const why = !issue.milestone
    ? opted
      ? "it has no release milestone"
      : `it has neither ${inlineCode(optInLabel)} nor a release milestone`
    : !releases.includes(issue.milestone)
      ? `its milestone ${inlineCode(issue.milestone)} is not a release kepbot tracks (the calendar in .github/kepbot.yml)`
      : `it is not labelled ${inlineCode(optInLabel)}`;
  return [
    trackingMarker,
    "### Enhancements tracking: not tracked",
    "",
    `This issue is no longer tracked for a release: ${why}. A SIG lead opts it in with ${inlineCode(optInLabel)} and the release's milestone; kepbot then judges the KEP again and updates this comment.`,
    "",
  ].join("\n");
}

/** The one comment on each issue whose release labels `kepbot release close` removed. */
export function renderReleaseClosedComment(release: string, removed: readonly string[], by: string | undefined, optInLabel: string): string {
  const labels = removed.map(inlineCode).join(", ");
  const who = by ? ` (asked by @${escapeMarkdown(by)})` : "";
  return [
    `The ${escapeMarkdown(release)} release is closed${who}: kepbot removed ${labels} from this issue.`,
    "",
    `To track this KEP in a later release, a SIG lead opts it in again with \`/lead-opted-in\` (the ${inlineCode(optInLabel)} label) and that release's milestone.`,
    "",
  ].join("\n");
}
