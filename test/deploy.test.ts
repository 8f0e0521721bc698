/**
 * What the container image and the Kubernetes manifests must keep (issue 10): a supported Node.js LTS, base
 * images pinned by digest, and a Redis that asks for a password (given through the environment, from the
 * Secret, never written into the manifest) with protected mode on, which kepbot's REDIS_URL carries.
 */
import { describe, expect, test } from "@jest/globals";
import { readFileSync } from "node:fs";
import { parseAllDocuments } from "yaml";

interface EnvVar {
  readonly name: string;
  readonly value?: string;
  readonly valueFrom?: { readonly secretKeyRef?: { readonly name: string; readonly key: string } };
}
interface Container {
  readonly name: string;
  readonly image: string;
  readonly command?: readonly string[];
  readonly args?: readonly string[];
  readonly env?: readonly EnvVar[];
}
interface Manifest {
  readonly kind: string;
  readonly metadata: { readonly name: string };
  readonly spec?: { readonly template?: { readonly spec?: { readonly containers?: readonly Container[] } } };
}

const digest = /@sha256:[0-9a-f]{64}$/;
const manifests = (file: string): Manifest[] => parseAllDocuments(readFileSync(file, "utf8")).map((document) => document.toJS() as Manifest);
const container = (file: string, deployment: string, name: string): Container => {
  const found = manifests(file)
    .find((manifest) => manifest.kind === "Deployment" && manifest.metadata.name === deployment)
    ?.spec?.template?.spec?.containers?.find((candidate) => candidate.name === name);
  if (!found) throw new Error(`no container ${name} in Deployment ${deployment} (${file})`);
  return found;
};
const secretRef = (variable: EnvVar | undefined) => variable?.valueFrom?.secretKeyRef;

describe("the Dockerfile", () => {
  const dockerfile = readFileSync("Dockerfile", "utf8");
  const froms = dockerfile.split("\n").filter((line) => /^FROM\s/i.test(line)).map((line) => line.trim().split(/\s+/)[1] ?? "");

  test("every stage starts from an image pinned by digest", () => {
    expect(froms.length).toBeGreaterThanOrEqual(2);
    for (const image of froms) expect(image).toMatch(digest);
    expect(dockerfile).not.toMatch(/^ARG\s/m);
  });

  test("the Node.js image is an LTS line from 22 on (Node 20 is past its end of life), the same in every stage", () => {
    for (const image of froms) {
      const major = Number(/^node:(\d+)-/.exec(image)?.[1]);
      expect(major).toBeGreaterThanOrEqual(22);
      expect(major % 2).toBe(0);
    }
    expect(new Set(froms).size).toBe(1);
  });

  test("the image starts kepbot as `npm start` does (the tests and the bench start it so too), its heap bounded within the pod's memory", () => {
    const cmd = /^CMD\s+(\[.*\])\s*$/m.exec(dockerfile)?.[1];
    const start = (JSON.parse(readFileSync("package.json", "utf8")) as { scripts: { start: string } }).scripts.start;
    expect(JSON.parse(cmd ?? "[]")).toEqual(start.split(/\s+/));
    const heapMB = Number(/--max-old-space-size=(\d+)/.exec(start)?.[1]);
    const limit = container("deploy/kepbot-deployment.yaml", "kepbot", "kepbot") as Container & { resources?: { limits?: { memory?: string } } };
    const limitMiB = Number(/^(\d+)Mi$/.exec(limit.resources?.limits?.memory ?? "")?.[1]);
    // Half the pod's limit at most: the rest is code, buffers, the young generation and the process itself.
    expect(heapMB).toBeGreaterThan(0);
    expect(heapMB).toBeLessThanOrEqual(limitMiB / 2);
  });

  test("package.json's engines ask for the same Node.js major or later", () => {
    const engines = (JSON.parse(readFileSync("package.json", "utf8")) as { engines: { node: string } }).engines.node;
    const imageMajor = Number(/^node:(\d+)-/.exec(froms[0] ?? "")?.[1]);
    expect(Number(/^>=(\d+)\./.exec(engines)?.[1])).toBe(imageMajor);
  });
});

describe("the bundled Redis", () => {
  const redis = container("deploy/redis.yaml", "kepbot-redis", "redis");
  const commandLine = [...(redis.command ?? []), ...(redis.args ?? [])].join(" ");

  test("is pinned by digest", () => {
    expect(redis.image).toMatch(/^redis:/);
    expect(redis.image).toMatch(digest);
  });

  test("requires the password from the Secret, passed through the environment, and keeps protected mode on", () => {
    const password = redis.env?.find((variable) => variable.name === "REDIS_PASSWORD");
    expect(secretRef(password)).toEqual({ name: "kepbot", key: "redis-password" });
    expect(password?.value).toBeUndefined();
    // The shell expands the variable: the manifest names it, never the password.
    expect(commandLine).toMatch(/--requirepass "\$REDIS_PASSWORD"/);
    expect(commandLine).toMatch(/--protected-mode yes/);
    expect(commandLine).not.toMatch(/--protected-mode no/);
    expect(commandLine).toMatch(/^sh -c exec redis-server /);
  });

  test("its probes authenticate (redis-cli reads REDISCLI_AUTH from the same Secret)", () => {
    expect(secretRef(redis.env?.find((variable) => variable.name === "REDISCLI_AUTH"))).toEqual({ name: "kepbot", key: "redis-password" });
  });
});

describe("kepbot's Deployment", () => {
  const kepbot = container("deploy/kepbot-deployment.yaml", "kepbot", "kepbot");
  const env = kepbot.env ?? [];

  test("builds REDIS_URL with the Redis password from the same Secret, defined before it", () => {
    const password = env.findIndex((variable) => variable.name === "REDIS_PASSWORD");
    const url = env.findIndex((variable) => variable.name === "REDIS_URL");
    expect(secretRef(env[password])).toEqual({ name: "kepbot", key: "redis-password" });
    // Kubernetes expands $(VAR) only for variables defined earlier in the list.
    expect(password).toBeGreaterThanOrEqual(0);
    expect(password).toBeLessThan(url);
    expect(env[url]?.value).toBe("redis://:$(REDIS_PASSWORD)@kepbot-redis:6379");
  });

  test("the example Secret shows the redis-password key", () => {
    const secret = manifests("deploy/secret.example.yaml")[0] as unknown as { stringData: Record<string, string> };
    expect(Object.keys(secret.stringData).sort()).toEqual(["app-id", "private-key", "redis-password", "webhook-secret"]);
  });
});
