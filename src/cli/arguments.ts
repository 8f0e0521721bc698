import { InvalidArgumentError } from "commander";
import { releaseVersion } from "../core/receipts/paths.js";

/** `v1.37`: the only release form receipts use (`releases/v<major>.<minor>/`). */
export function parseRelease(value: string): string {
  if (releaseVersion(value) === undefined) throw new InvalidArgumentError("expected a release such as v1.37");
  return value;
}

/** A KEP number as written on the command line; `0042` means 42, as in receipt file names. */
export function parseKepNumber(value: string): number {
  if (!/^[0-9]{1,9}$/.test(value)) throw new InvalidArgumentError("expected a KEP number such as 4242");
  return Number(value);
}

const githubLogin = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/;

/** Comma-separated GitHub logins, `@` optional. */
export function parseLogins(value: string): readonly string[] {
  const logins = value.split(",").map((login) => login.trim().replace(/^@/, "")).filter(Boolean);
  const invalid = logins.find((login) => !githubLogin.test(login));
  if (invalid !== undefined) throw new InvalidArgumentError(`${invalid} is not a GitHub login`);
  if (logins.length === 0) throw new InvalidArgumentError("expected comma-separated GitHub logins");
  return logins;
}
