import { describe, expect, test } from "@jest/globals";
import { brief, findingsFor, goodRepo, kepDir, kepYaml, prrPath } from "../../helpers/repo.js";

const kepPath = `${kepDir}/kep.yaml`;

/** Every rule upstream CI enforces, each with a failing case; the passing case is the good repository. */
const cases: { name: string; change: (files: Record<string, string>) => void; expected: string[]; message?: RegExp }[] = [
  {
    name: "README without kep.yaml",
    change: (files) => void (files["keps/sig-apps/77-orphan/README.md"] = "# KEP-77: Orphan\n<!-- toc -->\n<!-- /toc -->\n"),
    expected: ["kep/metadata-missing keps/sig-apps/77-orphan/README.md:1"],
    message: /metadata file missing for KEP: keps\/sig-apps\/77-orphan\/kep.yaml/,
  },
  {
    name: "kep.yaml with a syntax error",
    change: (files) => void (files[kepPath] = "title: [unclosed\nstatus: implementable\n"),
    expected: ["kep/yaml keps/sig-node/4242-sidecar-restarts/kep.yaml:2"],
  },
  {
    name: "kep.yaml with a duplicate key",
    change: (files) => void (files[kepPath] = `${kepYaml()}title: again\n`),
    expected: [`kep/yaml ${kepPath}:26`],
    message: /mapping key "title" already defined at line 1/,
  },
  {
    name: "empty kep.yaml",
    change: (files) => void (files[kepPath] = ""),
    expected: [`kep/yaml ${kepPath}:1`],
    message: /EOF/,
  },
  {
    name: "an unknown field (prr-approvers was removed upstream)",
    change: (files) => void (files[kepPath] = kepYaml({ "prr-approvers": '\n  - "@deads2k"' })),
    expected: [`kep/schema ${kepPath}:26`],
    message: /unknown field "prr-approvers"/,
  },
  {
    name: "an unknown milestone stage",
    change: (files) => void (files[kepPath] = kepYaml({ milestone: '\n  alpha: "v1.32"\n  gamma: "v1.33"' })),
    expected: [`kep/schema ${kepPath}:18`],
    message: /unknown field "gamma" in "milestone"/,
  },
  {
    name: "a list where a single value belongs",
    change: (files) => void (files[kepPath] = kepYaml({ title: "\n  - one\n  - two" })),
    expected: [`kep/schema ${kepPath}:1`],
    message: /"title" must be a single value, found a list/,
  },
  {
    name: "a missing required field",
    change: (files) => void (files[kepPath] = kepYaml({ authors: null })),
    expected: [`kep/schema ${kepPath}:1`],
    message: /required field "authors" is missing/,
  },
  {
    name: "an empty required value",
    change: (files) => void (files[kepPath] = kepYaml({ status: "" })),
    expected: [`kep/schema ${kepPath}:8`],
    message: /"status" is required and must not be empty/,
  },
  {
    name: "implementable with no latest-milestone",
    change: (files) => void (files[kepPath] = kepYaml({ "latest-milestone": null })),
    expected: [`prr/milestone-required ${kepPath}:1`],
    message: /missing the latest milestone field/,
  },
  {
    name: "implementable with an unparseable latest-milestone",
    change: (files) => void (files[kepPath] = kepYaml({ "latest-milestone": "TBD" })),
    expected: [`kep/milestone-format ${kepPath}:15`, `prr/milestone-required ${kepPath}:15`],
    message: /creating a SemVer object for latest milestone/,
  },
  {
    name: "implementable with no stage",
    change: (files) => void (files[kepPath] = kepYaml({ stage: null })),
    expected: [`prr/stage-required ${kepPath}:1`],
    message: /missing the stage field/,
  },
  {
    name: "no PRR file",
    change: (files) => void delete files[prrPath],
    expected: [`prr/file-missing ${kepPath}:2`],
    message: /keps\/prod-readiness\/sig-node\/4242.yaml does not exist/,
  },
  {
    name: "a PRR file with an unknown key",
    change: (files) => void (files[prrPath] = 'kep-number: 4242\nbeta:\n  approver: "@wojtek-t"\n  reviewer: x\n'),
    expected: [`prr/schema ${prrPath}:4`],
    message: /unknown field "reviewer" in "beta"/,
  },
  {
    name: "a PRR block with an empty approver",
    change: (files) => void (files[prrPath] = 'kep-number: 4242\nalpha:\n  approver: ""\nbeta:\n  approver: "@wojtek-t"\n'),
    expected: [`prr/schema ${prrPath}:3`],
    message: /"alpha.approver" must not be empty/,
  },
  {
    name: "a PRR file with a syntax error",
    change: (files) => void (files[prrPath] = "kep-number: 4242\nbeta: [\n"),
    expected: [`prr/yaml ${prrPath}:2`],
  },
  {
    name: "no block for the KEP's stage",
    change: (files) => void (files[prrPath] = 'kep-number: 4242\nalpha:\n  approver: "@wojtek-t"\n'),
    expected: [`prr/stage-block ${prrPath}:1`],
    message: /the selected PRR milestone stage is not populated/,
  },
  {
    name: "no stage blocks at all",
    change: (files) => void (files[prrPath] = "kep-number: 4242\nbeta:\n"),
    expected: [`prr/stage-block ${prrPath}:1`],
    message: /none of the PRR milestones are populated/,
  },
  {
    name: "an approver who is not a PRR approver",
    change: (files) => void (files[prrPath] = 'kep-number: 4242\nbeta:\n  approver: "@mallory"\n'),
    expected: [`prr/approver-unknown ${prrPath}:3`],
    message: /this contributor \(mallory\) is not a PRR approver \(\[deads2k ehashman johnbelamaric wojtek-t\]\)/,
  },
  {
    name: "a stale table of contents",
    change: (files) => void (files[`${kepDir}/README.md`] = (files[`${kepDir}/README.md`] ?? "").replace("## Summary", "## Overview")),
    expected: [`readme/toc ${kepDir}/README.md:3`],
  },
];

