/**
 * GitHub's official OpenAPI description (api.github.com.json from @octokit/openapi), loaded once per process,
 * turned into a route table, and used to validate path/query parameters and JSON request bodies with ajv.
 *
 * Only the generated JSON file is read (never the package index, which loads ~400 MB).
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { Ajv } from "ajv";
let spec;
let routesByMethod;
let methodsByPath;
export let specLoadMs = 0;
function specPath() {
    const require = createRequire(import.meta.url);
    return require.resolve("@octokit/openapi/generated/api.github.com.json");
}
/** Parses api.github.com.json once per process and builds the route table. */
export function loadSpec() {
    if (spec && routesByMethod)
        return;
    const t0 = performance.now();
    const loaded = JSON.parse(readFileSync(specPath(), "utf8"));
    const table = new Map();
    for (const [template, item] of Object.entries(loaded.paths)) {
        const pathLevel = item["parameters"] ?? [];
        for (const [method, opJson] of Object.entries(item)) {
            if (method === "parameters" || method.startsWith("x-"))
                continue;
            const op = opJson;
            const rawParams = [...pathLevel, ...(op["parameters"] ?? [])];
            const parameters = rawParams.map((p) => resolveParameter(loaded, p));
            const requestBody = op["requestBody"];
            const content = requestBody?.["content"] ?? {};
            const bodySchema = content["application/json"]?.["schema"];
            const operation = {
                operationId: String(op["operationId"]),
                method: method.toUpperCase(),
                template,
                parameters,
                ...(bodySchema ? { bodySchema } : {}),
                bodyRequired: requestBody?.["required"] === true,
                otherContentTypes: Object.keys(content).filter((c) => c !== "application/json"),
            };
            const route = compileRoute(operation);
            const list = table.get(operation.method) ?? [];
            list.push(route);
            table.set(operation.method, list);
        }
    }
    // Most specific first: more literal segments, then fewer multi-segment parameters.
    for (const list of table.values()) {
        list.sort((a, b) => b.literalSegments - a.literalSegments || a.multiSegmentParams - b.multiSegmentParams);
    }
    const byPath = new Map();
    for (const [method, list] of table) {
        for (const r of list) {
            const set = byPath.get(r.operation.template) ?? new Set();
            set.add(method);
            byPath.set(r.operation.template, set);
        }
    }
    spec = loaded;
    routesByMethod = table;
    methodsByPath = byPath;
    specLoadMs = performance.now() - t0;
}
function resolveParameter(s, p) {
    let resolved = p;
    const ref = p["$ref"];
    if (typeof ref === "string") {
        const name = ref.replace("#/components/parameters/", "");
        const target = s.components.parameters[name];
        if (!target)
            throw new Error(`unresolved parameter ${ref}`);
        resolved = target;
    }
    let schema = resolved["schema"] ?? {};
    const schemaRef = schema["$ref"];
    if (typeof schemaRef === "string" && schemaRef.startsWith("#/components/schemas/")) {
        schema = s.components.schemas[schemaRef.replace("#/components/schemas/", "")] ?? {};
    }
    return {
        name: String(resolved["name"]),
        in: resolved["in"],
        required: resolved["required"] === true,
        schema,
        multiSegment: resolved["x-multi-segment"] === true,
    };
}
function escapeRegex(s) {
    return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
function compileRoute(operation) {
    const paramNames = [];
    let literalSegments = 0;
    let multiSegmentParams = 0;
    const segments = operation.template.split("/").slice(1);
    const parts = segments.map((segment) => {
        if (!segment.includes("{")) {
            literalSegments++;
            return escapeRegex(segment);
        }
        // A segment may hold literals around parameters, e.g. "{base}...{head}".
        return segment
            .split(/(\{[^}]+\})/)
            .filter((piece) => piece !== "")
            .map((piece) => {
            const m = /^\{([^}]+)\}$/.exec(piece);
            if (!m || !m[1])
                return escapeRegex(piece);
            const name = m[1];
            paramNames.push(name);
            const multi = operation.parameters.some((p) => p.name === name && p.in === "path" && p.multiSegment);
            if (multi)
                multiSegmentParams++;
            return multi ? "(.+?)" : "([^/]+?)";
        })
            .join("");
    });
    return {
        operation,
        regex: new RegExp(`^/${parts.join("/")}/?$`),
        paramNames,
        literalSegments,
        multiSegmentParams,
    };
}
function safeDecode(s) {
    try {
        return decodeURIComponent(s);
    }
    catch {
        return s;
    }
}
/** Matches a request path (without /api/v3 and query) against the OpenAPI path templates. */
export function matchRoute(method, path) {
    loadSpec();
    const list = routesByMethod?.get(method.toUpperCase()) ?? [];
    for (const route of list) {
        const m = route.regex.exec(path);
        if (!m)
            continue;
        const params = {};
        route.paramNames.forEach((name, i) => {
            params[name] = safeDecode(m[i + 1] ?? "");
        });
        return { operation: route.operation, params };
    }
    return undefined;
}
/** True when some other method is documented for a path (GitHub still answers 404 for the wrong method). */
export function pathExistsForOtherMethod(path) {
    loadSpec();
    for (const [method] of routesByMethod ?? []) {
        if (matchRoute(method, path))
            return true;
    }
    return false;
}
export function allOperations() {
    loadSpec();
    return [...(routesByMethod?.values() ?? [])].flat().map((r) => r.operation);
}
// ---------------------------------------------------------------------------------------------------------------
// Parameter validation (path + query)
function checkScalar(value, schema) {
    const type = schema["type"];
    const enumValues = schema["enum"];
    if (type === "integer" && !/^-?\d+$/.test(value))
        return `${JSON.stringify(value)} is not an integer`;
    if (type === "number" && !Number.isFinite(Number(value)))
        return `${JSON.stringify(value)} is not a number`;
    if (type === "boolean" && value !== "true" && value !== "false")
        return `${JSON.stringify(value)} is not a boolean`;
    if (enumValues && !enumValues.map(String).includes(value)) {
        return `${JSON.stringify(value)} is not a member of ${JSON.stringify(enumValues)}`;
    }
    return undefined;
}
export function validateParameters(operation, pathParams, query) {
    const issues = [];
    for (const p of operation.parameters) {
        if (p.in !== "path" && p.in !== "query")
            continue;
        const value = p.in === "path" ? pathParams[p.name] : query[p.name] ?? query[`${p.name}[]`];
        if (value === undefined) {
            if (p.required) {
                issues.push({ location: p.in, field: p.name, code: "missing_field", message: `"${p.name}" wasn't supplied.` });
            }
            continue;
        }
        const schema = p.schema;
        let problem;
        if (schema["type"] === "array") {
            const items = schema["items"] ?? {};
            for (const v of value.split(","))
                problem ??= checkScalar(v, items);
        }
        else if (Array.isArray(schema["oneOf"]) || Array.isArray(schema["anyOf"])) {
            problem = undefined; // string-or-array query parameters: anything is a string
        }
        else {
            problem = checkScalar(value, schema);
        }
        if (problem) {
            issues.push({ location: p.in, field: p.name, code: "invalid", message: `For '${p.name}', ${problem}.` });
        }
    }
    return issues;
}
// ---------------------------------------------------------------------------------------------------------------
// Body validation with ajv
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})$/i;
let ajv;
const validators = new Map();
/** Keywords whose values are data, not subschemas: copied verbatim. */
const DATA_KEYWORDS = new Set(["enum", "const", "default", "required", "type"]);
/** OpenAPI-only / annotation keywords that ajv should not see. */
const DROPPED_KEYWORDS = new Set([
    "description",
    "title",
    "example",
    "examples",
    "readOnly",
    "writeOnly",
    "deprecated",
    "discriminator",
    "xml",
    "externalDocs",
]);
const SCHEMA_MAP_KEYWORDS = new Set(["properties", "patternProperties", "definitions", "$defs", "dependentSchemas"]);
const SCHEMA_ARRAY_KEYWORDS = new Set(["allOf", "anyOf", "oneOf", "prefixItems"]);
/**
 * Converts an OpenAPI 3.0 schema into a self-contained JSON Schema for ajv:
 * - `$ref: "#/components/schemas/X"` → `#/definitions/X` (with X converted and added to `definitions`);
 * - `nullable: true` → `type: [t, "null"]` (or `anyOf: [..., {type: "null"}]` when there is no `type`;
 *   GitHub's description has ~135 `nullable` without `type`, which ajv would reject);
 * - `format` is kept only for `date-time` (the only format GitHub's bodies depend on that we check);
 * - annotations and `x-*` extensions are dropped.
 */
