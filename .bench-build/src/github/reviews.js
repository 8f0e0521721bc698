/**
 * Logins whose latest deciding review approves: a later "changes requested" or a dismissal undoes an
 * approval, a plain comment does not (GitHub's own rule for the review state of a pull request).
 */
export function approvers(reviews) {
    const latest = new Map();
    const ordered = [...reviews].sort((a, b) => (a.submittedAt ?? "").localeCompare(b.submittedAt ?? ""));
    for (const review of ordered) {
        if (review.state === "APPROVED" || review.state === "CHANGES_REQUESTED" || review.state === "DISMISSED") {
            latest.set(review.author.toLowerCase(), review.state);
        }
    }
    return [...latest].filter(([, state]) => state === "APPROVED").map(([login]) => login);
}
