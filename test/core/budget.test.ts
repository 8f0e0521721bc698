import { describe, expect, test } from "@jest/globals";
import { BudgetExceeded, workBudget } from "../../src/core/budget.js";
import { defaultConfig } from "../../src/core/config.js";
import { checkRepository, runRules } from "../../src/core/evaluate.js";
import type { Rule } from "../../src/core/rules/rule.js";
import { InMemorySnapshot } from "../../src/core/snapshot.js";
import { goodRepo } from "../helpers/repo.js";

/** A clock that moves only when told. */
function fakeClock() {
  let now = 0;
  return { clock: () => now, advance: (ms: number) => void (now += ms) };
}

describe("the work budget", () => {
  test("pieces run until the budget is spent; the piece that passes it finishes, the next one throws", () => {
    const { clock, advance } = fakeClock();
    const budget = workBudget(100, clock);
    expect(budget.spend(() => (advance(60), "a"))).toBe("a");
    expect(budget.spend(() => (advance(60), "b"))).toBe("b");
    let ran = false;
    expect(() => budget.spend(() => (ran = true))).toThrow(BudgetExceeded);
    expect(ran).toBe(false);
    expect(() => budget.spend(() => undefined)).toThrow(/work budget of 100 ms is spent \(120 ms/);
  });

  test("a piece inside a piece is charged once", () => {
    const { clock, advance } = fakeClock();
    const budget = workBudget(100, clock);
    budget.spend(() => budget.spend(() => advance(70)));
    expect(() => budget.spend(() => advance(20))).not.toThrow();
  });

  test("pauses take turns in order, one after the other; once the budget is spent they no longer wait", async () => {
    const { clock, advance } = fakeClock();
    const order: string[] = [];
    let release: (() => void)[] = [];
    const budget = workBudget(100, clock, () => new Promise<void>((resolve) => release.push(resolve)));
    const a = budget.pause().then(() => order.push("a"));
    const b = budget.pause().then(() => order.push("b"));
    await Promise.resolve();
    expect(release).toHaveLength(1);
    release.shift()?.();
    await a;
    await new Promise((resolve) => setImmediate(resolve));
    expect(order).toEqual(["a"]);
    release.shift()?.();
    await b;
    expect(order).toEqual(["a", "b"]);
    budget.spend(() => advance(100));
    release = [];
    await budget.pause();
    expect(release).toEqual([]);
  });

  test("a spent budget stops the rules: it is not turned into a finding like a rule's own failure", () => {
    const { clock, advance } = fakeClock();
    const budget = workBudget(10, clock);
    const slow: Rule = { id: "test/slow", summary: "", upstream: true, severity: "error", check: () => (advance(20), []) };
    const broken: Rule = { id: "test/broken", summary: "", upstream: true, severity: "error", check: () => { throw new Error("boom"); } };
    const model = { config: defaultConfig } as Parameters<typeof runRules>[0];
    expect(runRules(model, [broken], budget)).toEqual([expect.objectContaining({ rule: "test/broken", message: expect.stringMatching(/boom/) })]);
    expect(() => runRules(model, [slow, broken], budget)).toThrow(BudgetExceeded);
  });

  test("loading charges each kep.yaml parse: with no budget left the judgement stops", async () => {
    const { clock } = fakeClock();
    const input = { head: new InMemorySnapshot(goodRepo()), config: defaultConfig };
    await expect(checkRepository({ ...input, budget: workBudget(0, clock) })).rejects.toThrow(BudgetExceeded);
    // A budget that is never spent changes nothing.
    const unbounded = await checkRepository({ ...input, budget: workBudget(Infinity, clock) });
    expect(unbounded).toEqual(await checkRepository(input));
  });
});
