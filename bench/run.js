// `npm run bench`: how fast and how lean `kepbot check` is on the real enhancements corpus.
// These are figures, not tests: a missed target is printed as MISSED and the exit status stays 0.
// The status is 1 only when the bench cannot run (no corpus, no build, a child that failed).
//
// The bench is a list of named sections, run in order. Each section measures one thing and returns
// its figures (a plain object, printed as-is by --json) and the rows for the human-readable table.
// A later section sees the figures of the earlier ones, so new sections (GitHub request counts,
// webhook latency) are one more entry in `sections`.
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { fileURLToPath, URL } from "node:url";
import { promisify } from "node:util";

const execFileAsync = promisify(execFile);
const repoRoot = fileURLToPath(new URL("..", import.meta.url));
// The corpus is a sibling of the repository: /work/shared/corpus/enhancements next to /work/main.
const corpus = fileURLToPath(new URL("../../shared/corpus/enhancements", import.meta.url));
const asJson = process.argv.slice(2).includes("--json");

const warmups = 1; // the first run fills the page cache and is not counted
const runs = 5; // the median of these is reported
const aim = { maxRatio: 2, maxPeakMB: 300 };

const sections = [
  {
    name: "fullCheck",
    title: "Full check: kepbot check <corpus> --profile strict --format json",
    async run() {
      const figures = await measureChild("check-child.js", ["check", corpus, "--profile", "strict", "--format", "json"]);
      // Files per second over the whole process, start-up included: what a user waits for.
      return { ...figures, filesPerSecond: figures.files / (figures.wallMs / 1000) };
    },
    rows: (f) => [...childRows(f), ["files per second", f.filesPerSecond.toFixed(0)]],
  },
  {
    name: "bareParse",
    title: "Bare parse: list the same files, read them, parseDocument the .yaml ones",
    run: () => measureChild("parse-child.js", [corpus]),
    rows: childRows,
  },
  {
    name: "targets",
    title: `Aim: the full check costs at most twice the bare parse, and under ${aim.maxPeakMB} MB.`,
    run({ fullCheck, bareParse }) {
      // Wall time of the child processes on both sides, so that node's start-up is in both.
      const ratio = fullCheck.wallMs / bareParse.wallMs;
      const inProcessRatio = fullCheck.inProcessMs / bareParse.inProcessMs;
      return { ratio, inProcessRatio, ratioOk: ratio <= aim.maxRatio, peakOk: fullCheck.peakMB < aim.maxPeakMB };
    },
    rows: (f) => [
      ["full check / bare parse (wall)", `${f.ratio.toFixed(2)}x  ${verdict(f.ratioOk)}`],
      ["  (in-process time only)", `${f.inProcessRatio.toFixed(2)}x`],
      [`full check peak RSS < ${aim.maxPeakMB} MB`, verdict(f.peakOk)],
    ],
  },
];

/**
 * Runs `node bench/<script> ...args` (1 warm-up, then `runs` times). A separate process per run, so
 * that each starts cold and its peak RSS is its own; the child prints `{ ms, maxRssKiB, files }`.
 */
async function measureChild(script, args) {
  const samples = [];
  for (let i = 0; i < warmups + runs; i++) {
    const start = performance.now();
    let stdout;
    try {
      ({ stdout } = await execFileAsync(process.execPath, [fileURLToPath(new URL(script, import.meta.url)), ...args], {
        cwd: repoRoot,
        maxBuffer: 16 << 20,
      }));
    } catch (error) {
      fail(`bench/${script} failed (exit ${error.code ?? "?"}):\n${error.stderr || error.message}`);
    }
    const wallMs = performance.now() - start;
    let line;
    try {
      line = JSON.parse(stdout.trim().split("\n").pop());
    } catch {
      fail(`bench/${script} printed no figures:\n${stdout}`);
    }
    if (i >= warmups) samples.push({ wallMs, ...line });
  }
  const { ms: _ms, maxRssKiB: _rss, ...extra } = samples[0]; // e.g. files, yamlErrors
  return {
    ...extra,
    wallMs: median(samples.map((s) => s.wallMs)),
    inProcessMs: median(samples.map((s) => s.ms)),
    // The largest of the runs: the aim is a ceiling. maxRSS is in KiB; 1 MB = 10^6 bytes.
    peakMB: Math.max(...samples.map((s) => s.maxRssKiB)) * 1024 / 1e6,
    wallMsRuns: samples.map((s) => Math.round(s.wallMs)),
  };
}

function childRows(f) {
  return [
    ["wall time (median)", `${f.wallMs.toFixed(0)} ms`],
    ["  of which in-process", `${f.inProcessMs.toFixed(0)} ms`],
    ["  runs", f.wallMsRuns.join(", ") + " ms"],
    ["files", String(f.files)],
    ["peak RSS (max of runs)", `${f.peakMB.toFixed(0)} MB`],
  ];
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function verdict(ok) {
  return ok ? "ok" : "MISSED";
}

function fail(message) {
  console.error(`bench: ${message}`);
  process.exit(1);
}

if (!existsSync(`${corpus}/keps`)) fail(`no corpus at ${corpus} (expected an enhancements checkout with keps/)`);
if (!existsSync(new URL("../dist/cli/main.js", import.meta.url))) fail("no dist/cli/main.js: run `npm run build` first");

const results = {};
for (const section of sections) {
  if (!asJson) process.stderr.write(`bench: ${section.name}...\n`); // progress; the table goes to stdout
  results[section.name] = await section.run(results);
}

if (asJson) {
  console.log(JSON.stringify({ corpus, node: process.version, warmups, runs, ...results }, null, 2));
} else {
  console.log(`corpus ${corpus}, node ${process.version}, median of ${runs} runs after ${warmups} warm-up\n`);
  for (const section of sections) {
    console.log(section.title);
    const rows = section.rows(results[section.name]);
    const width = Math.max(...rows.map(([label]) => label.length));
    for (const [label, value] of rows) console.log(`  ${label.padEnd(width)}  ${value}`);
    console.log();
  }
}
