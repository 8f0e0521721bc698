import { Ajv } from "ajv";
import { lineAt, toPlain } from "./yaml-tree.js";
const ajv = new Ajv({ allErrors: true, strict: true, strictTypes: false, allowUnionTypes: true });
const compiled = new WeakMap();
function validatorFor(schema) {
    let validate = compiled.get(schema);
    if (!validate) {
        validate = ajv.compile(schema);
        compiled.set(schema, validate);
    }
    return validate;
}
/**
 * Validates a YAML tree against a JSON Schema and says what is wrong in plain words, each problem on
 * the line of the offending key. An empty list means the tree conforms.
 */
export function validateTree(schema, tree, typedScalars = false) {
    const validate = validatorFor(schema);
    const data = toPlain(tree, typedScalars) ?? null;
    if (validate(data))
        return [];
    const problems = (validate.errors ?? []).flatMap((error) => describe(error, data));
    return dedupe(problems).map((problem) => ({ ...problem, line: lineAt(tree, problem.path) }));
}
function describe(error, data) {
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
            if (value === null && path.length > 0)
                return [{ path, message: `${name} is required and must not be empty` }];
            return [{ path, message: `${name} must be ${typeWords(error.params.type)}, found ${kindOf(value)}` }];
        }
        case "minLength":
            return [{ path, message: `${name} must not be empty` }];
        case "pattern":
            return [{ path, message: `${name} has the value "${String(value)}", which is not ${patternWords(error.params.pattern)}` }];
        case "enum":
            return [{ path, message: `${name} is "${String(value)}", should be one of [${error.params.allowedValues.join(" ")}]` }];
        case "propertyNames":
            return [];
        default:
            return [{ path, message: `${name} ${error.message ?? "is invalid"}` }];
    }
}
function typeWords(type) {
    const names = (Array.isArray(type) ? type : [type]).filter((t) => t !== "null");
    const words = { string: "a single value", array: "a list", object: "a mapping", integer: "a whole number", boolean: "true or false" };
    return names.map((t) => words[String(t)] ?? String(t)).join(" or ");
}
function patternWords(pattern) {
    return String(pattern).startsWith("^(y|Y|yes") ? "true or false" : `of the form ${String(pattern)}`;
}
function kindOf(value) {
    if (Array.isArray(value))
        return "a list";
    if (value !== null && typeof value === "object")
        return "a mapping";
    if (typeof value === "string")
        return `"${value}"`;
    return "nothing";
}
function valueAt(data, path) {
    let node = data;
    for (const step of path) {
        if (node === null || typeof node !== "object")
            return undefined;
        node = node[step];
    }
    return node;
}
function unescapePointer(segment) {
    return segment.replace(/~1/g, "/").replace(/~0/g, "~");
}
function dedupe(problems) {
    const seen = new Set();
    return problems.filter((problem) => {
        const key = `${problem.path.join("/")}\u0000${problem.message}`;
        if (seen.has(key))
            return false;
        seen.add(key);
        return true;
    });
}
