/** A snapshot over an in-memory map of path to text; the fake used by tests and by callers that already hold the files. */
export class InMemorySnapshot {
    revision;
    files;
    sorted;
    constructor(files, revision = "in-memory") {
        this.revision = revision;
        const encoder = new TextEncoder();
        this.files = new Map(Object.entries(files).map(([path, content]) => [
            path,
            typeof content === "string" ? encoder.encode(content) : content,
        ]));
        this.sorted = [...this.files.keys()].sort(compareBytes);
    }
    async listFiles(dir) {
        const prefix = dir === "" || dir === "." ? "" : `${dir.replace(/\/+$/, "")}/`;
        return this.sorted.filter((path) => path.startsWith(prefix));
    }
    async readFile(path) {
        return this.files.get(path);
    }
}
/** Byte-order comparison of paths (what git and Go's filepath.Walk use), not locale order. */
export function compareBytes(a, b) {
    return a < b ? -1 : a > b ? 1 : 0;
}
