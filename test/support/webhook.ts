/**
 * Delivering signed webhooks to a running app, with payloads taken from GitHub's published examples
 * (@octokit/webhooks-examples) so that they carry every field real deliveries carry.
 *
 *   const payload = pullRequestPayload("opened", { owner, repo, installationId: 99, number: 7, headSha, baseSha, author: "alice" });
 *   const { status } = await deliver(`${appUrl}/api/github/webhooks`, { name: "pull_request", payload, secret });
 */
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { request as httpRequest, type ClientRequest } from "node:http";
import { Webhooks } from "@octokit/webhooks";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type WebhookPayload = Record<string, any>;

export interface Delivery {
  /** event name, sent as `x-github-event` (e.g. "pull_request") */
  name: string;
  /** delivery id, sent as `x-github-delivery` (default: a random UUID) */
  id?: string;
  payload: unknown;
  /** the app's WEBHOOK_SECRET (probot defaults to "development") */
  secret: string;
  /** extra headers (they override the defaults) */
  headers?: Record<string, string>;
}

export interface DeliveryResult {
  status: number;
  body: string;
  /** milliseconds until the app answered (probot answers after its handlers finish) */
  ms: number;
}

/** POSTs a payload the way GitHub does: JSON body, HMAC-SHA256 signature, event and delivery headers. */
export async function deliver(url: string, delivery: Delivery): Promise<DeliveryResult> {
  const body = JSON.stringify(delivery.payload);
  const signature = await new Webhooks({ secret: delivery.secret }).sign(body);
  const t0 = performance.now();
  const res = await fetch(url, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "user-agent": "GitHub-Hookshot/stand-in",
      "x-github-event": delivery.name,
      "x-github-delivery": delivery.id ?? randomUUID(),
      "x-hub-signature-256": signature,
      ...delivery.headers,
    },
    body,
  });
  const text = await res.text();
  return { status: res.status, body: text, ms: performance.now() - t0 };
}

interface WebhookDefinition {
  name: string;
  actions: string[];
  examples: WebhookPayload[];
}

let definitions: WebhookDefinition[] | undefined;

function loadDefinitions(): WebhookDefinition[] {
  if (!definitions) {
    const require = createRequire(import.meta.url);
    const file = require.resolve("@octokit/webhooks-examples/api.github.com/index.json");
    definitions = JSON.parse(readFileSync(file, "utf8")) as WebhookDefinition[];
  }
  return definitions;
}

/** Event names that have examples, with their actions. */
export function webhookEvents(): { name: string; actions: string[] }[] {
  return loadDefinitions().map((d) => ({ name: d.name, actions: d.actions }));
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/**
 * Deep-merges `overrides` into `target` (a fresh copy is returned): objects merge key by key, arrays and scalars
 * replace, `undefined` leaves the example's value alone, `null` sets null.
 */
export function deepMerge<T>(target: T, overrides: unknown): T {
  if (overrides === undefined) return structuredClone(target);
  if (!isPlainObject(target) || !isPlainObject(overrides)) return structuredClone(overrides) as T;
  const out: Record<string, unknown> = structuredClone(target);
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined) continue;
    out[key] = isPlainObject(value) && isPlainObject(out[key]) ? deepMerge(out[key], value) : structuredClone(value);
  }
  return out as T;
}

/**
 * GitHub's example payload for `name`/`action` (the first example with that action; for events without actions,
 * the first example), deep-merged with `overrides`. Throws when there is no such example.
 */
export function payloadFor(name: string, action?: string, overrides: unknown = {}): WebhookPayload {
  const definition = loadDefinitions().find((d) => d.name === name);
  if (!definition) throw new Error(`No webhook examples for event "${name}"`);
  const example =
    action === undefined ? definition.examples[0] : definition.examples.find((e) => e["action"] === action);
  if (!example) {
    const actions = [...new Set(definition.examples.map((e) => String(e["action"])))].join(", ");
    throw new Error(`No "${name}" example with action "${action ?? ""}" (examples exist for: ${actions})`);
  }
  return deepMerge(example, overrides);
}

export interface RepoRef {
  owner: string;
  repo: string;
  installationId: number;
}

/** Overrides that point a payload at a repository and installation (repository, organization, installation). */
export function repoOverrides({ owner, repo, installationId }: RepoRef): WebhookPayload {
  return {
    repository: {
      name: repo,
      full_name: `${owner}/${repo}`,
      owner: { login: owner, type: "Organization" },
      html_url: `https://github.com/${owner}/${repo}`,
      fork: false,
      default_branch: "master",
    },
    organization: { login: owner },
    installation: { id: installationId },
  };
}

export interface PullRef extends RepoRef {
  number: number;
  headSha: string;
  baseSha: string;
  author: string;
  headRef?: string;
  baseRef?: string;
  title?: string;
  body?: string;
  labels?: string[];
}

