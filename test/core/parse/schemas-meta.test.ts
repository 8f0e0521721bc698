import { describe, expect, test } from "@jest/globals";
import { Ajv } from "ajv";
import { configSchema } from "../../../src/core/schemas/config.schema.js";
import { kepSchema } from "../../../src/core/schemas/kep.schema.js";
import { prrSchema } from "../../../src/core/schemas/prr.schema.js";
import { receiptSchema } from "../../../src/core/schemas/receipt.schema.js";
import { ajvOptions } from "../../../src/core/schemas/validator-source.js";

// kepbot validates with these schemas compiled ahead of time (src/core/schemas/validator-source.ts), which
// does not check them against the meta-schema; the check is here.
describe("kepbot's schemas are valid JSON Schemas (draft-07 meta-schema) and compile in strict mode", () => {
  test.each([
    ["kep", kepSchema],
    ["prr", prrSchema],
    ["receipt", receiptSchema],
    ["config", configSchema],
  ])("%s", (_name, schema) => {
    const ajv = new Ajv({ ...ajvOptions });
    expect(ajv.validateSchema(schema)).toBe(true);
    expect(ajv.errors ?? null).toBeNull();
    expect(() => ajv.compile(schema)).not.toThrow();
  });
});
