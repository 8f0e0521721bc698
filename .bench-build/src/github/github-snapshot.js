import { compareBytes } from "../core/snapshot.js";
import { blobKey } from "./port.js";
/**
 * Blobs already read, shared by the base and head snapshots of one evaluation, so that a single
 * batched query made up front serves most reads.
 */
export class BlobCache {
    github;
    blobs = new Map();
    constructor(github) {
        this.github = github;
    }
    has(request) {
        return this.blobs.has(blobKey(request));
    }
    get(request) {
        return this.blobs.get(blobKey(request));
    }
    store(blobs) {
        for (const [key, value] of blobs)
            this.blobs.set(key, value);
    }
    /** Reads whatever of `requests` is not cached yet, in one batch. */
    async fetch(requests) {
        const missing = requests.filter((request) => !this.has(request));
        if (missing.length === 0)
            return;
        const unique = [...new Map(missing.map((request) => [blobKey(request), request])).values()];
        this.store((await this.github.readBlobs(unique)).blobs);
    }
}
/** The files of a repository at one commit, read through the GitHub port. */
export class GitHubSnapshot {
    github;
    cache;
    repoRef;
    revision;
    tree;
    constructor(github, cache, repoRef, revision, 
    /** The file list, when the caller already has it. */
    files) {
        this.github = github;
        this.cache = cache;
        this.repoRef = repoRef;
        this.revision = revision;
        if (files)
            this.tree = Promise.resolve([...files].sort(compareBytes));
    }
    files() {
        this.tree ??= this.github.listTree(this.repoRef, this.revision).then((paths) => [...paths].sort(compareBytes));
        return this.tree;
    }
    async listFiles(dir) {
        const prefix = dir === "" || dir === "." ? "" : `${dir.replace(/\/+$/, "")}/`;
        return (await this.files()).filter((path) => path.startsWith(prefix));
    }
    request(path) {
        return { ...this.repoRef, ref: this.revision, path };
    }
    async readFile(path) {
        const request = this.request(path);
        if (!this.cache.has(request))
            await this.cache.fetch([request]);
        return this.cache.get(request);
    }
    async prefetch(paths) {
        await this.cache.fetch(paths.map((path) => this.request(path)));
    }
}
