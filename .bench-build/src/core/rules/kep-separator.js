export const kepSeparator = {
    id: "kep/separator",
    summary: "kep.yaml has no `---` line except a leading one: upstream reads only the text between the first two lines containing `---`.",
    upstream: false,
    severity: "warning",
    *check(repo) {
        for (const kep of repo.keps) {
            const source = kep.source;
            if (!source)
                continue;
            // The first `---` only opens the metadata; every later one cuts it short.
            for (const line of source.separatorLines.slice(1)) {
                yield { path: kep.path, line, message: "this line contains `---`, so upstream drops it and reads only the text between the first two such lines" };
            }
            if (source.ignoredLines.length > 0) {
                const lines = source.ignoredLines;
                yield {
                    path: kep.path,
                    line: lines[0],
                    message: `because of the \`---\` lines, upstream ignores ${lines.length} line(s) of metadata here (lines ${lines.slice(0, 5).join(", ")}${lines.length > 5 ? ", …" : ""})`,
                };
            }
        }
    },
};
