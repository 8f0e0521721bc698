export const kepYaml = {
    id: "kep/yaml",
    summary: "kep.yaml is readable YAML text with no duplicate keys.",
    upstream: true,
    severity: "error",
    *check(repo) {
        for (const kep of repo.keps) {
            if (kep.textProblem) {
                yield { path: kep.path, line: 1, message: `parsing KEP file: ${kep.textProblem}` };
                continue;
            }
            const result = kep.source?.result;
            if (result && !result.ok) {
                for (const problem of result.problems) {
                    yield { path: kep.path, line: problem.line, message: `parsing KEP file: unmarshalling YAML: ${problem.message}` };
                }
            }
            else if (result?.tree === undefined) {
                yield { path: kep.path, line: 1, message: "parsing KEP file: unmarshalling YAML: EOF (the metadata is empty)" };
            }
        }
    },
};
