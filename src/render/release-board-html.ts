import { countVerdicts, filterBoard, filterChoices, filterNames, type BoardFilters } from "../core/tracking/board-filters.js";
import type { TrackingBoard } from "../core/tracking/track-release.js";
import type { TrackedEnhancement } from "../core/tracking/tracked-enhancement.js";
import { formatTime, verdictKinds, type VerdictKind } from "../core/tracking/verdict.js";
import { html, safeUrl, SafeHtml } from "./html.js";
import { fileUrl, issueUrl, treeUrl } from "./source-links.js";

const verdictLabel: Readonly<Record<VerdictKind, string>> = { ready: "Ready", "at-risk": "At risk", missed: "Missed" };
const prrLabel = { approved: "approved", "needs-approver": "needs approver", "no-file": "no PRR file" } as const;

/** A query string with these filters (empty ones left out), plus extra parameters. */
function query(filters: BoardFilters, extra: Readonly<Record<string, string>> = {}): string {
  const params = new URLSearchParams();
  for (const name of filterNames) {
    const value = filters[name];
    if (value) params.set(name, value);
  }
  for (const [key, value] of Object.entries(extra)) params.set(key, value);
  const text = params.toString();
  return text ? `?${text}` : "?";
}

const style = `
:root{--ready:#1a7f37;--risk:#9a6700;--missed:#cf222e;--line:#d0d7de;--muted:#57606a;--bg:#f6f8fa}
*{box-sizing:border-box}
body{margin:0;padding:24px 28px;font:14px/1.45 -apple-system,BlinkMacSystemFont,"Segoe UI",Helvetica,Arial,sans-serif;color:#1f2328;background:#fff}
h1{font-size:22px;margin:0 0 4px}
a{color:#0969da;text-decoration:none}a:hover{text-decoration:underline}
.meta{color:var(--muted);margin:0 0 16px}
.meta span+span::before{content:" · "}
.counts{display:flex;gap:12px;margin:0 0 16px;flex-wrap:wrap}
.count{display:block;min-width:130px;padding:10px 14px;border:1px solid var(--line);border-left-width:6px;border-radius:6px;color:inherit}
.count b{display:block;font-size:24px;line-height:1.1}
.count.ready{border-left-color:var(--ready)}.count.at-risk{border-left-color:var(--risk)}.count.missed{border-left-color:var(--missed)}
.count.total{border-left-color:#8c959f}
form.filters{display:flex;gap:12px;align-items:end;flex-wrap:wrap;padding:10px 14px;background:var(--bg);border:1px solid var(--line);border-radius:6px;margin:0 0 16px}
form.filters label{display:flex;flex-direction:column;font-size:12px;color:var(--muted);gap:2px}
form.filters select{font:inherit;padding:3px 6px;min-width:150px}
form.filters button{font:inherit;padding:4px 14px;border:1px solid var(--line);border-radius:6px;background:#fff;cursor:pointer}
table{width:100%;border-collapse:collapse;table-layout:fixed}
th,td{border-bottom:1px solid var(--line);padding:8px 8px;vertical-align:top;text-align:left;overflow-wrap:anywhere}
th{position:sticky;top:0;background:var(--bg);font-size:12px;text-transform:uppercase;letter-spacing:.03em;color:var(--muted)}
col.c-issue{width:24%}col.c-sig{width:11%}col.c-stage{width:7%}col.c-prr{width:11%}col.c-criteria{width:33%}col.c-verdict{width:14%}
.title{display:block;font-weight:600}
.small{font-size:12px;color:var(--muted)}
.badge{display:inline-block;padding:1px 8px;border-radius:10px;font-size:12px;font-weight:600;color:#fff;white-space:nowrap}
.badge.ready{background:var(--ready)}.badge.at-risk{background:var(--risk)}.badge.missed{background:var(--missed)}
.prr-approved{color:var(--ready)}.prr-needs-approver,.prr-no-file{color:var(--missed)}
ul.missing{margin:0 0 6px;padding-left:18px;color:var(--missed)}
ul.missing li span{color:#1f2328}
.met{display:flex;flex-wrap:wrap;gap:4px}
.chip{font-size:11px;padding:0 6px;border:1px solid #aceebb;background:#dafbe1;border-radius:8px;color:#116329;white-space:nowrap}
.verdict p{margin:4px 0 0;font-size:12px}
.note{font-size:12px;color:var(--risk)}
.empty{padding:24px;text-align:center;color:var(--muted)}
.exception{margin:16px 0 0;padding:10px 14px;border:1px solid var(--missed);border-radius:6px;font-size:13px}
footer{margin-top:16px;font-size:12px;color:var(--muted)}
@media print{
  body{padding:0;font-size:10px}
  form.filters,.no-print{display:none}
  a{color:inherit}
  th{position:static;background:none}
  tr{break-inside:avoid}
  .count{padding:4px 8px;min-width:90px}.count b{font-size:16px}
  .badge{color:#000;border:1px solid #000;background:none!important}
  .chip{background:none;border-color:#999;color:#000}
  @page{size:A4 landscape;margin:10mm}
}
`;

