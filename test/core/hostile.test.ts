import { describe, expect, test } from "@jest/globals";
import { brief, findingsFor, goodRepo, kepDir, prrPath } from "../helpers/repo.js";

const kepPath = `${kepDir}/kep.yaml`;

function aliasBomb(): string {
  const lines = ['title: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let level = 1; level < 10; level++) {
    lines.push(`k${level}: &${String.fromCharCode(97 + level)} [${Array(9).fill(`*${String.fromCharCode(96 + level)}`).join(",")}]`);
  }
  return lines.join("\n");
}

/** Inputs an attacker or an accident can put in a pull request: each gives a finding, never a crash or a hang. */
const hostile: { name: string; content: string | Uint8Array; message: RegExp }[] = [
  { name: "malformed YAML", content: "title: {\n  - ]: :\n", message: /parsing KEP file: unmarshalling YAML/ },
  { name: "binary content", content: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01, 0xff]), message: /binary/ },
  { name: "invalid UTF-8", content: new Uint8Array([0x74, 0x69, 0x74, 0x6c, 0x65, 0x3a, 0x20, 0xc3, 0x28]), message: /not valid UTF-8/ },
  { name: "a 5 MB file", content: `title: x\n${"# padding padding padding padding padding padding\n".repeat(110_000)}`, message: /larger than the 1.0 MiB/ },
  { name: "an alias bomb", content: aliasBomb(), message: /more than 50000 nodes/ },
  { name: "deep nesting", content: `title: ${"[".repeat(100_000)}`, message: /nested more than 64 levels/ },
  { name: "a block-sequence tower", content: `title:\n${Array.from({ length: 300 }, (_, depth) => `${" ".repeat(depth * 2)}-`).join("\n")}\n`, message: /nested/ },
  { name: "a non-string key", content: "? [a, b]\n: value\ntitle: x\n", message: /mapping keys must be plain strings/ },
  { name: "an unknown anchor", content: "title: *nowhere\n", message: /parsing KEP file/ },
];

describe("hostile kep.yaml files give findings", () => {
  test.each(hostile)("$name", async ({ content, message }) => {
    const files: Record<string, string | Uint8Array> = { ...goodRepo(), [kepPath]: content };
    const started = Date.now();
    const findings = await findingsFor(files, { profile: "strict" });
    expect(Date.now() - started).toBeLessThan(5000);
    const onKep = findings.filter((finding) => finding.path === kepPath);
    expect(onKep.length).toBeGreaterThan(0);
    expect(onKep.map((finding) => finding.message).join("\n")).toMatch(message);
  });

  test("a hostile PRR file is reported on the PRR file", async () => {
    const findings = await findingsFor({ ...goodRepo(), [prrPath]: aliasBomb() }, { profile: "upstream" });
    expect(brief(findings)).toEqual([`prr/yaml ${prrPath}:1`]);
  });

  test("a 5 MB README is read, and a binary README is reported", async () => {
    const big = `${goodRepo()[`${kepDir}/README.md`]}\n${"Plain prose line.\n".repeat(300_000)}`;
    expect(await findingsFor({ ...goodRepo(), [`${kepDir}/README.md`]: big }, { profile: "strict" })).toEqual([]);
    const binary = await findingsFor({ ...goodRepo(), [`${kepDir}/README.md`]: new Uint8Array([0, 1, 2]) }, { profile: "upstream" });
    expect(binary.map((finding) => finding.message)).toEqual([expect.stringMatching(/binary/)]);
  });
});
