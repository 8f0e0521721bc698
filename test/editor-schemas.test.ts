import { describe, expect, test } from "@jest/globals";
import { Ajv } from "ajv";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { corpusDir } from "./helpers/corpus.js";

/**
 * schemas/*.json as an editor uses them: a YAML language server parses plain YAML 1.2 (numbers,
 * booleans, null) and validates with a standard JSON Schema validator. Every real kep.yaml and PRR
 * file must pass; a file with an unknown key, a missing required key or a list where a scalar belongs
 * must not.
 */
function filesNamed(dir: string, test: (name: string) => boolean): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? filesNamed(full, test) : test(entry.name) ? [full] : [];
  });
}

const validator = (name: string) => new Ajv({ allErrors: true, strict: false }).compile(JSON.parse(readFileSync(`schemas/${name}.json`, "utf8")) as object);
const errorsOf = (validate: ReturnType<typeof validator>, file: string) => {
  validate(parse(readFileSync(file, "utf8"), { uniqueKeys: false }));
  return (validate.errors ?? []).map((error) => `${path.relative(corpusDir, file)}${error.instancePath} ${error.message}`);
};

describe("every file of the real repository validates as an editor reads it", () => {
  test("656 kep.yaml against schemas/kep.json", () => {
    const validate = validator("kep");
    const files = filesNamed(path.join(corpusDir, "keps"), (name) => name === "kep.yaml");
    expect(files).toHaveLength(656);
    expect(files.flatMap((file) => errorsOf(validate, file))).toEqual([]);
  });

  test("the PRR approval files against schemas/prr.json (the template's empty approver is a blank to fill)", () => {
    const validate = validator("prr");
    const files = filesNamed(path.join(corpusDir, "keps/prod-readiness"), (name) => name.endsWith(".yaml")).filter((file) => !file.includes("/template/"));
    expect(files.length).toBeGreaterThan(400);
    expect(files.flatMap((file) => errorsOf(validate, file))).toEqual([]);
  });
});

describe("what the editor schema still catches", () => {
  const validate = validator("kep");
  const base = parse(readFileSync(path.join(corpusDir, "keps/sig-node/6072-dra-standard-numanode/kep.yaml"), "utf8")) as Record<string, unknown>;
  test.each([
    ["an unknown key", { ...base, "owning-sigs": "sig-node" }, "must NOT have additional properties"],
    ["a missing required key", Object.fromEntries(Object.entries(base).filter(([key]) => key !== "owning-sig")), "must have required property 'owning-sig'"],
    ["a list where a scalar belongs", { ...base, title: ["a", "b"] }, "must be string,number,boolean"],
  ])("%s", (_name, document, message) => {
    expect(validate(document)).toBe(false);
    expect(validate.errors?.map((error) => error.message)).toContain(message);
  });

  test("the real file itself passes (the cases above differ from it in one place)", () => {
    expect(validate(base)).toBe(true);
  });
});