describe("upstream rules (profile upstream)", () => {
  test("the good repository passes", async () => {
    expect(brief(await findingsFor(goodRepo(), { profile: "upstream" }))).toEqual([]);
  });

  test.each(cases)("$name", async ({ change, expected, message }) => {
    const files = goodRepo();
    change(files);
    const findings = await findingsFor(files, { profile: "strict" });
    const upstreamOnly = await findingsFor(files, { profile: "upstream" });
    // Every expected finding appears under strict; under upstream only the upstream rules do.
    expect(brief(findings)).toEqual(expect.arrayContaining(expected));
    expect(brief(upstreamOnly)).toEqual(expected.filter((entry) => !entry.startsWith("kep/milestone-format")));
    if (message) expect(findings.map((finding) => finding.message).join("\n")).toMatch(message);
  });

  test("a repository with no kep.yaml fails as a whole", async () => {
    expect(brief(await findingsFor({ "keps/README.md": "# KEPs\n", "hack/.notableofcontents": "keps/README.md\n" }, { profile: "upstream" }))).toEqual(["repo/no-keps keps:-"]);
  });
});

describe("edge cases from the real repository", () => {
  test("latest-milestone 1.30 is v1.30, so PRR is required", async () => {
    const files = goodRepo();
    delete files[prrPath];
    files[`${kepDir}/kep.yaml`] = kepYaml({ "latest-milestone": "1.30", milestone: "\n  alpha: 1.29\n  beta: 1.30" });
    expect(brief(await findingsFor(files, { profile: "upstream" }))).toEqual([`prr/file-missing ${kepPath}:2`]);
  });

  test('latest-milestone "0.0" exempts a KEP from PRR', async () => {
    const files = goodRepo();
    delete files[prrPath];
    files[kepPath] = kepYaml({ "latest-milestone": '"0.0"' });
    expect(await findingsFor(files, { profile: "upstream" })).toEqual([]);
  });

  test("v1.20 is before PRR and needs no file; the threshold is configurable", async () => {
    const files = goodRepo();
    delete files[prrPath];
    files[kepPath] = kepYaml({ "latest-milestone": '"v1.20"', milestone: '\n  alpha: "v1.19"\n  beta: "v1.20"' });
    expect(await findingsFor(files, { profile: "upstream" })).toEqual([]);
    expect(brief(await findingsFor(files, { profile: "upstream", config: { prrRequiredFrom: "v1.19" } }))).toEqual([`prr/file-missing ${kepPath}:2`]);
  });

  test("kep-number 0752 looks for 0752.yaml, the raw text", async () => {
    const dir = "keps/sig-node/752-endpoints";
    const files = { ...goodRepo(), [`${dir}/kep.yaml`]: kepYaml({ "kep-number": "0752" }), [`${dir}/README.md`]: "<!-- toc -->\n<!-- /toc -->\n" };
    const findings = brief(await findingsFor(files, { profile: "upstream" }));
    expect(findings).toEqual([`prr/file-missing ${dir}/kep.yaml:2`]);
    expect((await findingsFor(files, { profile: "upstream" }))[0]?.message).toMatch(/sig-node\/0752.yaml/);
  });

  test("approvers: [] passes upstream, approvers: with no value fails", async () => {
    const files = goodRepo();
    files[kepPath] = kepYaml({ approvers: " []" });
    expect(await findingsFor(files, { profile: "upstream" })).toEqual([]);
    files[kepPath] = kepYaml({ approvers: "" });
    expect(brief(await findingsFor(files, { profile: "upstream" }))).toEqual([`kep/schema ${kepPath}:12`]);
  });

  test("an emeritus PRR approver is accepted, with or without @", async () => {
    const files = goodRepo();
    files[prrPath] = "kep-number: 4242\nbeta:\n  approver: ehashman\n";
    expect(await findingsFor(files, { profile: "upstream" })).toEqual([]);
  });

  test("approver case matters, as upstream compares exactly", async () => {
    const files = goodRepo();
    files[prrPath] = "kep-number: 4242\nbeta:\n  approver: \"@Deads2k\"\n";
    expect(brief(await findingsFor(files, { profile: "upstream" }))).toEqual([`prr/approver-unknown ${prrPath}:3`]);
  });

  test("a `---` comment line silently empties the metadata upstream: kepbot says why", async () => {
    const files = goodRepo();
    files[kepPath] = `# ------ metadata ------\n${kepYaml()}`.replace("stage: beta", "# ---\nstage: beta");
    const findings = await findingsFor(files, { profile: "strict" });
    expect(brief(findings)).toEqual([`prr/milestone-required ${kepPath}:1`, `kep/separator ${kepPath}:15`, `kep/separator ${kepPath}:16`]);
    expect(findings.find((finding) => finding.line === 16)?.message).toMatch(/upstream ignores 12 line/);
  });

  test("the template directories are walked but not judged by process rules", async () => {
    const files = { ...goodRepo(), "keps/NNNN-kep-template/kep.yaml": "title: KEP Template\nkep-number: NNNN\nauthors: []\nowning-sig: sig-xyz\napprovers: []\nstatus: provisional|implementable\ncreation-date: yyyy-mm-dd\n", "keps/NNNN-kep-template/README.md": "<!-- toc -->\n<!-- /toc -->\n" };
    expect(await findingsFor(files, { profile: "strict" })).toEqual([]);
  });

  test("subdirectories sorting after kep.yaml are not walked; those before are", async () => {
    const files = {
      ...goodRepo(),
      [`${kepDir}/zz-notes/README.md`]: "<!-- toc -->\n<!-- /toc -->\n",
      [`${kepDir}/Images/README.md`]: "<!-- toc -->\n<!-- /toc -->\n",
    };
    expect(brief(await findingsFor(files, { profile: "upstream" }))).toEqual([`kep/metadata-missing ${kepDir}/Images/README.md:1`]);
  });

  test("files listed in hack/.notableofcontents are exempt from the TOC check", async () => {
    const files: Record<string, string> = { ...goodRepo(), "keps/README.md": "# KEPs without a TOC\n" };
    expect(await findingsFor(files, { profile: "upstream" })).toEqual([]);
    files["hack/.notableofcontents"] = "";
    expect(brief(await findingsFor(files, { profile: "upstream" }))).toEqual(["readme/toc keps/README.md:1"]);
  });
});
