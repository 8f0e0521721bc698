import type { Actor, AuthorityFacts } from "../core/commands/authorize.js";
import { configPath, defaultConfig, parseConfig, type Config } from "../core/config.js";
import { sigLeadsOf } from "../core/lists/sig-leads.js";
import { readKepYaml } from "../core/parse/kep-yaml.js";
import { decodeText } from "../core/parse/text.js";
import { textAt } from "../core/parse/yaml-tree.js";
import { baseName, dirName } from "../core/repo/discover.js";
import { loadLists, maxYamlBytes } from "../core/repo/load.js";
import type { Lists } from "../core/repo/model.js";
import { BlobCache, GitHubSnapshot } from "../github/github-snapshot.js";
import { blobKey, type GitHubPort, type PullRequest, type RepoRef } from "../github/port.js";

/** The configuration on the default branch: one read, for decisions that most events settle without more. */
export async function configOnDefaultBranch(github: GitHubPort, subject: Subject): Promise<Config> {
  const request = { owner: subject.owner, repo: subject.repo, ref: subject.defaultBranch, path: configPath };
  const bytes = (await github.readBlobs([request])).blobs.get(blobKey(request));
  const parsed = bytes ? parseConfig(new TextDecoder().decode(bytes)) : undefined;
  return parsed?.ok ? parsed.config : defaultConfig;
}

/** An issue or pull request that commands and label events concern. */
export interface Subject extends RepoRef {
  readonly number: number;
  readonly isPullRequest: boolean;
  /** The repository's default branch, where an enhancement issue's KEP lives. */
  readonly defaultBranch: string;
}

/** Everything authorization needs, read from trusted revisions: the base branch, never a PR's head. */
export interface Authority {
  readonly config: Config;
  /** Set when the base branch's config is invalid (the defaults are used). */
  readonly configProblem?: string;
  readonly facts: AuthorityFacts;
  readonly lists: Lists;
  readonly pullRequest?: PullRequest;
}

/**
 * Loads config, OWNERS_ALIASES, sigs.yaml and the owning SIGs of the KEPs an issue or pull request is
 * about. In kubernetes/enhancements an enhancement issue's number is its KEP's number; a pull request
 * is about the KEPs its files touch, whose owning SIG is taken from the base when the KEP exists there.
 */
export async function loadAuthority(github: GitHubPort, subject: Subject): Promise<Authority> {
  const pullRequest = subject.isPullRequest ? await github.getPullRequest(subject) : undefined;
  // The base branch as it is now, never the head: what a pull request changes cannot vouch for itself.
  const trustedRef = pullRequest?.baseRef ?? subject.defaultBranch;
  const cache = new BlobCache(github);
  const trusted = new GitHubSnapshot(github, cache, subject, trustedRef);
  const kepFiles = pullRequest ? await pullRequestKepFiles(github, subject, pullRequest, trustedRef) : await issueKepCandidates(github, subject);
  const head = pullRequest ? new GitHubSnapshot(github, cache, subject, pullRequest.headSha) : trusted;
  await cache.fetch([
    ...[configPath, "OWNERS_ALIASES", defaultConfig.sigs, defaultConfig.tocExemptList].map((path) => trusted.request(path)),
    ...kepFiles.flatMap((path) => [trusted.request(path), head.request(path)]),
  ]);

  const configText = await trusted.readFile(configPath);
  const parsed = configText ? parseConfig(new TextDecoder().decode(configText)) : undefined;
  const config = parsed?.ok === false ? defaultConfig : (parsed?.config ?? defaultConfig);
  const remote = /^([^/:]+)\/([^/:]+):/.exec(config.sigs);
  const lists = await loadLists(trusted, config, remote ? new GitHubSnapshot(github, cache, { owner: remote[1] ?? "", repo: remote[2] ?? "" }, "HEAD") : undefined);

  let owningSigs = await owningSigsOf(kepFiles, trusted, head, subject.isPullRequest ? undefined : subject.number);
  if (owningSigs.length === 0 && !subject.isPullRequest) owningSigs = await searchAllKeps(github, subject, trusted);
  const sigLeads = new Map(owningSigs.map((sig) => [sig, sigLeadsOf(sig, lists)]));
  return {
    config,
    ...(parsed?.ok === false ? { configProblem: parsed.problems.map((problem) => `${configPath}:${problem.line}: ${problem.message}`).join("; ") } : {}),
    facts: { config, owningSigs, sigLeads },
    lists,
    ...(pullRequest ? { pullRequest } : {}),
  };
}

