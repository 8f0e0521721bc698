/**
 * Git object model for the stand-in: real git blob/tree SHA-1s, recursive trees and a line diff
 * (Myers) that yields GitHub-like per-file stats, unified patches and the set of lines inside the diff hunks.
 */
import { createHash } from "node:crypto";
export function toBuffer(content) {
    return typeof content === "string" ? Buffer.from(content, "utf8") : Buffer.from(content);
}
function hashObject(kind, body) {
    return createHash("sha1").update(`${kind} ${body.length}\0`).update(body).digest("hex");
}
export function blobSha(bytes) {
    return hashObject("blob", bytes);
}
/** git's heuristic: a NUL byte in the first 8000 bytes means binary. */
export function isBinary(bytes) {
    return bytes.subarray(0, 8000).includes(0);
}
export function buildSnapshot(files) {
    const root = { dirs: new Map(), files: new Map() };
    const fileMap = new Map();
    for (const [rawPath, content] of Object.entries(files)) {
        const path = rawPath.replace(/^\/+/, "");
        const bytes = toBuffer(content);
        const blob = { sha: blobSha(bytes), bytes };
        fileMap.set(path, blob);
        const parts = path.split("/");
        const name = parts.pop() ?? path;
        let node = root;
        for (const part of parts) {
            let child = node.dirs.get(part);
            if (!child) {
                child = { dirs: new Map(), files: new Map() };
                node.dirs.set(part, child);
            }
            node = child;
        }
        node.files.set(name, blob);
    }
    const trees = new Map();
    const dirs = new Map();
    const build = (node, path) => {
        const entries = [];
        for (const [name, child] of node.dirs) {
            const childPath = path ? `${path}/${name}` : name;
            entries.push({ name, path: childPath, type: "tree", mode: "040000", sha: build(child, childPath) });
        }
        for (const [name, blob] of node.files) {
            const childPath = path ? `${path}/${name}` : name;
            entries.push({ name, path: childPath, type: "blob", mode: "100644", sha: blob.sha, size: blob.bytes.length });
        }
        // git orders tree entries by name, comparing directories as if they ended in "/".
        const key = (e) => Buffer.from(e.type === "tree" ? `${e.name}/` : e.name);
        entries.sort((a, b) => Buffer.compare(key(a), key(b)));
        const body = Buffer.concat(entries.map((e) => Buffer.concat([Buffer.from(`${e.type === "tree" ? "40000" : "100644"} ${e.name}\0`), Buffer.from(e.sha, "hex")])));
        const sha = hashObject("tree", body);
        trees.set(sha, { sha, path, entries });
        dirs.set(path, sha);
        return sha;
    };
    const rootTree = build(root, "");
    return { rootTree, files: fileMap, trees, dirs };
}
/** A synthetic commit sha for repositories given only as file maps (extraRepos). */
export function syntheticCommitSha(rootTree, label) {
    return createHash("sha1").update(`commit ${label}\0tree ${rootTree}\n`).digest("hex");
}
/** Recursive listing in git's order: a tree entry, then its contents. */
export function listTree(snapshot, treeSha, recursive) {
    const tree = snapshot.trees.get(treeSha);
    if (!tree)
        return [];
    const out = [];
    for (const e of tree.entries) {
        out.push(e);
        if (recursive && e.type === "tree")
            out.push(...listTree(snapshot, e.sha, true));
    }
    return out;
}
function splitLines(text) {
    if (text === "")
        return { lines: [], finalNewline: true };
    const finalNewline = text.endsWith("\n");
    const lines = (finalNewline ? text.slice(0, -1) : text).split("\n");
    return { lines, finalNewline };
}
/** Myers' O(ND) diff on lines; returns the edit script. */
function myers(a, b) {
    const n = a.length;
    const m = b.length;
    const max = n + m;
    const offset = max;
    let v = new Int32Array(2 * max + 2);
    const trace = [];
    let found = false;
    for (let d = 0; d <= max && !found; d++) {
        trace.push(v.slice());
        const next = v;
        for (let k = -d; k <= d; k += 2) {
            let x;
            if (k === -d || (k !== d && (next[offset + k - 1] ?? 0) < (next[offset + k + 1] ?? 0))) {
                x = next[offset + k + 1] ?? 0;
            }
            else {
                x = (next[offset + k - 1] ?? 0) + 1;
            }
            let y = x - k;
            while (x < n && y < m && a[x] === b[y]) {
                x++;
                y++;
            }
            next[offset + k] = x;
            if (x >= n && y >= m) {
                found = true;
                break;
            }
        }
        v = next;
    }
    trace.push(v.slice());
    // Backtrack.
    const ops = [];
    let x = n;
    let y = m;
    for (let d = trace.length - 2; d >= 0; d--) {
        const vd = trace[d] ?? new Int32Array(0);
        const k = x - y;
        let prevK;
        if (k === -d || (k !== d && (vd[offset + k - 1] ?? 0) < (vd[offset + k + 1] ?? 0)))
            prevK = k + 1;
        else
            prevK = k - 1;
        const prevX = d === 0 ? 0 : vd[offset + prevK] ?? 0;
        const prevY = d === 0 ? 0 : prevX - prevK;
        while (x > prevX && y > prevY) {
            ops.push({ kind: "=", oldIndex: x - 1, newIndex: y - 1 });
            x--;
            y--;
        }
        if (d === 0)
            break;
        if (x === prevX)
            ops.push({ kind: "+", oldIndex: x, newIndex: y - 1 });
        else
            ops.push({ kind: "-", oldIndex: x - 1, newIndex: y });
        x = prevX;
        y = prevY;
    }
    while (x > 0 && y > 0) {
        ops.push({ kind: "=", oldIndex: x - 1, newIndex: y - 1 });
        x--;
        y--;
    }
    return ops.reverse();
}
function diffOps(a, b) {
    // Trim the common prefix and suffix first: KEP edits are usually small.
    let start = 0;
    while (start < a.length && start < b.length && a[start] === b[start])
        start++;
    let endA = a.length;
    let endB = b.length;
    while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
        endA--;
        endB--;
    }
    const ops = [];
    for (let i = 0; i < start; i++)
        ops.push({ kind: "=", oldIndex: i, newIndex: i });
    for (const op of myers(a.slice(start, endA), b.slice(start, endB))) {
        ops.push({ kind: op.kind, oldIndex: op.oldIndex + start, newIndex: op.newIndex + start });
    }
    for (let i = 0; i < a.length - endA; i++)
        ops.push({ kind: "=", oldIndex: endA + i, newIndex: endB + i });
    return ops;
}
const CONTEXT = 3;
export function diffFiles(before, after) {
    const rightLines = new Set();
    const leftLines = new Set();
    if ((before && isBinary(before)) || (after && isBinary(after))) {
        return { additions: 0, deletions: 0, rightLines, leftLines };
    }
    const a = splitLines(before?.toString("utf8") ?? "");
    const b = splitLines(after?.toString("utf8") ?? "");
    // A missing final newline changes the last line, as in git.
    const aLines = a.lines.map((l, i) => (i === a.lines.length - 1 && !a.finalNewline ? `${l}\u0000nonl` : l));
    const bLines = b.lines.map((l, i) => (i === b.lines.length - 1 && !b.finalNewline ? `${l}\u0000nonl` : l));
    const ops = diffOps(aLines, bLines);
    let additions = 0;
    let deletions = 0;
    const changed = [];
    ops.forEach((op, i) => {
        if (op.kind === "+")
            additions++;
        if (op.kind === "-")
            deletions++;
        if (op.kind !== "=")
            changed.push(i);
    });
    if (changed.length === 0)
        return { additions, deletions, patch: "", rightLines, leftLines };
    // Group changes into hunks with CONTEXT lines around them.
    const hunks = [];
    for (const idx of changed) {
        const from = Math.max(0, idx - CONTEXT);
        const to = Math.min(ops.length - 1, idx + CONTEXT);
        const last = hunks[hunks.length - 1];
        if (last && from <= last.to + 1)
            last.to = Math.max(last.to, to);
        else
            hunks.push({ from, to });
    }
    const out = [];
    for (const h of hunks) {
        const slice = ops.slice(h.from, h.to + 1);
        const first = slice[0];
        if (!first)
            continue;
        const oldCount = slice.filter((o) => o.kind !== "+").length;
        const newCount = slice.filter((o) => o.kind !== "-").length;
        const oldStart = oldCount === 0 ? first.oldIndex : first.oldIndex + 1;
        const newStart = newCount === 0 ? first.newIndex : first.newIndex + 1;
        out.push(`@@ -${oldStart}${oldCount === 1 ? "" : `,${oldCount}`} +${newStart}${newCount === 1 ? "" : `,${newCount}`} @@`);
        for (const o of slice) {
            const raw = o.kind === "+" ? bLines[o.newIndex] : aLines[o.oldIndex];
            const noNewline = raw?.endsWith("\u0000nonl") ?? false;
            const text = noNewline ? (raw ?? "").slice(0, -"\u0000nonl".length) : raw ?? "";
            const prefix = o.kind === "=" ? " " : o.kind;
            out.push(`${prefix}${text}`);
            if (noNewline)
                out.push("\\ No newline at end of file");
            if (o.kind !== "-")
                rightLines.add(o.newIndex + 1);
            if (o.kind !== "+")
                leftLines.add(o.oldIndex + 1);
        }
    }
    return { additions, deletions, patch: out.join("\n"), rightLines, leftLines };
}
/** The files changed between two snapshots, in path order, with exact-content renames detected. */
export function changedFiles(base, head) {
    const added = [];
    const removed = [];
    const out = [];
    for (const [path, blob] of head.files) {
        const old = base.files.get(path);
        if (!old)
            added.push(path);
        else if (old.sha !== blob.sha) {
            out.push({ filename: path, status: "modified", sha: blob.sha, diff: diffFiles(old.bytes, blob.bytes) });
        }
    }
    for (const path of base.files.keys())
        if (!head.files.has(path))
            removed.push(path);
    const removedBySha = new Map();
    for (const path of removed) {
        const sha = base.files.get(path)?.sha ?? "";
        removedBySha.set(sha, [...(removedBySha.get(sha) ?? []), path]);
    }
    const renamedFrom = new Set();
    for (const path of added) {
        const blob = head.files.get(path);
        if (!blob)
            continue;
        const candidates = removedBySha.get(blob.sha);
        const from = candidates?.shift();
        if (from !== undefined) {
            renamedFrom.add(from);
            out.push({
                filename: path,
                previous_filename: from,
                status: "renamed",
                sha: blob.sha,
                diff: { additions: 0, deletions: 0, patch: "", rightLines: new Set(), leftLines: new Set() },
            });
        }
        else {
            out.push({ filename: path, status: "added", sha: blob.sha, diff: diffFiles(undefined, blob.bytes) });
        }
    }
    for (const path of removed) {
        if (renamedFrom.has(path))
            continue;
        const blob = base.files.get(path);
        if (!blob)
            continue;
        out.push({ filename: path, status: "removed", sha: blob.sha, diff: diffFiles(blob.bytes, undefined) });
    }
    return out.sort((x, y) => (x.filename < y.filename ? -1 : x.filename > y.filename ? 1 : 0));
}
