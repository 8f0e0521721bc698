// Regenerates the files derived from the code: docs/rules.md, schemas/*.json and the precompiled
// validators src/core/schemas/validators.generated.ts (`npm run docs`; build again after it).
import { mkdirSync, writeFileSync } from "node:fs";
import { allRules } from "../dist/core/rules/index.js";
import { publishedSchemas } from "../dist/core/schemas/index.js";
import { validatorSource } from "../dist/core/schemas/validator-source.js";
import { renderRulesDoc } from "../dist/render/rules-doc.js";

const root = new URL("../", import.meta.url);
mkdirSync(new URL("docs/", root), { recursive: true });
mkdirSync(new URL("schemas/", root), { recursive: true });
writeFileSync(new URL("docs/rules.md", root), renderRulesDoc(allRules));
for (const [name, schema] of Object.entries(publishedSchemas)) {
  writeFileSync(new URL(`schemas/${name}.json`, root), `${JSON.stringify(schema, null, 2)}\n`);
}
writeFileSync(new URL("src/core/schemas/validators.generated.ts", root), validatorSource());
console.log(`docs/rules.md: ${allRules.length} rules; schemas: ${Object.keys(publishedSchemas).join(", ")}`);
