// The floor the full check is compared with: list the files the check reads, read them, and
// YAML-parse the .yaml ones, and nothing else (no schemas, no rules, no report).
// Prints one JSON line: { ms, cpuMs, maxRssKiB, files, yamlErrors }.
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { TextDecoder } from "node:util";
import { parseDocument } from "yaml";

const root = path.resolve(process.argv[2] ?? ".");
const start = performance.now();

// Same selection as src/core/repo/discover.ts: keps/**/kep.yaml, keps/prod-readiness/<sig>/*.yaml
// (not the template), every keps/**/*.md; plus the two lists the check reads from the root.
const entries = await readdir(path.join(root, "keps"), { recursive: true, withFileTypes: true });
const files = ["OWNERS_ALIASES", "sigs.yaml"];
for (const entry of entries) {
  if (!entry.isFile()) continue; // symbolic links are not followed by the check either
  const file = path.relative(root, path.join(entry.parentPath ?? entry.path, entry.name)).split(path.sep).join("/");
  const parts = file.split("/");
  const isPrr = parts.length === 4 && parts[1] === "prod-readiness" && parts[2] !== "template" && file.endsWith(".yaml");
  if (entry.name === "kep.yaml" || entry.name.endsWith(".md") || isPrr) files.push(file);
}

// Read and parse concurrently, as the check's loader does (Promise.all over files).
const decoder = new TextDecoder("utf-8");
let yamlErrors = 0; // used, so the parse is observable work
await Promise.all(
  files.map(async (file) => {
    const text = decoder.decode(await readFile(path.join(root, file)));
    if (file.endsWith(".yaml")) yamlErrors += parseDocument(text).errors.length;
  }),
);
const ms = performance.now() - start;
const usage = process.resourceUsage(); // CPU of the whole process (start-up, JIT and GC threads included), in µs
console.log(JSON.stringify({ ms, cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000, maxRssKiB: usage.maxRSS, files: files.length, yamlErrors }));
