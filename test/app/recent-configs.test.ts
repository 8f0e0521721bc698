/** The default branch's configuration as read lately (src/app/recent-configs.ts): one read serves the label events of the next few seconds. */
import { describe, expect, test } from "@jest/globals";
import { defaultConfig, type Config } from "../../src/core/config.js";
import { RecentConfigs } from "../../src/app/recent-configs.js";

const enhancements = { installation: 42, owner: "kubernetes", repo: "enhancements", branch: "master" };

/** A clock the test moves, and a read that counts its calls and answers a config named by the count. */
function setup(ttlMs: number) {
  let now = 0;
  let reads = 0;
  const configs = new RecentConfigs(ttlMs, () => now);
  const read = async (): Promise<Config> => ({ ...defaultConfig, sigs: `read ${++reads}` });
  return { configs, read, advance: (ms: number) => void (now += ms), reads: () => reads };
}

describe("the configuration read lately", () => {
  test.each([
    ["a second event within the time reads nothing", 10_000, [0, 9_999], 1],
    ["an event after the time reads again", 10_000, [0, 10_000], 2],
    ["with no time (0), every event reads", 0, [0, 0, 0], 3],
  ])("%s", async (_name, ttlMs, gaps, expectedReads) => {
    const { configs, read, advance, reads } = setup(ttlMs);
    for (const gap of gaps) {
      advance(gap);
      await configs.get(enhancements, read);
    }
    expect(reads()).toBe(expectedReads);
  });

  test("each installation, repository and branch has its own", async () => {
    const { configs, read, reads } = setup(10_000);
    const keys = [enhancements, { ...enhancements, installation: 43 }, { ...enhancements, repo: "other" }, { ...enhancements, branch: "main" }];
    const answers = await Promise.all(keys.map((key) => configs.get(key, read)));
    expect(new Set(answers.map((config) => config.sigs)).size).toBe(4);
    expect(reads()).toBe(4);
  });

  test("events at the same time share one read, and the same answer", async () => {
    const { configs, read, reads } = setup(10_000);
    const answers = await Promise.all([1, 2, 3].map(() => configs.get(enhancements, read)));
    expect(reads()).toBe(1);
    expect(answers.map((config) => config.sigs)).toEqual(["read 1", "read 1", "read 1"]);
  });

  test("a failed read is not kept: the next event reads again", async () => {
    const { configs, read, reads } = setup(10_000);
    await expect(configs.get(enhancements, () => Promise.reject(new Error("GitHub answered 502")))).rejects.toThrow("502");
    expect((await configs.get(enhancements, read)).sigs).toBe("read 1");
    expect(reads()).toBe(1);
  });

  test("a push to the branch: the next event reads again", async () => {
    const { configs, read, reads } = setup(10_000);
    await configs.get(enhancements, read);
    configs.forget({ ...enhancements, branch: "feature" });
    await configs.get(enhancements, read);
    expect(reads()).toBe(1);
    configs.forget(enhancements);
    expect((await configs.get(enhancements, read)).sigs).toBe("read 2");
  });
});
