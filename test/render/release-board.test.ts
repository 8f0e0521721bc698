import { beforeAll, describe, expect, test } from "@jest/globals";
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { filterBoard, type BoardFilters } from "../../src/core/tracking/board-filters.js";
import type { TrackingBoard } from "../../src/core/tracking/track-release.js";
import { boardJson } from "../../src/render/release-board-json.js";
import { renderBoardHtml } from "../../src/render/release-board-html.js";
import { corpusBoard } from "../helpers/corpus-board.js";

let board: TrackingBoard;
beforeAll(async () => {
  board = await corpusBoard();
}, 60_000);

describe("the release board over real KEPs", () => {
  test("48 tracked issues, at least 40 with a real KEP, every verdict counted", () => {
    expect(board.entries).toHaveLength(48);
    expect(board.entries.filter((entry) => entry.kep).length).toBeGreaterThanOrEqual(40);
    const json = JSON.parse(boardJson(board)) as { counts: { ready: number; "at-risk": number; missed: number } };
    expect(json.counts.ready + json.counts["at-risk"] + json.counts.missed).toBe(48);
  });

  test.each<{ name: string; filters: BoardFilters; check: (entries: TrackingBoard["entries"]) => boolean }>([
    { name: "by SIG", filters: { sig: "sig-node" }, check: (entries) => entries.every((entry) => entry.sig === "sig-node") },
    { name: "by stage", filters: { stage: "alpha" }, check: (entries) => entries.every((entry) => entry.stage === "alpha") },
    { name: "by verdict", filters: { verdict: "ready" }, check: (entries) => entries.every((entry) => entry.verdict.kind === "ready") },
    { name: "by PRR approver, @ and case aside", filters: { prr: "@Deads2k" }, check: (entries) => entries.every((entry) => entry.prr.approver === "deads2k") },
    { name: "KEPs without a PRR approver", filters: { prr: "none" }, check: (entries) => entries.every((entry) => entry.prr.approver === undefined) },
    { name: "all filters at once", filters: { sig: "sig-node", stage: "beta", verdict: "at-risk" }, check: (entries) => entries.every((entry) => entry.sig === "sig-node" && entry.stage === "beta" && entry.verdict.kind === "at-risk") },
  ])("filters $name, on the page and in the JSON", ({ filters, check }) => {
    const shown = filterBoard(board, filters).entries;
    expect(shown.length).toBeGreaterThan(0);
    expect(shown.length).toBeLessThan(board.entries.length);
    expect(check(shown)).toBe(true);
    const page = renderBoardHtml(board, filters);
    expect(page.match(/<tr class="v-/g)).toHaveLength(shown.length);
    const json = JSON.parse(boardJson(filterBoard(board, filters), filters)) as { entries: unknown[]; filters: BoardFilters };
    expect(json.entries).toHaveLength(shown.length);
    expect(json.filters).toEqual(filters);
  });

  test("a filter that matches nothing says so", () => {
    expect(renderBoardHtml(board, { sig: "sig-nothing" })).toContain("No tracked enhancement matches these filters.");
  });

  test("the page is self-contained and escapes issue titles", () => {
    const page = renderBoardHtml(board, { sig: '"><script>' });
    expect(page).not.toMatch(/<script|<link|<img|src=|@import|url\(/i);
    expect(page).toContain("@media print");
    const full = renderBoardHtml(board);
    expect(full).toContain("&lt;script&gt;alert(&quot;board&quot;)&lt;/script&gt; &amp; @everyone");
    expect(full).not.toContain("<script");
  });

  test("is deterministic", async () => {
    expect(renderBoardHtml(await corpusBoard())).toBe(renderBoardHtml(board));
  });

  const chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find((file) => existsSync(file));
  const inBrowser = chromium ? test : test.skip;
  if (!chromium) process.stderr.write("release board screenshot test skipped: no chromium at /usr/bin/chromium (apt-get install -y chromium)\n");

  inBrowser("renders in headless Chromium: a screenshot and a PDF", async () => {
    const started = performance.now();
    const page = renderBoardHtml(board);
    const renderMs = performance.now() - started;
    expect(renderMs).toBeLessThan(500);
    const dir = mkdtempSync(path.join(tmpdir(), "kepbot-board-"));
    const htmlFile = path.join(dir, "board.html");
    writeFileSync(htmlFile, page);
    const png = process.env.KEPBOT_BOARD_PNG ?? path.join(dir, "board.png");
    const pdf = path.join(dir, "board.pdf");
    const run = promisify(execFile);
    const common = ["--headless", "--no-sandbox", "--disable-gpu", `--user-data-dir=${path.join(dir, "profile")}`];
    await run(chromium ?? "", [...common, `--screenshot=${png}`, "--window-size=1400,2000", `file://${htmlFile}`], { timeout: 60_000 });
    await run(chromium ?? "", [...common, `--print-to-pdf=${pdf}`, "--no-pdf-header-footer", `file://${htmlFile}`], { timeout: 60_000 });
    expect(readFileSync(png).subarray(1, 4).toString()).toBe("PNG");
    expect(statSync(png).size).toBeGreaterThan(50_000);
    expect(readFileSync(pdf).subarray(0, 4).toString()).toBe("%PDF");
    expect(statSync(pdf).size).toBeGreaterThan(20_000);
  }, 120_000);
});