/** Overrides for a pull request opened from the author's fork, consistent with GitHubStandIn's pulls. */
export function pullRequestOverrides(p: PullRef): WebhookPayload {
  const repoPart = repoOverrides(p);
  const headRef = p.headRef ?? `kep-${p.number}`;
  const baseRef = p.baseRef ?? "master";
  return deepMerge(repoPart, {
    number: p.number,
    pull_request: {
      number: p.number,
      state: "open",
      draft: false,
      merged: false,
      user: { login: p.author, type: "User" },
      ...(p.title !== undefined ? { title: p.title } : {}),
      ...(p.body !== undefined ? { body: p.body } : {}),
      ...(p.labels !== undefined ? { labels: p.labels.map((name) => ({ name })) } : {}),
      html_url: `https://github.com/${p.owner}/${p.repo}/pull/${p.number}`,
      url: `https://api.github.com/repos/${p.owner}/${p.repo}/pulls/${p.number}`,
      head: {
        sha: p.headSha,
        ref: headRef,
        label: `${p.author}:${headRef}`,
        user: { login: p.author },
        repo: { name: p.repo, full_name: `${p.author}/${p.repo}`, fork: true, owner: { login: p.author } },
      },
      base: {
        sha: p.baseSha,
        ref: baseRef,
        label: `${p.owner}:${baseRef}`,
        user: { login: p.owner },
        repo: { name: p.repo, full_name: `${p.owner}/${p.repo}`, fork: false, owner: { login: p.owner } },
      },
    },
  });
}

/** A `pull_request` payload for `action` ("opened", "synchronize", "edited", "labeled", …) on the given pull. */
export function pullRequestPayload(action: string, pull: PullRef, extra: unknown = {}): WebhookPayload {
  return payloadFor("pull_request", action, deepMerge(pullRequestOverrides(pull), extra));
}

/** An `issue_comment.created` payload on a pull request (the issue carries `pull_request`). */
export function issueCommentPayload(
  pull: PullRef,
  comment: { id: number; body: string; login: string; type?: "User" | "Bot" },
  action = "created",
  extra: unknown = {},
): WebhookPayload {
  return payloadFor(
    "issue_comment",
    action,
    deepMerge(
      {
        ...repoOverrides(pull),
        issue: {
          number: pull.number,
          state: "open",
          user: { login: pull.author, type: "User" },
          pull_request: { url: `https://api.github.com/repos/${pull.owner}/${pull.repo}/pulls/${pull.number}` },
        },
        comment: { id: comment.id, body: comment.body, user: { login: comment.login, type: comment.type ?? "User" } },
        sender: { login: comment.login, type: comment.type ?? "User" },
      },
      extra,
    ),
  );
}

export interface RawPost {
  headers: Record<string, string>;
  /**
   * `Buffer`: sent whole, with its content-length. `{ chunk, count }`: sent chunked (no length), chunk after
   * chunk until the server answers or `count` chunks are out. `"headers-only"`: the headers (with whatever
   * content-length they declare), then nothing until the server answers.
   */
  body: Buffer | { chunk: Buffer; count: number } | "headers-only";
}

export interface RawResult {
  /** 0 when the connection failed before any answer */
  status: number;
  body: string;
  /** body bytes handed to the socket before the answer came (or all of them) */
  bytesSent: number;
  ms: number;
  error?: string;
}

/** A POST written by hand (node:http), for what fetch cannot do: huge, chunked or never-finished bodies. */
export function postRaw(url: string, post: RawPost): Promise<RawResult> {
  const t0 = performance.now();
  return new Promise((resolve) => {
    let bytesSent = 0;
    let answered = false;
    let settled = false;
    const settle = (result: Omit<RawResult, "bytesSent" | "ms">) => {
      if (settled) return;
      settled = true;
      resolve({ ...result, bytesSent, ms: performance.now() - t0 });
    };
    const request = httpRequest(url, { method: "POST", headers: post.headers });
    request.on("response", (response) => {
      answered = true;
      let text = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => void (text += chunk));
      const done = () => {
        settle({ status: response.statusCode ?? 0, body: text });
        request.destroy();
      };
      response.on("end", done);
      response.on("close", done);
      response.on("error", done);
    });
    request.on("error", (error) => settle({ status: 0, body: "", error: error.message }));
    const body = post.body;
    if (body === "headers-only") {
      request.flushHeaders();
    } else if (Buffer.isBuffer(body)) {
      bytesSent = body.length;
      request.end(body);
    } else {
      void (async () => {
        for (let i = 0; i < body.count && !answered && !request.destroyed; i++) {
          bytesSent += body.chunk.length;
          if (!request.write(body.chunk)) await drained(request);
        }
        if (!request.destroyed) request.end();
      })();
    }
  });
}

/** Resolves when the request can take more (or is gone). */
function drained(request: ClientRequest): Promise<void> {
  return new Promise((resolve) => {
    const go = () => {
      request.off("drain", go).off("close", go);
      resolve();
    };
    request.on("drain", go).on("close", go);
  });
}
