/**
 * Which labels `/label` and `/remove-label` may touch: Prow's label plugin policy, and label names an
 * attacker cannot disguise.
 *
 * Prow's `label` plugin (kubernetes-sigs/prow `pkg/plugins/label/label.go`) applies only labels with its
 * prefixes (`/kind x` → `kind/x`, …), labels in `additional_labels` and restricted labels, and only labels
 * the repository already has: it never creates one. kepbot does the same, and refuses outright the labels
 * that gate a merge (Tide's required and missing labels, the CLA, `ok-to-test`), whatever the configuration
 * says: those belong to Prow's own commands (`/lgtm`, `/approve`, `/hold`, `/ok-to-test`) and their checks.
 */

/** Prow's label-plugin prefixes (`label.go`: area, committee, kind, language, priority, sig, triage, wg). */
export const prowLabelPrefixes = ["area", "committee", "kind", "language", "priority", "sig", "triage", "wg"] as const;

/** More label changes than this in one comment are refused: a comment is not a bulk-labelling tool. */
export const maxLabelWritesPerComment = 5;

/**
 * Labels that decide whether Tide merges (kubernetes' `tide` queries: `lgtm`, `approved`, `cncf-cla: yes`
 * required; `do-not-merge/*`, `needs-rebase` missing), that decide whether tests run (`ok-to-test`,
 * `needs-ok-to-test`), or that satisfy a merge requirement (`release-note*` clears
 * `do-not-merge/release-note-label-needed`, `skip-review`, `tide/*` merge methods). Patterns end in `*`.
 */
export const mergeGatingLabels: readonly string[] = [
  "lgtm",
  "approved",
  "cncf-cla*",
  "ok-to-test",
  "needs-ok-to-test",
  "do-not-merge*",
  "needs-rebase",
  "release-note*",
  "skip-review",
  "tide/*",
];

/** Invisible and format characters: zero-width spaces and joiners, bidi controls, word joiners, BOMs, fillers. */
const invisible = /[\p{Cc}\p{Cf}\p{Default_Ignorable_Code_Point}\p{Zl}\p{Zp}]|(?! )\p{Zs}/u;

/** Characters drawn as a slash that are not one: `∕` U+2215, `⁄` U+2044, `⧸`, `╱`, `⟋`, `〳`, `᜵`, `̸`. */
const slashLookalikes = /[\u2215\u2044\u29f8\u2571\u27cb\u3033\u1735\u2f03]|\u0338/gu;

/**
 * The name a label is judged by: NFKC (fullwidth `／` → `/`, `ｔｒａｃｋｅｄ` → `tracked`), invisible
 * characters dropped, lookalike slashes read as `/`, lower case. `tracked\u2215yes` and `tracked/\u200byes`
 * are `tracked/yes`, so a restriction on `tracked/*` applies to them.
 */
export function canonicalLabel(name: string): string {
  return name
    .normalize("NFKC")
    .replace(new RegExp(invisible.source, "gu"), "")
    .replace(slashLookalikes, "/")
    .toLowerCase()
    .trim();
}

/** Why a label name is refused before any policy applies (it disguises another name), or undefined. */
export function disguisedLabelName(name: string): string | undefined {
  if (invisible.test(name)) return "the label name holds invisible or control characters";
  const normalized = name.normalize("NFKC");
  if (new RegExp(slashLookalikes.source, "u").test(normalized)) return "the label name holds a character that looks like a slash but is not one";
  if (normalized !== name) return `the label name is not in normal form (NFKC reads it as \`${normalized.replace(/`/g, "'")}\`)`;
  return undefined;
}

/** Does `label` match a name or a `prefix*` pattern, both compared in canonical form? */
export function matchesLabelPattern(label: string, pattern: string): boolean {
  const name = canonicalLabel(label);
  const wanted = canonicalLabel(pattern);
  return wanted.endsWith("*") ? name.startsWith(wanted.slice(0, -1)) : name === wanted;
}

export function isMergeGating(label: string): boolean {
  return mergeGatingLabels.some((pattern) => matchesLabelPattern(label, pattern));
}

/** What the repository's configuration says about `/label` and `/remove-label`. */
export interface LabelCommandSettings {
  /** Off by default where Prow serves the repository: its own `/label` answers there. */
  readonly enabled: boolean;
  /** `kind` allows `kind/…`. */
  readonly prefixes: readonly string[];
  /** Whole label names allowed besides the prefixed ones. */
  readonly additional: readonly string[];
}

/**
 * Why `/label` or `/remove-label` may not touch `label` whoever asks, or undefined when it may (restricted
 * labels then still need an allowed actor). `restricted` labels pass the prefix filter, as in Prow.
 */
export function labelPolicyRefusal(label: string, settings: LabelCommandSettings, restricted: readonly string[]): string | undefined {
  const disguised = disguisedLabelName(label);
  if (disguised) return disguised;
  const shown = `\`${label.replace(/`/g, "'")}\``;
  if (isMergeGating(label)) return `${shown} gates merging or testing: only Prow's own commands (\`/lgtm\`, \`/approve\`, \`/hold\`, \`/ok-to-test\`) and checks set it`;
  const name = canonicalLabel(label);
  const slash = name.indexOf("/");
  const prefixed = slash > 0 && slash < name.length - 1 && settings.prefixes.some((prefix) => canonicalLabel(prefix) === name.slice(0, slash));
  const additional = settings.additional.some((entry) => canonicalLabel(entry) === name);
  const isRestricted = restricted.some((pattern) => matchesLabelPattern(label, pattern));
  if (prefixed || additional || isRestricted) return undefined;
  const prefixes = settings.prefixes.map((prefix) => `\`${prefix}/\``).join(", ");
  return `${shown} is not a label commands may set: only labels starting with ${prefixes || "(no prefix configured)"}${settings.additional.length > 0 ? `, or ${settings.additional.map((entry) => `\`${entry}\``).join(", ")}` : ""}`;
}