/**
 * The actor with the teams (of `candidates`) GitHub says they belong to; asked only when `needed`,
 * since leads and unrestricted actions need no team and each team costs a request.
 */
export async function actorWithTeams(github: GitHubPort, authority: Authority, subject: Subject, login: string, candidates: readonly string[], needed: boolean): Promise<Actor> {
  const teams = new Set<string>();
  if (needed) {
    const org = authority.config.org ?? subject.owner;
    for (const team of candidates) if (await github.isTeamMember(org, team, login)) teams.add(team);
  }
  return { login, teams, isSelf: false };
}

/**
 * kep.yaml of every KEP directory the pull request's files fall in, before and after: a KEP moved
 * into another SIG's directory is still the old SIG's KEP, and one added beside it is its SIG's too.
 */
async function pullRequestKepFiles(github: GitHubPort, subject: Subject, pr: PullRequest, baseRef: string): Promise<readonly string[]> {
  const [files, head, base] = await Promise.all([github.listChangedFiles({ ...subject, number: pr.number, headSha: pr.headSha, baseSha: pr.baseSha }, 3000), github.listTree(subject, pr.headSha), github.listTree(subject, baseRef)]);
  const present = new Set([...head, ...base]);
  const found = new Set<string>();
  for (const path of files.flatMap((file) => [file.path, ...(file.previousPath ? [file.previousPath] : [])])) {
    for (let dir = dirName(path); dir.startsWith("keps/"); dir = dirName(dir)) {
      if (present.has(`${dir}/kep.yaml`)) {
        found.add(`${dir}/kep.yaml`);
        break;
      }
    }
  }
  return [...found];
}

/** kep.yaml files whose directory names the issue's number: where its KEP almost always is. */
async function issueKepCandidates(github: GitHubPort, subject: Subject): Promise<readonly string[]> {
  const tree = await github.listTree(subject, subject.defaultBranch);
  return tree.filter((path) => baseName(path) === "kep.yaml" && Number(/^([0-9]+)-/.exec(baseName(dirName(path)))?.[1]) === subject.number);
}

/** Owning SIGs of the KEPs in `paths`: the trusted revision's when the KEP exists there, else (a new KEP) the head's. */
async function owningSigsOf(paths: readonly string[], trusted: GitHubSnapshot, head: GitHubSnapshot, number: number | undefined): Promise<string[]> {
  const sigs = new Set<string>();
  for (const path of paths) {
    const metadata = (await metadataAt(trusted, path)) ?? (await metadataAt(head, path));
    if (!metadata) continue;
    if (number !== undefined && Number(metadata.number) !== number) continue;
    if (metadata.owningSig) sigs.add(metadata.owningSig);
  }
  return [...sigs];
}

async function metadataAt(snapshot: GitHubSnapshot, path: string): Promise<{ number: string; owningSig: string } | undefined> {
  const bytes = await snapshot.readFile(path);
  if (!bytes) return undefined;
  const decoded = decodeText(bytes, maxYamlBytes);
  if (!decoded.ok) return undefined;
  const read = readKepYaml(decoded.text).result;
  if (!read.ok) return undefined;
  return { number: textAt(read.tree, "kep-number"), owningSig: textAt(read.tree, "owning-sig") };
}

/** The rare KEP whose directory does not carry its number (KEP 1884 lives in 2043-…): read every kep.yaml. */
async function searchAllKeps(github: GitHubPort, subject: Subject, trusted: GitHubSnapshot): Promise<string[]> {
  const all = (await github.listTree(subject, subject.defaultBranch)).filter((path) => path.startsWith("keps/") && baseName(path) === "kep.yaml");
  await trusted.prefetch(all);
  return owningSigsOf(all, trusted, trusted, subject.number);
}
