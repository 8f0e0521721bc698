import { Ajv, type ValidateFunction } from "ajv";
import { readFileSync } from "node:fs";

/**
 * A validator for SARIF 2.1.0 logs: the official schema (fixtures/sarif/SOURCE.md says where it comes
 * from) compiled by ajv. The schema is draft-04 and names itself with draft-04's `id`; it uses no keyword
 * whose meaning later drafts changed, so ajv's default draft reads it once those two are set aside. Its
 * three string formats are checked here, since ajv ships none.
 */
export function sarifValidator(): ValidateFunction {
  const { $schema: _draft, id: _id, ...schema } = JSON.parse(readFileSync(new URL("../../fixtures/sarif/sarif-2.1.0-rtm.5.json", import.meta.url), "utf8")) as Record<string, unknown>;
  const ajv = new Ajv({
    allErrors: true,
    strict: false,
    // The schema's `language` pattern, /^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$/, has a stray `]` that only
    // a non-Unicode regular expression accepts (as a literal), as the schema's authors' validators read it.
    unicodeRegExp: false,
    formats: {
      uri: (value: string) => URL.canParse(value),
      "uri-reference": (value: string) => URL.canParse(value, "file:///"),
      "date-time": /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/,
    },
  });
  return ajv.compile(schema);
}

/** The schema's complaints about `log`, one line each (empty when it is valid). */
export function sarifProblems(validate: ValidateFunction, log: unknown): string[] {
  validate(log);
  return (validate.errors ?? []).map((error) => `${error.instancePath || "/"} ${error.message ?? ""}`);
}
