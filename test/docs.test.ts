import { expect, test } from "@jest/globals";
import { readFileSync } from "node:fs";
import { allRules } from "../src/core/rules/index.js";
import { renderRulesDoc } from "../src/render/rules-doc.js";

test("docs/rules.md is current with the rule registry (run `npm run docs`)", () => {
  expect(readFileSync("docs/rules.md", "utf8")).toBe(renderRulesDoc(allRules));
});

test("every rule has a unique, well-formed id and a summary", () => {
  const ids = allRules.map((rule) => rule.id);
  expect(new Set(ids).size).toBe(ids.length);
  for (const rule of allRules) {
    expect(rule.id).toMatch(/^(kep|prr|readme|receipt|repo)\/[a-z0-9-]+$/);
    expect(rule.summary.length).toBeGreaterThan(10);
  }
});

test("schemas/*.json are current with the schema objects (run `npm run docs`)", async () => {
  const { publishedSchemas } = await import("../src/core/schemas/index.js");
  for (const [name, schema] of Object.entries(publishedSchemas)) {
    expect(JSON.parse(readFileSync(`schemas/${name}.json`, "utf8"))).toEqual(JSON.parse(JSON.stringify(schema)));
  }
});

test("src/core/schemas/validators.generated.ts is current with the schema objects (run `npm run docs`, then build)", async () => {
  const { validatorSource } = await import("../src/core/schemas/validator-source.js");
  expect(readFileSync("src/core/schemas/validators.generated.ts", "utf8")).toBe(validatorSource());
});

test("the configuration example in README.md is valid", async () => {
  const { parseConfig } = await import("../src/core/config.js");
  const readme = readFileSync("README.md", "utf8");
  const example = /## Configuration: `\.github\/kepbot\.yml`[\s\S]*?```yaml\n([\s\S]*?)```/.exec(readme)?.[1];
  expect(example).toBeDefined();
  const parsed = parseConfig(example ?? "");
  expect(parsed.ok ? [] : parsed.problems).toEqual([]);
});

test("docs/SECURITY.md says what Redis holds as the coordinator writes it", () => {
  const security = readFileSync("docs/SECURITY.md", "utf8");
  const coordination = readFileSync("src/app/coordination.ts", "utf8");
  for (const prefix of ["kepbot:delivery:", "kepbot:lock:"]) {
    expect(security).toContain(`\`${prefix}`);
    expect(coordination).toContain(prefix);
  }
  expect(coordination).toMatch(/deliveryTtlSeconds = 24 \* 60 \* 60/);
  expect(security).toMatch(/24 hours/);
  expect(security).not.toMatch(/does not de-?duplicate|only rate-limit counters/);
});

test("the README does not promise a webhook proxy kepbot cannot start", () => {
  const readme = readFileSync("README.md", "utf8");
  const manifest = JSON.parse(readFileSync("package.json", "utf8")) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };
  // Probot forwards WEBHOOK_PROXY_URL only through smee-client, which kepbot does not ship.
  expect({ ...manifest.dependencies, ...manifest.devDependencies }["smee-client"]).toBeUndefined();
  expect(readme).not.toMatch(/^\s*export WEBHOOK_PROXY_URL=/m);
  expect(readme).toMatch(/kepbot does not ship `smee-client`/);
});
