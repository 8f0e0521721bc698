import { expect, test } from "@jest/globals";
import { checkRunExternalId, pullNumberOf } from "../../src/app/check-publisher.js";

test("each publisher's run carries the pull request's number and a nonce of its own", () => {
  const [first, second] = [checkRunExternalId(7), checkRunExternalId(7)];
  expect(first).toMatch(/^7:[0-9a-f]{8}$/);
  // Two deliveries for one head within one second: a lost create's look-up must not take the other's run.
  expect(first).not.toBe(second);
});

test.each([
  ["a nonce-carrying id", "7:0a1b2c3d", 7],
  ["an id from before the nonce", "4242", 4242],
  ["another app's id", "build-17", undefined],
  ["none", null, undefined],
  ["zero", "0:ab", undefined],
])("the pull request number in %s", (_name, externalId, number) => {
  expect(pullNumberOf(externalId)).toBe(number);
});
