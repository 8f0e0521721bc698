export const repoNoKeps = {
    id: "repo/no-keps",
    summary: "The repository has at least one KEP (a kep.yaml under keps/).",
    upstream: true,
    severity: "error",
    *check(repo) {
        if (repo.wholeTree && repo.discoveredKeps === 0) {
            yield { path: "keps", message: "must find more than zero KEPs: no kep.yaml was found under keps/" };
        }
    },
};
