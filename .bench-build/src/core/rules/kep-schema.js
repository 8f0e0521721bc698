export const kepSchemaRule = {
    id: "kep/schema",
    summary: "kep.yaml has only known fields, of the right type, and the required ones (title, kep-number, authors, owning-sig, approvers, status).",
    upstream: true,
    severity: "error",
    *check(repo) {
        for (const kep of repo.keps) {
            for (const problem of kep.schemaProblems) {
                yield { path: kep.path, line: problem.line, message: problem.message };
            }
        }
    },
};
