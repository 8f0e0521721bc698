/**
 * Rendering of a heading's text (gomarkdown html.Renderer with no flags) and mdtoc's asText,
 * the source of the heading's anchor.
 */

import { goTrimSpace } from "./characters.js";
import { goUnescapeString } from "./html-entities.js";
import { InlineParser } from "./inline-parser.js";
import { BudgetExceeded, type INode, type RefDef } from "./nodes.js";

/**
 * Headings with none of the characters that start inline markup parse to a single Text node.
 * (gomarkdown's case-insensitive protocol test also accepts \x1a for ':' and \x0f for '/'.)
 */
// eslint-disable-next-line no-control-regex
const INLINE_TRIGGER = /[*_~`[<\\&!^$\n]|(?:https?|ftp|file)[:\x1a][/\x0f][/\x0f]|mailto[:\x1a]/i;

export function renderHeading(content: string, refs: Map<string, RefDef>): { html: string; text: string } {
  if (!INLINE_TRIGGER.test(content)) return { html: goTrimSpace(escapeHTML(content)), text: content };
  let nodes: INode[];
  try {
    nodes = new InlineParser(content, refs).parse();
  } catch (err) {
    if (!(err instanceof BudgetExceeded)) throw err;
    // pathological heading: give up on inline markup rather than on linear time
    nodes = [{ t: "text", v: content }];
  }
  return { html: goTrimSpace(renderNodes(nodes, false)), text: asText(nodes) };
}

function renderNodes(nodes: INode[], parentIsLink: boolean): string {
  let out = "";
  for (const node of nodes) {
    switch (node.t) {
      case "text":
        out += parentIsLink ? escapeHTML(goUnescapeString(node.v)) : escapeHTML(node.v);
        break;
      case "code":
        out += `<code>${escapeHTML(node.v)}</code>`;
        break;
      case "html":
        out += node.v;
        break;
      case "math":
        out += `<span class="math inline">\\(${escapeHTML(node.v)}\\)</span>`;
        break;
      case "br":
        out += "<br>\n";
        break;
      case "codeblock": {
        const lang = node.info.split(/[\t ]/)[0] ?? "";
        out += `${lang ? `<pre><code class="language-${lang}">` : "<pre><code>"}${escapeHTML(node.v)}</code></pre>\n`;
        break;
      }
      case "emph":
        out += `<em>${renderNodes(node.c, false)}</em>`;
        break;
      case "strong":
      case "del":
        out += `<${node.t}>${renderNodes(node.c, false)}</${node.t}>`;
        break;
      case "link":
        out += `<a href="${escapeHTML(goUnescapeString(node.dest))}"`;
        if (node.title !== null && node.title.length > 0) out += ` title="${escapeHTML(node.title)}"`;
        out += `>${renderNodes(node.c, true)}</a>`;
        break;
      case "image":
        out += `<img src="${escapeHTML(goUnescapeString(node.dest))}" alt="${renderNodes(node.c, false)}`;
        if (node.title !== null) out += `" title="${escapeHTML(node.title)}`;
        out += `" />`;
        break;
    }
  }
  return out;
}

/** The literals of the Text and Code nodes, in order (mdtoc's asText, the anchor's source). */
function asText(nodes: INode[]): string {
  let out = "";
  for (const node of nodes) {
    if (node.t === "text" || node.t === "code") out += node.v;
    else if ("c" in node) out += asText(node.c);
  }
  return out;
}

const HTML_SPECIAL = /[&<>"]/;

function escapeHTML(s: string): string {
  if (!HTML_SPECIAL.test(s)) return s;
  return s.replace(/[&<>"]/g, (c) => (c === "&" ? "&amp;" : c === "<" ? "&lt;" : c === ">" ? "&gt;" : "&quot;"));
}
