import { generateKeyPairSync } from "node:crypto";
import { createRequire } from "node:module";
import { Probot, ProbotOctokit } from "probot";
import kepbot from "../../src/app/index.js";
/** A throwaway private key: tests never touch a real one. */
export const privateKey = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ type: "pkcs8", format: "pem" }).toString();
/** A Probot running kepbot, without retries or throttling so that nock sees every request once. */
export async function testProbot() {
    const probot = new Probot({
        appId: 123,
        privateKey,
        logLevel: "fatal",
        Octokit: ProbotOctokit.defaults((options) => ({ ...options, retry: { enabled: false }, throttle: { enabled: false } })),
    });
    await probot.load(kepbot);
    return probot;
}
const examples = createRequire(import.meta.url)("@octokit/webhooks-examples/api.github.com/index.json");
/** A real payload from @octokit/webhooks-examples, with its fields deep-merged with `overrides`. */
export function examplePayload(name, action, overrides = {}) {
    const example = examples.find((entry) => entry.name === name)?.examples.find((candidate) => candidate.action === action);
    if (!example)
        throw new Error(`no example payload for ${name}.${action}`);
    return merge(structuredClone(example), overrides);
}
function merge(target, source) {
    for (const [key, value] of Object.entries(source)) {
        const current = target[key];
        target[key] = value && typeof value === "object" && !Array.isArray(value) && current && typeof current === "object" && !Array.isArray(current) ? merge(current, value) : value;
    }
    return target;
}
