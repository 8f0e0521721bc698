function describe(list, what, skipped) {
    if (list.state === "missing")
        return { path: list.path, message: `${list.path} was not found, so ${what} could not be checked (${skipped} skipped)` };
    if (list.state === "invalid")
        return { path: list.path, line: list.line, message: `${list.path} could not be read (${list.message}), so ${what} could not be checked (${skipped} skipped)` };
    return undefined;
}
export const repoLists = {
    id: "repo/lists",
    summary: "The lists kepbot judges against (OWNERS_ALIASES, sigs.yaml) are present and readable.",
    upstream: false,
    severity: "notice",
    *check(repo) {
        const approvers = describe(repo.lists.prrApprovers, "PRR approvers", "prr/approver-unknown");
        if (approvers)
            yield approvers;
        const groups = describe(repo.lists.groups, "SIG names", "kep/owning-sig-known, kep/participating-sigs-known");
        if (groups)
            yield groups;
    },
};
