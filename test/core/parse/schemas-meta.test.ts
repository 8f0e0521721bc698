import { describe, expect, test } from "@jest/globals";
import { Ajv } from "ajv";
import { configSchema } from "../../../src/core/schemas/config.schema.js";
import { kepSchema } from "../../../src/core/schemas/kep.schema.js";
import { prrSchema } from "../../../src/core/schemas/prr.schema.js";
import { receiptSchema } from "../../../src/core/schemas/receipt.schema.js";

// src/core/parse/validate.ts compiles these without checking them against the meta-schema (it cost every
// run a third of the compile time); the check is here, once.
describe("kepbot's schemas are valid JSON Schemas (draft-07 meta-schema) and compile in strict mode", () => {
  test.each([
    ["kep", kepSchema],
    ["prr", prrSchema],
    ["receipt", receiptSchema],
    ["config", configSchema],
  ])("%s", (_name, schema) => {
    const ajv = new Ajv({ allErrors: true, strict: true, strictTypes: false, allowUnionTypes: true });
    expect(ajv.validateSchema(schema)).toBe(true);
    expect(ajv.errors ?? null).toBeNull();
    expect(() => ajv.compile(schema)).not.toThrow();
  });
});
