import { describe, expect, test } from "@jest/globals";
import { closestMatch, didYouMean, editDistance } from "../../src/core/did-you-mean.js";
import { stages, statuses } from "../../src/core/schemas/kep.schema.js";

describe("editDistance", () => {
  test.each([
    ["", "", 0],
    ["abc", "", 3],
    ["", "ab", 2],
    ["kitten", "sitting", 3],
    ["imlpemented", "implemented", 1],
    ["implementible", "implementable", 1],
    ["sig-scheduler", "sig-scheduling", 3],
    ["ca", "abc", 3],
  ])("%s → %s is %d", (a, b, distance) => {
    expect(editDistance(a, b)).toBe(distance);
    expect(editDistance(b, a)).toBe(distance);
  });
});

describe("closestMatch and didYouMean", () => {
  test("a misspelled status, stage or SIG finds the value meant", () => {
    expect(closestMatch("implementible", statuses)).toBe("implementable");
    expect(closestMatch("imlpemented", statuses)).toBe("implemented");
    expect(closestMatch("Implemented", statuses)).toBe("implemented");
    expect(closestMatch("aplha", stages)).toBe("alpha");
    expect(closestMatch("sig-scheduler", ["sig-node", "sig-scheduling", "sig-storage"])).toBe("sig-scheduling");
  });

  test("nothing close, nothing suggested", () => {
    expect(closestMatch("alpha|beta|stable", stages)).toBeUndefined();
    expect(closestMatch("sig-arch", ["sig-apps", "sig-architecture"])).toBeUndefined();
    expect(closestMatch("TBD", statuses)).toBeUndefined();
    expect(closestMatch("", statuses)).toBeUndefined();
    expect(closestMatch("x".repeat(10_000), statuses)).toBeUndefined();
    expect(didYouMean("wat", statuses)).toBe("");
  });

  test("didYouMean ends a message", () => {
    expect(didYouMean("implementible", statuses)).toBe('; did you mean "implementable"?');
  });
});
