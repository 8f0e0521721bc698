import type { ErrorObject, ValidateFunction } from "ajv";
import { configSchema } from "../schemas/config.schema.js";
import { kepSchema } from "../schemas/kep.schema.js";
import { prrSchema } from "../schemas/prr.schema.js";
import { receiptSchema } from "../schemas/receipt.schema.js";
import * as compiled from "../schemas/validators.generated.js";
import { lineAt, toPlain, type YamlTree } from "./yaml-tree.js";

export interface SchemaProblem {
  readonly message: string;
  readonly line: number;
  /** The offending key path, e.g. ["milestone", "gamma"]. */
  readonly path: readonly (string | number)[];
}

/**
 * kepbot's schemas, compiled by ajv ahead of time (schemas/validator-source.ts, `npm run docs`): a run
 * neither loads ajv nor compiles a schema. test/docs.test.ts checks the compiled code is current, and
 * test/core/parse/schemas-meta.test.ts that the schemas are valid JSON Schemas.
 */
const validators = new Map<object, ValidateFunction>([
  [kepSchema, compiled.kep as ValidateFunction],
  [prrSchema, compiled.prr as ValidateFunction],
  [receiptSchema, compiled.receipt as ValidateFunction],
  [configSchema, compiled.config as ValidateFunction],
]);

function validatorFor(schema: object): ValidateFunction {
  const validate = validators.get(schema);
  if (!validate) throw new Error("validateTree: not one of kepbot's precompiled schemas (kep, prr, receipt, config)");
  return validate;
}

/**
 * Validates a YAML tree against a JSON Schema and says what is wrong in plain words, each problem on
 * the line of the offending key. An empty list means the tree conforms.
 */
export function validateTree(schema: object, tree: YamlTree | undefined, typedScalars = false): readonly SchemaProblem[] {
  const validate = validatorFor(schema);
  const data = toPlain(tree, typedScalars) ?? null;
  if (validate(data)) return [];
  const problems = (validate.errors ?? []).flatMap((error) => describe(error, data));
  return dedupe(problems).map((problem) => ({ ...problem, line: lineAt(tree, problem.path) }));
}

function describe(error: ErrorObject, data: unknown): Omit<SchemaProblem, "line">[] {
  const path = error.instancePath.split("/").slice(1).map(unescapePointer);
  const name = path.length > 0 ? `"${path.join(".")}"` : "the document";
  const value = valueAt(data, path);
  switch (error.keyword) {
    case "additionalProperties": {
      const key = String(error.params.additionalProperty);
      const where = path.length > 0 ? ` in ${name}` : "";
      return [{ path: [...path, key], message: `unknown field "${key}"${where}` }];
    }
    case "required": {
      const key = String(error.params.missingProperty);
      return [{ path, message: `required field "${[...path, key].join(".")}" is missing` }];
    }
    case "type": {
      if (value === null && path.length > 0) return [{ path, message: `${name} is required and must not be empty` }];
      return [{ path, message: `${name} must be ${typeWords(error.params.type)}, found ${kindOf(value)}` }];
    }
    case "minLength":
      return [{ path, message: `${name} must not be empty` }];
    case "pattern":
      return [{ path, message: `${name} has the value "${String(value)}", which is not ${patternWords(error.params.pattern)}` }];
    case "enum":
      return [{ path, message: `${name} is "${String(value)}", should be one of [${(error.params.allowedValues as unknown[]).join(" ")}]` }];
    case "propertyNames":
      return [];
    default:
      return [{ path, message: `${name} ${error.message ?? "is invalid"}` }];
  }
}

function typeWords(type: unknown): string {
  const names = (Array.isArray(type) ? type : [type]).filter((t) => t !== "null");
  const words: Record<string, string> = { string: "a single value", array: "a list", object: "a mapping", integer: "a whole number", boolean: "true or false" };
  return names.map((t) => words[String(t)] ?? String(t)).join(" or ");
}

function patternWords(pattern: unknown): string {
  return String(pattern).startsWith("^(y|Y|yes") ? "true or false" : `of the form ${String(pattern)}`;
}

function kindOf(value: unknown): string {
  if (Array.isArray(value)) return "a list";
  if (value !== null && typeof value === "object") return "a mapping";
  if (typeof value === "string") return `"${value}"`;
  return "nothing";
}

function valueAt(data: unknown, path: readonly string[]): unknown {
  let node = data;
  for (const step of path) {
    if (node === null || typeof node !== "object") return undefined;
    node = (node as Record<string, unknown>)[step];
  }
  return node;
}

function unescapePointer(segment: string): string {
  return segment.replace(/~1/g, "/").replace(/~0/g, "~");
}

function dedupe(problems: Omit<SchemaProblem, "line">[]): Omit<SchemaProblem, "line">[] {
  const seen = new Set<string>();
  return problems.filter((problem) => {
    const key = `${problem.path.join("/")}\u0000${problem.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
