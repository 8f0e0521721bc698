import { receiptLocation, releaseOwnersPath } from "../receipts/paths.js";
import type { Rule } from "./rule.js";

export const receiptDuplicate: Rule = {
  id: "receipt/duplicate",
  summary: "A KEP has one receipt per release: the same number in two states of one release is an error.",
  upstream: false,
  severity: "error",
  *check(repo) {
    for (const receipt of repo.receipts) {
      const others = repo.receiptPaths.filter((path) => {
        const other = receiptLocation(path);
        return path !== receipt.path && other?.release === receipt.release && other.number === receipt.number;
      });
      if (others.length > 0) yield { path: receipt.path, line: 1, message: `KEP ${receipt.number} also has ${others.join(", ")}: one receipt per KEP per release` };
    }
  },
};

export const receiptReleaseOwners: Rule = {
  id: "receipt/release-owners",
  summary: "Every release with receipts has an OWNERS file naming its Enhancements team.",
  upstream: false,
  severity: "error",
  *check(repo) {
    const reported = new Set<string>();
    for (const receipt of repo.receipts) {
      if (repo.releasesWithOwners.has(receipt.release) || reported.has(receipt.release)) continue;
      reported.add(receipt.release);
      yield { path: receipt.path, line: 1, message: `${releaseOwnersPath(receipt.release)} is missing: a release needs an OWNERS file naming its Enhancements team (kepbot release create ${receipt.release})` };
    }
  },
};
