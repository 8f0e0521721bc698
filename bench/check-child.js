// Runs `kepbot check <args>` in-process and prints one JSON line: { ms, cpuMs, maxRssKiB, files }.
// A child of bench/run.js, so that its peak memory is its own and nothing is shared between runs.
import { performance } from "node:perf_hooks";
import { main } from "../dist/cli/main.js";

let output = "";
const start = performance.now();
const status = await main(process.argv.slice(2), {
  cwd: process.cwd(),
  stdout: (text) => {
    output += text; // kept (not printed) to read summary.files from the JSON report
  },
  stderr: (text) => process.stderr.write(text),
  colour: false,
});
const ms = performance.now() - start;
// 0 = clean, 1 = findings (normal on the real corpus), 2 = kepbot could not run.
if (status === 2) process.exit(2);
const files = JSON.parse(output).summary.files;
const usage = process.resourceUsage(); // CPU of the whole process (start-up, JIT and GC threads included), in µs
console.log(JSON.stringify({ ms, cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000, maxRssKiB: usage.maxRSS, files }));
