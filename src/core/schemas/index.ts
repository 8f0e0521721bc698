import { configSchema } from "./config.schema.js";
import { kepSchema } from "./kep.schema.js";
import { prrSchema } from "./prr.schema.js";
import { receiptSchema } from "./receipt.schema.js";

type JsonSchema = { readonly [key: string]: unknown };

/**
 * A schema as an editor's YAML language server needs it. kepbot reads every scalar as its source text
 * (`kep-number: 2133` is the text "2133"), but an editor parses plain YAML 1.2 core types, where that is
 * an integer and `disable-supported: true` a boolean. So a text scalar also admits numbers and booleans;
 * what the schema is for in an editor stays: object versus list versus scalar, required keys, unknown keys.
 */
export function forEditors(schema: JsonSchema): JsonSchema {
  const widened: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === "type" && isTextScalar(schema)) widened[key] = [...new Set([...asList(value), "number", "boolean"])];
    else if (Array.isArray(value)) widened[key] = value.map((item) => (isObject(item) ? forEditors(item) : item));
    else if (isObject(value)) widened[key] = key === "const" || key === "default" ? value : forEditors(value);
    else widened[key] = value;
  }
  return widened;
}

/** A string-typed schema without an enum or const (those name exact words, which only text can be). */
function isTextScalar(schema: JsonSchema): boolean {
  return asList(schema["type"]).includes("string") && !("enum" in schema) && !("const" in schema);
}

function asList(value: unknown): string[] {
  return Array.isArray(value) ? value.map(String) : typeof value === "string" ? [value] : [];
}

function isObject(value: unknown): value is JsonSchema {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The JSON Schemas published under schemas/ (for editors and other tools); the TS objects are the source. */
export const publishedSchemas = {
  kep: forEditors(kepSchema),
  prr: forEditors(prrSchema),
  receipt: forEditors(receiptSchema),
  config: configSchema,
} as const;
