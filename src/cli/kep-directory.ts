import path from "node:path";
import { isFile } from "./enhancements-root.js";
import { UsageError } from "./usage-error.js";

/**
 * The repository-relative directory of the KEP that `<sig>/<NNNN-name>` names (nested SIG directories,
 * a leading `keps/` and a trailing `/` are fine), refusing paths that leave keps/.
 */
export async function kepDirectory(root: string, argument: string): Promise<string> {
  const relative = argument.replace(/\\/g, "/").replace(/^(\.\/)?keps\//, "").replace(/\/+$/, "");
  const parts = relative.split("/");
  if (path.isAbsolute(argument) || parts.length < 2 || parts.some((part) => part === "" || part === "." || part === "..")) {
    throw new UsageError(`${argument} is not a KEP directory below keps/, such as sig-node/4242-sidecar-restarts`);
  }
  const dir = `keps/${relative}`;
  if (!(await isFile(path.join(root, dir, "kep.yaml")))) throw new UsageError(`${dir}/kep.yaml does not exist`);
  return dir;
}
