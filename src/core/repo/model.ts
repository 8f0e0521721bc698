import type { Config } from "../config.js";
import type { OwnersAliases } from "../lists/owners-aliases.js";
import type { Move } from "../receipts/moves.js";
import type { ReceiptLocation } from "../receipts/paths.js";
import type { Groups } from "../lists/sigs.js";
import type { KepYamlSource } from "../parse/kep-yaml.js";
import type { SchemaProblem } from "../parse/validate.js";
import type { YamlReadResult, YamlTree } from "../parse/yaml-tree.js";

/** A text file read for the check; `problem` says why its text is unusable (binary, too large). */
export interface TextFile {
  readonly path: string;
  readonly text?: string;
  readonly problem?: string;
}

/** A KEP directory with its parsed metadata. */
export interface Kep {
  readonly dir: string;
  /** `<dir>/kep.yaml` */
  readonly path: string;
  /** Template directories hold placeholders; process rules skip them. */
  readonly template: boolean;
  /** Why kep.yaml's text could not be read at all (binary, too large). */
  readonly textProblem?: string;
  readonly source?: KepYamlSource;
  /** The parsed metadata; undefined when the YAML could not be read. */
  readonly tree?: YamlTree;
  readonly schemaProblems: readonly SchemaProblem[];
  /** Parsed with no YAML or schema problem: upstream validates PRR only for such KEPs. */
  readonly clean: boolean;
  /** The KEP's README.md; loaded for KEPs under judgement only. */
  readonly readme?: TextFile;
  /**
   * The OWNERS file of the KEP's own directory (SIG Node assigns reviewers and approvers there);
   * loaded for KEPs under judgement whose directory has one, and for no other directory.
   */
  readonly owners?: TextFile;
}

/** A PRR approval file, `keps/prod-readiness/<sig>/<number>.yaml`. */
export interface PrrFile {
  readonly path: string;
  /** The directory below prod-readiness, which should be the KEP's owning SIG. */
  readonly sig: string;
  /** The file name without `.yaml`. */
  readonly fileNumber: string;
  readonly textProblem?: string;
  readonly read?: YamlReadResult;
  readonly tree?: YamlTree;
  readonly schemaProblems: readonly SchemaProblem[];
  readonly clean: boolean;
}

/** A list kepbot needs from the base revision, or why it is not there. */
export type ListState<T> =
  | { readonly state: "loaded"; readonly path: string; readonly value: T }
  | { readonly state: "missing"; readonly path: string }
  | { readonly state: "invalid"; readonly path: string; readonly message: string; readonly line: number };

export interface Lists {
  /** OWNERS_ALIASES of the base revision (SIG lead aliases, PRR approvers). */
  readonly ownersAliases: ListState<OwnersAliases>;
  /** Members of the PRR approver aliases (current and emeritus) from OWNERS_ALIASES. */
  readonly prrApprovers: ListState<ReadonlySet<string>>;
  readonly groups: ListState<Groups>;
  /** Markdown paths exempt from the TOC check. */
  readonly tocExempt: ReadonlySet<string>;
}

/**
 * An approving review, and what changed since: an approval speaks only for the content it saw. A file
 * in `changedSince` differs between the commit the review approved and the one being judged.
 */
export interface Approval {
  readonly login: string;
  readonly changedSince: readonly string[];
}

/** What the pull request itself says, beyond its files: who opened it and who approved it. */
export interface PullRequestFacts {
  readonly author: string;
  /** The latest approving review of each login (a later "changes requested" or dismissal undoes one). */
  readonly approvals: readonly Approval[];
  /** The description, where an exception request answers KEP-2140's questionnaire. */
  readonly body?: string;
}

/** A release receipt, `releases/<release>/<state>/<number>.yaml`. */
export interface ReceiptFile extends ReceiptLocation {
  readonly path: string;
  readonly textProblem?: string;
  readonly read?: YamlReadResult;
  readonly tree?: YamlTree;
  readonly schemaProblems: readonly SchemaProblem[];
  readonly clean: boolean;
}

/**
 * Everything the rules look at: the content under judgement (the whole tree, or what a change
 * touches) and the context loaded to judge it. Rules read this and nothing else.
 */
export interface RepoModel {
  readonly config: Config;
  readonly lists: Lists;
  /** How many KEPs the walker discovered in the whole tree. */
  readonly discoveredKeps: number;
  /** KEPs under judgement. */
  readonly keps: readonly Kep[];
  /** PRR files under judgement. */
  readonly prrFiles: readonly PrrFile[];
  /** Markdown files under judgement for the TOC check (exemptions already removed). */
  readonly markdown: readonly TextFile[];
  /**
   * Files under judgement for the spelling check: every file below `keps/` except `*.yaml` (upstream
   * runs misspell on `git ls-files ':!*.yaml'`), less files whose names say they are binary.
   */
  readonly spellingFiles: readonly TextFile[];
  /** The KEP template's README (`keps/NNNN-kep-template/README.md`), loaded when a KEP README is under judgement. */
  readonly templateReadme?: TextFile;
  /** READMEs under judgement that have no kep.yaml beside them. */
  readonly readmesWithoutMetadata: readonly string[];
  /** A loaded PRR file by path (under judgement or loaded as context). */
  prrFile(path: string): PrrFile | undefined;
  /** Loaded KEPs whose kep-number has this numeric value. */
  kepsNumbered(number: number): readonly Kep[];
  /** Whether every kep.yaml in the tree was loaded, so that "no KEP has this number" is certain. */
  readonly allKepsLoaded: boolean;
  /** The pull request under judgement, when there is one (the app; the CLI with --author/--approved-by). */
  readonly pullRequest?: PullRequestFacts;
  /** A PRR file as it was on the base revision, for PRR files the change touches. */
  basePrrFile(path: string): PrrFile | undefined;
  /** Paths the change touches (head and previous paths); undefined when the whole tree is judged. */
  readonly touched?: ReadonlySet<string>;
  /** Receipts under judgement. */
  readonly receipts: readonly ReceiptFile[];
  /** Every receipt path of the head, for rules that look across a release. */
  readonly receiptPaths: readonly string[];
  /** Paths under releases/ that look like receipts but are misplaced (a bad state directory, a file name that is no number). */
  readonly misplacedReceipts: readonly string[];
  /** Releases that have an OWNERS file on the head. */
  readonly releasesWithOwners: ReadonlySet<string>;
  /** The receipt moves of the change (empty for a whole tree). */
  readonly moves: readonly Move[];
  /** Receipts the change edits in place (no move). */
  readonly receiptEdits: readonly string[];
  /** A release's Enhancements team, from its OWNERS on the base revision; undefined when the base has none. */
  enhancementsTeam(release: string): ReadonlySet<string> | undefined;
  /** The evaluation time: freeze dates are judged against it. */
  readonly now: Date;
  /**
   * Problems of the `.github/kepbot.yml` the change proposes (the base's config still governs the
   * check; this one governs the checks after it merges). Empty when the change leaves it alone.
   */
  readonly proposedConfigProblems: readonly { readonly message: string; readonly line: number }[];
}
