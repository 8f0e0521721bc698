/** rememberingRecentTexts: a text seen before is not parsed again, within a count and a size. */
import { describe, expect, test } from "@jest/globals";
import { rememberingRecentTexts } from "../../src/core/lists/recent-texts.js";

/** A parse that counts its calls, remembered with `limit` and `maxChars`; `parses(texts)` runs the texts in order. */
function counting(limit: number, maxChars?: number) {
  const parsed: string[] = [];
  const parse = rememberingRecentTexts((text: string) => {
    parsed.push(text);
    return { length: text.length };
  }, limit, maxChars);
  return (texts: string[]) => {
    for (const text of texts) parse(text);
    return parsed;
  };
}

describe("rememberingRecentTexts", () => {
  test.each([
    ["a text seen before: parsed once", 4, undefined, ["a", "a", "a"], ["a"]],
    ["the least recently used goes first", 2, undefined, ["a", "b", "a", "c", "a", "b"], ["a", "b", "c", "b"]],
    // 24 characters hold eight texts of three: the ninth pushes the oldest out, and "aaa" back in pushes out "bbb".
    ["within maxChars: the least recently used go until the rest fit", 100, 24, ["aaa", "bbb", "ccc", "ddd", "eee", "fff", "ggg", "hhh", "iii", "aaa", "ccc", "bbb"], ["aaa", "bbb", "ccc", "ddd", "eee", "fff", "ggg", "hhh", "iii", "aaa", "bbb"]],
    ["a text over an eighth of maxChars is parsed every time, and pushes nothing out", 10, 16, ["xx", "yyy", "yyy", "xx"], ["xx", "yyy", "yyy"]],
  ])("%s", (_name, limit, maxChars, texts, parsed) => {
    expect(counting(limit, maxChars)(texts)).toEqual(parsed);
  });

  test("the same result object for the same text (nothing to parse, nothing copied)", () => {
    const parse = rememberingRecentTexts((text: string) => ({ text }));
    expect(parse("kep-number: 4242")).toBe(parse("kep-number: 4242"));
  });
});