function convertSchema(node, defs) {
    if (Array.isArray(node))
        return node.map((n) => convertSchema(n, defs));
    if (node === null || typeof node !== "object")
        return node;
    const ref = node["$ref"];
    if (typeof ref === "string") {
        const prefix = "#/components/schemas/";
        if (!ref.startsWith(prefix))
            throw new Error(`unsupported $ref ${ref}`);
        const name = ref.slice(prefix.length);
        if (!(name in defs)) {
            defs[name] = {}; // placeholder, for recursive schemas
            const target = spec?.components.schemas[name];
            if (!target)
                throw new Error(`unresolved ${ref}`);
            defs[name] = convertSchema(target, defs);
        }
        return { $ref: `#/definitions/${name.replace(/~/g, "~0").replace(/\//g, "~1")}` };
    }
    const out = {};
    for (const [key, value] of Object.entries(node)) {
        if (DROPPED_KEYWORDS.has(key) || key.startsWith("x-") || key === "nullable")
            continue;
        if (key === "format") {
            if (value === "date-time")
                out[key] = value;
            continue;
        }
        if (DATA_KEYWORDS.has(key))
            out[key] = value;
        else if (SCHEMA_MAP_KEYWORDS.has(key) && value && typeof value === "object" && !Array.isArray(value)) {
            const mapped = {};
            for (const [k, v] of Object.entries(value))
                mapped[k] = convertSchema(v, defs);
            out[key] = mapped;
        }
        else if (SCHEMA_ARRAY_KEYWORDS.has(key) && Array.isArray(value)) {
            out[key] = value.map((v) => convertSchema(v, defs));
        }
        else if (value !== null && typeof value === "object") {
            out[key] = convertSchema(value, defs); // items, additionalProperties, not, …
        }
        else {
            out[key] = value;
        }
    }
    if (node["nullable"] === true) {
        const type = out["type"];
        if (typeof type === "string") {
            out["type"] = [type, "null"];
            if (Array.isArray(out["enum"]) && !out["enum"].includes(null))
                out["enum"] = [...out["enum"], null];
            return out;
        }
        return { anyOf: [out, { type: "null" }] };
    }
    return out;
}
function getAjv() {
    ajv ??= new Ajv({
        strict: false,
        allErrors: true,
        validateFormats: true,
        formats: { "date-time": DATE_TIME },
    });
    return ajv;
}
/** The compiled validator for an operation's JSON body (compiled lazily, cached per process). */
export function bodyValidator(operation) {
    const key = `${operation.method} ${operation.template}`;
    const cached = validators.get(key);
    if (cached !== undefined)
        return cached;
    if (!operation.bodySchema) {
        validators.set(key, null);
        return null;
    }
    const defs = {};
    const root = convertSchema(operation.bodySchema, defs);
    const fn = getAjv().compile({ ...root, definitions: defs });
    validators.set(key, fn);
    return fn;
}
function pointerToField(instancePath) {
    return instancePath.replace(/^\//, "").replace(/\//g, ".") || "(body)";
}
/** Turns ajv errors into GitHub-style validation messages. */
export function describeAjvErrors(errors, body) {
    const issues = [];
    const seen = new Set();
    for (const e of errors ?? []) {
        const field = pointerToField(e.instancePath);
        const data = readPointer(body, e.instancePath);
        const params = e.params;
        let message;
        let code = "invalid";
        switch (e.keyword) {
            case "maxItems":
                message = `No more than ${String(params["limit"])} items are allowed; ${Array.isArray(data) ? data.length : "?"} were supplied.`;
                break;
            case "minItems":
                message = `At least ${String(params["limit"])} items are required; ${Array.isArray(data) ? data.length : "?"} were supplied.`;
                break;
            case "maxLength":
                message = `For '${field}', only ${String(params["limit"])} characters are allowed; ${typeof data === "string" ? data.length : "?"} were supplied.`;
                break;
            case "minLength":
                message = `For '${field}', at least ${String(params["limit"])} characters are required.`;
                break;
            case "required":
                code = "missing_field";
                message = `"${String(params["missingProperty"])}" wasn't supplied.`;
                break;
            case "enum":
                message = `For '${field}', ${JSON.stringify(data)} is not a member of ${JSON.stringify(params["allowedValues"])}.`;
                break;
            case "type":
                message = `For '${field}', ${JSON.stringify(data)} is not ${String(params["type"])}.`;
                break;
            case "additionalProperties":
                message = `"${String(params["additionalProperty"])}" is not a permitted key.`;
                break;
            case "format":
                message = `For '${field}', ${JSON.stringify(data)} is not a ${String(params["format"])}.`;
                break;
            case "anyOf":
            case "oneOf":
                message = `For '${field}', the value matches ${e.keyword === "oneOf" ? "not exactly one" : "none"} of the allowed shapes.`;
                break;
            default:
                message = `For '${field}', ${e.message ?? e.keyword}.`;
        }
        const key = `${field}|${message}`;
        if (seen.has(key))
            continue;
        seen.add(key);
        issues.push({ location: "body", field, code, message });
    }
    return issues;
}
function readPointer(value, pointer) {
    if (!pointer)
        return value;
    let current = value;
    for (const raw of pointer.split("/").slice(1)) {
        const key = raw.replace(/~1/g, "/").replace(/~0/g, "~");
        if (current === null || typeof current !== "object")
            return undefined;
        current = current[key];
    }
    return current;
}
/** True when the path template exists in the description (any method). Used for diagnostics only. */
export function templateMethods(template) {
    loadSpec();
    return [...(methodsByPath?.get(template) ?? [])];
}
