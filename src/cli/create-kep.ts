import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { parseDocument } from "yaml";
import { groupLabel } from "../core/labels.js";
import { writeFileAtomically } from "./atomic-write.js";
import type { CommandIo } from "./command-io.js";
import { enhancementsRoot, isFile } from "./enhancements-root.js";
import { Refusal } from "./refusal.js";
import { loadRepoConfig } from "./repo-config.js";
import { UsageError } from "./usage-error.js";

export interface CreateOptions {
  /** The repository root; undefined: the nearest one at or above the working directory. */
  readonly dir?: string;
  /** `<sig>/<number>-<name>`, as kepctl names a new KEP. */
  readonly kep: string;
  readonly title: string;
  readonly authors: readonly string[];
  readonly participatingSigs?: readonly string[];
  readonly reviewers?: readonly string[];
  readonly approvers?: readonly string[];
  readonly prrApprover?: string;
  readonly now?: Date;
}

/** The KEP template kepctl copies (kubernetes/enhancements keeps it at keps/NNNN-kep-template). */
const templateDir = "keps/NNNN-kep-template";

/**
 * `kepbot create <sig>/<number>-<name>`: kepctl's `create` verb. A new KEP from the repository's template,
 * `provisional`, with its title, number, owning SIG, people and today's date, its README titled to match,
 * and, when a PRR approver is named, its PRR file. It never overwrites: an existing directory, a KEP that
 * already has the number, or an existing PRR file is refused.
 */
export async function runCreate(options: CreateOptions, io: CommandIo): Promise<number> {
  const root = await enhancementsRoot(io.cwd, options.dir);
  const { sig, number, dir } = parseKepName(options.kep);
  if (options.title.trim() === "") throw new UsageError("--title must not be empty");
  if (options.authors.length === 0) throw new UsageError("--authors names at least one author");
  if (await isFile(path.join(root, dir, "kep.yaml"))) throw new Refusal(`${dir} already exists`);
  const taken = await kepDirsNumbered(root, number);
  if (taken.length > 0) throw new Refusal(`KEP ${number} already exists: ${taken.join(", ")}`);
  const prrPath = `keps/prod-readiness/${sig}/${number}.yaml`;
  if (options.prrApprover && (await isFile(path.join(root, prrPath)))) throw new Refusal(`${prrPath} already exists`);

  const template = await readTemplate(root);
  const config = await loadRepoConfig(root);
  const today = (options.now ?? new Date()).toISOString().slice(0, 10);
  const kepYaml = fillKepYaml(template.kepYaml, { ...options, sig, number, today, ...(config.currentRelease ? { release: config.currentRelease } : {}) });
  const readme = template.readme.replace(/^# KEP-NNNN: .*$/m, `# KEP-${number}: ${options.title.trim()}`);

  await writeFileAtomically(path.join(root, dir, "kep.yaml"), kepYaml);
  await writeFileAtomically(path.join(root, dir, "README.md"), readme);
  const written = [`${dir}/kep.yaml`, `${dir}/README.md`];
  if (options.prrApprover) {
    await writeFileAtomically(path.join(root, prrPath), `kep-number: ${number}\nalpha:\n  approver: "@${options.prrApprover.replace(/^@/, "")}"\n`);
    written.push(prrPath);
  }
  io.stdout(`created KEP ${number} (${groupLabel(sig)}), provisional:\n${written.map((file) => `  ${file}\n`).join("")}`);
  return 0;
}

/** `sig-node/4242-sidecar-restarts` → its owning SIG, number and directory below keps/. */
export function parseKepName(kep: string): { sig: string; number: number; dir: string } {
  const match = /^(?:keps\/)?((?:sig|wg|committee|ug)-[a-z0-9-]+)\/([1-9][0-9]*)-([a-z0-9]+(?:-[a-z0-9]+)*)\/?$/.exec(kep);
  if (!match) throw new UsageError(`a new KEP is named <sig>/<number>-<name>, e.g. sig-node/4242-sidecar-restarts (lower case, digits and dashes), not ${kep}`);
  const [, sig = "", number = "", name = ""] = match;
  return { sig, number: Number(number), dir: `keps/${sig}/${number}-${name}` };
}

/** KEP directories anywhere below keps/<group>/ whose name starts with this number. */
async function kepDirsNumbered(root: string, number: number): Promise<string[]> {
  const groups = await readdir(path.join(root, "keps"), { withFileTypes: true }).catch(() => []);
  const found: string[] = [];
  for (const group of groups.filter((entry) => entry.isDirectory())) {
    const dirs = await readdir(path.join(root, "keps", group.name)).catch(() => []);
    for (const name of dirs) if (Number(/^([0-9]+)-/.exec(name)?.[1]) === number) found.push(`keps/${group.name}/${name}`);
  }
  return found;
}

async function readTemplate(root: string): Promise<{ kepYaml: string; readme: string }> {
  const read = (file: string) =>
    readFile(path.join(root, templateDir, file), "utf8").catch(() => {
      throw new Refusal(`the KEP template ${templateDir}/${file} is missing from ${root}`);
    });
  return { kepYaml: await read("kep.yaml"), readme: await read("README.md") };
}

interface Filled extends CreateOptions {
  readonly sig: string;
  readonly number: number;
  readonly today: string;
  readonly release?: string;
}

const handle = (login: string): string => `@${login.replace(/^@/, "")}`;

/**
 * The template's kep.yaml with the new KEP's facts, through the YAML document so that the template's
 * comments stay. The template's examples that would point at other KEPs (see-also, replaces) go.
 */
export function fillKepYaml(template: string, kep: Filled): string {
  const doc = parseDocument(template);
  doc.set("title", kep.title.trim());
  doc.set("kep-number", kep.number);
  doc.set("authors", kep.authors.map(handle));
  doc.set("owning-sig", kep.sig);
  if (kep.participatingSigs?.length) doc.set("participating-sigs", [...kep.participatingSigs]);
  else doc.delete("participating-sigs");
  doc.set("status", "provisional");
  doc.set("creation-date", kep.today);
  doc.set("reviewers", kep.reviewers?.length ? kep.reviewers.map(handle) : ["TBD"]);
  doc.set("approvers", kep.approvers?.length ? kep.approvers.map(handle) : ["TBD"]);
  doc.delete("see-also");
  doc.delete("replaces");
  doc.set("stage", "alpha");
  if (kep.release) {
    doc.set("latest-milestone", kep.release);
    doc.setIn(["milestone"], doc.createNode({ alpha: kep.release }));
  } else {
    // Without a current release in the config there is nothing true to say: the template's v1.19 would mislead.
    doc.delete("latest-milestone");
    doc.delete("milestone");
  }
  return doc.toString({ lineWidth: 0 });
}
