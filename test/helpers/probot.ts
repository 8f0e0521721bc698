import { generateKeyPairSync } from "node:crypto";
import { createRequire } from "node:module";
import { Probot, ProbotOctokit } from "probot";
import kepbot from "../../src/app/index.js";

/** A throwaway private key: tests never touch a real one. */
export const privateKey = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ type: "pkcs8", format: "pem" }).toString();

/** A Probot running kepbot, without retries or throttling so that nock sees every request once. */
export async function testProbot(): Promise<Probot> {
  const probot = new Probot({
    appId: 123,
    privateKey,
    logLevel: "fatal",
    Octokit: ProbotOctokit.defaults((options: object) => ({ ...options, retry: { enabled: false }, throttle: { enabled: false } })),
  });
  await probot.load(kepbot);
  return probot;
}

interface WebhookExample {
  name: string;
  examples: ({ action?: string } & Record<string, unknown>)[];
}
const examples = createRequire(import.meta.url)("@octokit/webhooks-examples/api.github.com/index.json") as WebhookExample[];

/** A real payload from @octokit/webhooks-examples, with its fields deep-merged with `overrides`. */
export function examplePayload(name: string, action: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const example = examples.find((entry) => entry.name === name)?.examples.find((candidate) => candidate.action === action);
  if (!example) throw new Error(`no example payload for ${name}.${action}`);
  return merge(structuredClone(example), overrides);
}

function merge(target: Record<string, unknown>, source: Record<string, unknown>): Record<string, unknown> {
  for (const [key, value] of Object.entries(source)) {
    const current = target[key];
    target[key] = value && typeof value === "object" && !Array.isArray(value) && current && typeof current === "object" && !Array.isArray(current) ? merge(current as Record<string, unknown>, value as Record<string, unknown>) : value;
  }
  return target;
}
