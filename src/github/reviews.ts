import type { Review } from "./port.js";

/**
 * The latest deciding review of each login, when it approves: a later "changes requested" or a
 * dismissal undoes an approval, a plain comment does not (GitHub's own rule for a pull request's review state).
 */
export function latestApprovals(reviews: readonly Review[]): readonly Review[] {
  const latest = new Map<string, Review>();
  const ordered = [...reviews].sort((a, b) => (a.submittedAt ?? "").localeCompare(b.submittedAt ?? ""));
  for (const review of ordered) {
    if (review.state === "APPROVED" || review.state === "CHANGES_REQUESTED" || review.state === "DISMISSED") {
      latest.set(review.author.toLowerCase(), review);
    }
  }
  return [...latest.values()].filter((review) => review.state === "APPROVED");
}

/** Logins whose latest deciding review approves. */
export function approvers(reviews: readonly Review[]): readonly string[] {
  return latestApprovals(reviews).map((review) => review.author.toLowerCase());
}
