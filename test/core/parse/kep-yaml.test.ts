import { describe, expect, test } from "@jest/globals";
import { readKepYaml } from "../../../src/core/parse/kep-yaml.js";
import { textAt } from "../../../src/core/parse/yaml-tree.js";

describe("readKepYaml reproduces upstream's `---` handling", () => {
  test("without `---` the whole file is metadata", () => {
    const source = readKepYaml("title: A\nstatus: implementable\n");
    expect(source.result.ok && textAt(source.result.tree, "status")).toBe("implementable");
    expect(source.separatorLines).toEqual([]);
  });

  test("a leading `---` is harmless and line numbers stay the file's", () => {
    const source = readKepYaml("---\ntitle: A\nstatus: implementable\n");
    expect(source.result.ok && source.result.tree?.kind === "map" && source.result.tree.entries[1]?.keyPos.line).toBe(3);
    expect(source.ignoredLines).toEqual([]);
  });

  test("a `# ----` comment line cuts the metadata short: what follows it is ignored", () => {
    const source = readKepYaml("title: A\n# ---- PRR ----\nstatus: implementable\n");
    // Only lines after the first `---` line and before a second count: `title` is lost.
    expect(source.result.ok && textAt(source.result.tree, "title")).toBe("");
    expect(source.result.ok && textAt(source.result.tree, "status")).toBe("implementable");
    expect(source.separatorLines).toEqual([2]);
    expect(source.ignoredLines).toEqual([1]);
  });

  test("a value containing `---` drops that line and ends the metadata at the second one", () => {
    const source = readKepYaml("---\ntitle: A --- B\nstatus: implementable\n");
    expect(source.separatorLines).toEqual([1, 2]);
    expect(source.result.ok && source.result.tree).toBeUndefined();
    expect(source.ignoredLines).toEqual([3]);
  });

  test("CRLF files read the same as LF files", () => {
    const source = readKepYaml("title: A\r\nstatus: implementable\r\n");
    expect(source.result.ok && textAt(source.result.tree, "status")).toBe("implementable");
  });
});
