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
import { Webhooks } from "@octokit/webhooks";
/** POSTs a payload the way GitHub does: JSON body, HMAC-SHA256 signature, event and delivery headers. */
export async function deliver(url, delivery) {
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
let definitions;
function loadDefinitions() {
    if (!definitions) {
        const require = createRequire(import.meta.url);
        const file = require.resolve("@octokit/webhooks-examples/api.github.com/index.json");
        definitions = JSON.parse(readFileSync(file, "utf8"));
    }
    return definitions;
}
/** Event names that have examples, with their actions. */
export function webhookEvents() {
    return loadDefinitions().map((d) => ({ name: d.name, actions: d.actions }));
}
function isPlainObject(value) {
    return value !== null && typeof value === "object" && !Array.isArray(value);
}
/**
 * Deep-merges `overrides` into `target` (a fresh copy is returned): objects merge key by key, arrays and scalars
 * replace, `undefined` leaves the example's value alone, `null` sets null.
 */
export function deepMerge(target, overrides) {
    if (overrides === undefined)
        return structuredClone(target);
    if (!isPlainObject(target) || !isPlainObject(overrides))
        return structuredClone(overrides);
    const out = structuredClone(target);
    for (const [key, value] of Object.entries(overrides)) {
        if (value === undefined)
            continue;
        out[key] = isPlainObject(value) && isPlainObject(out[key]) ? deepMerge(out[key], value) : structuredClone(value);
    }
    return out;
}
/**
 * GitHub's example payload for `name`/`action` (the first example with that action; for events without actions,
 * the first example), deep-merged with `overrides`. Throws when there is no such example.
 */
export function payloadFor(name, action, overrides = {}) {
    const definition = loadDefinitions().find((d) => d.name === name);
    if (!definition)
        throw new Error(`No webhook examples for event "${name}"`);
    const example = action === undefined ? definition.examples[0] : definition.examples.find((e) => e["action"] === action);
    if (!example) {
        const actions = [...new Set(definition.examples.map((e) => String(e["action"])))].join(", ");
        throw new Error(`No "${name}" example with action "${action ?? ""}" (examples exist for: ${actions})`);
    }
    return deepMerge(example, overrides);
}
/** Overrides that point a payload at a repository and installation (repository, organization, installation). */
export function repoOverrides({ owner, repo, installationId }) {
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
/** Overrides for a pull request opened from the author's fork, consistent with GitHubStandIn's pulls. */
export function pullRequestOverrides(p) {
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
export function pullRequestPayload(action, pull, extra = {}) {
    return payloadFor("pull_request", action, deepMerge(pullRequestOverrides(pull), extra));
}
/** An `issue_comment.created` payload on a pull request (the issue carries `pull_request`). */
export function issueCommentPayload(pull, comment, action = "created", extra = {}) {
    return payloadFor("issue_comment", action, deepMerge({
        ...repoOverrides(pull),
        issue: {
            number: pull.number,
            state: "open",
            user: { login: pull.author, type: "User" },
            pull_request: { url: `https://api.github.com/repos/${pull.owner}/${pull.repo}/pulls/${pull.number}` },
        },
        comment: { id: comment.id, body: comment.body, user: { login: comment.login, type: comment.type ?? "User" } },
        sender: { login: comment.login, type: comment.type ?? "User" },
    }, extra));
}
