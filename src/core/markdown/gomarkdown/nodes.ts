/**
 * What the gomarkdown port's parsers produce and share: the headings and link reference
 * definitions the block parser records, the inline nodes of a heading's text, gomarkdown's
 * nesting limit, and the inline parser's work budget.
 */

export interface HeadingNode {
  level: number;
  content: string;
}

export interface RefDef {
  link: string;
  title: string;
}

export const MAX_NESTING = 16;

export type INode =
  | { t: "text"; v: string }
  | { t: "code"; v: string }
  | { t: "html"; v: string }
  | { t: "math"; v: string }
  | { t: "br" }
  | { t: "codeblock"; info: string; v: string }
  | { t: "emph" | "strong" | "del"; c: INode[] }
  | { t: "link"; dest: string; title: string | null; c: INode[] }
  | { t: "image"; dest: string; title: string | null; c: INode[] };

export type Handled = [number, INode | null];
export const NONE: Handled = [0, null];

/** Thrown when inline parsing of a heading runs out of its work budget. */
export class BudgetExceeded extends Error {}

/**
 * The inline parser's work budget, shared by its handlers: a number of steps proportional to the
 * heading's length, so that parsing a heading stays linear in its length.
 */
export class WorkBudget {
  private steps = 0;

  constructor(private readonly limit: number) {}

  tick(n = 1): void {
    this.steps += n;
    if (this.steps > this.limit) throw new BudgetExceeded();
  }
}