function select(name: string, label: string, choices: readonly string[], chosen: string | undefined, text: (value: string) => string = (value) => value): SafeHtml {
  const options = [html`<option value="">all</option>`, ...choices.map((value) => html`<option value="${value}"${value === chosen ? html` selected` : ""}>${text(value)}</option>`)];
  return html`<label>${label}<select name="${name}">${options}</select></label>`;
}

/** The verdict in a few words; the full sentence is the cell's title, the exception advice is under the table. */
function verdictLine(entry: TrackedEnhancement): string {
  const missing = entry.criteria.filter((criterion) => !criterion.met).length;
  const gaps = missing === 0 ? "all criteria met" : `${missing} missing`;
  if (entry.verdict.kind === "missed") return `${gaps}; freeze passed: exception needed`;
  if (entry.verdict.daysLeft !== undefined) return `${gaps}; ${entry.verdict.daysLeft} day${entry.verdict.daysLeft === 1 ? "" : "s"} to the freeze`;
  return gaps;
}

function row(entry: TrackedEnhancement, board: TrackingBoard): SafeHtml {
  const { source } = board;
  const missing = entry.criteria.filter((criterion) => !criterion.met);
  const met = entry.criteria.filter((criterion) => criterion.met);
  const link = (path: string, line: number, text: string) => (path === "keps" ? html`${text}` : html`<a href="${safeUrl(fileUrl(source, path, line))}">${text}</a>`);
  const prr = entry.prr.approver
    ? html`<a href="${safeUrl(fileUrl(source, entry.prr.path ?? "", entry.prr.line))}">@${entry.prr.approver}</a><br><span class="small prr-${entry.prr.state}">${prrLabel[entry.prr.state]}</span>`
    : html`<span class="prr-${entry.prr.state}">${prrLabel[entry.prr.state]}</span>`;
  return html`<tr class="v-${entry.verdict.kind}" id="issue-${entry.issue.number}">
<td><a class="title" href="${safeUrl(issueUrl(source, entry.issue.number))}">#${entry.issue.number} ${entry.issue.title}</a>${
    entry.kep ? html`<a class="small" href="${safeUrl(treeUrl(source, entry.kep.dir))}">${entry.kep.dir.replace(/^keps\//, "")}</a>` : html`<span class="small">no KEP on the default branch</span>`
  }${entry.issue.state === "closed" ? html`<br><span class="note">issue closed</span>` : ""}</td>
<td>${entry.sig || "?"}</td>
<td>${entry.stage ?? "?"}${entry.stageSource === "kep" ? html`<br><span class="note" title="the issue has no stage label">from kep.yaml</span>` : ""}</td>
<td>${prr}</td>
<td>${missing.length > 0 ? html`<ul class="missing">${missing.map((criterion) => html`<li><span>${link(criterion.path, criterion.line, criterion.message)}</span></li>`)}</ul>` : ""}<div class="met">${met.map(
    (criterion) => html`<span class="chip" title="${criterion.message}">✓ ${criterion.id}</span>`,
  )}</div>${entry.notes.map((note) => html`<div class="note">${note}</div>`)}</td>
<td class="verdict" title="${entry.verdict.message}"><span class="badge ${entry.verdict.kind}">${verdictLabel[entry.verdict.kind]}</span><p>${verdictLine(entry)}</p>${
    entry.receipt ? html`<p>Receipt: <a href="${safeUrl(fileUrl(source, entry.receipt.path))}">${entry.receipt.state}</a></p>` : ""
  }${entry.tracked ? html`<p>tracked/${entry.tracked}</p>` : ""}</td>
</tr>`;
}

function exceptionText(board: TrackingBoard): string {
  const first = board.entries.find((entry) => entry.verdict.exception);
  return first?.verdict.exception?.replace(`request ${first.issue.number} `, "request <issue number> ") ?? "";
}

/**
 * The release board: a self-contained HTML page (inline CSS, no scripts or external assets, a print
 * stylesheet) listing every tracked KEP of the release that the filters select. Filtering happens
 * here, on the server, so the page works without JavaScript and prints what it shows.
 */
export function renderBoardHtml(board: TrackingBoard, filters: BoardFilters = {}): string {
  const shown = filterBoard(board, filters);
  const counts = countVerdicts(shown.entries);
  const choices = filterChoices(board);
  const freezes = Object.entries(board.calendar).map(([name, time]) => html`<span>${name.replace(/-/g, " ")} ${formatTime(new Date(time))}</span>`);
  const page = html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Enhancements tracking ${board.release}</title>
<style>${new SafeHtml(style)}</style></head>
<body>
<h1>Enhancements tracking — ${board.release}</h1>
<p class="meta"><span>${board.entries.length} tracked enhancement${board.entries.length === 1 ? "" : "s"}</span><span>judged ${formatTime(new Date(board.now))}</span><span>default branch at ${board.revision}</span>${freezes}</p>
<div class="counts">${verdictKinds.map(
    (kind) => html`<a class="count ${kind}" href="${query({ ...filters, verdict: kind })}"><b>${counts[kind]}</b>${verdictLabel[kind]}</a>`,
  )}<span class="count total"><b>${shown.entries.length}</b>shown of ${board.entries.length}</span></div>
<form class="filters" method="get">
${select("sig", "SIG", choices.sig, filters.sig)}
${select("stage", "Stage", choices.stage, filters.stage)}
${select("verdict", "Verdict", choices.verdict, filters.verdict, (value) => verdictLabel[value as VerdictKind] ?? value)}
${select("prr", "PRR approver", choices.prr, filters.prr?.replace(/^@/, ""))}
<button type="submit">Filter</button> <a href="?">Clear</a> <a href="${query(filters, { format: "json" })}">JSON</a>
</form>
<table>
<colgroup><col class="c-issue"><col class="c-sig"><col class="c-stage"><col class="c-prr"><col class="c-criteria"><col class="c-verdict"></colgroup>
<thead><tr><th>Issue and KEP</th><th>SIG</th><th>Stage</th><th>PRR</th><th>Criteria</th><th>Verdict</th></tr></thead>
<tbody>
${shown.entries.length > 0 ? shown.entries.map((entry) => row(entry, board)) : html`<tr><td colspan="6" class="empty">No tracked enhancement matches these filters.</td></tr>`}
</tbody></table>
${shown.entries.some((entry) => entry.verdict.exception) ? html`<p class="exception"><b>Missed the freeze?</b> ${exceptionText(shown)}</p>` : ""}
<footer>Generated by kepbot. An enhancement is tracked for ${board.release} when its issue has the lead-opted-in label and the ${board.release} milestone; its KEP is judged on the default branch.</footer>
</body></html>
`;
  return page.text;
}
