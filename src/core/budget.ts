/**
 * How much of kepbot's time one judgement may take. Every file is bounded on its own (size, nesting,
 * alias expansion), but a pull request of many costly files adds up: the app gives each delivery a
 * budget, and the loader and the rules charge their synchronous work to it, piece by piece (one file's
 * parse, one rule). Once it is spent, the next piece throws `BudgetExceeded` instead of running.
 * The clock and the way to let other work run are the caller's: the core reads no clock of its own.
 */
export interface WorkBudget {
  /** Runs one synchronous piece of work, charging its time; throws BudgetExceeded when the budget is already spent. */
  spend<T>(work: () => T): T;
  /** Lets other work waiting on the process (other deliveries) run before the next piece. */
  pause(): Promise<void>;
}

export class BudgetExceeded extends Error {
  constructor(
    readonly limitMs: number,
    readonly spentMs: number,
  ) {
    super(`the work budget of ${limitMs} ms is spent (${Math.round(spentMs)} ms so far)`);
    this.name = "BudgetExceeded";
  }
}

/** No limit and no pauses: the CLI, which has a whole machine to itself and a person waiting. */
export const unlimitedBudget: WorkBudget = {
  spend: (work) => work(),
  pause: async () => undefined,
};

/**
 * A budget of `limitMs` of work measured with `clock` (milliseconds); `yieldTurn` lets other work run
 * (the app passes one turn of the event loop). Only the outermost piece is charged,
 * so a piece that runs another inside it is not counted twice. A piece that starts within the budget
 * finishes; the budget can therefore be overrun by at most one piece (one bounded file, one rule).
 */
export function workBudget(limitMs: number, clock: () => number, yieldTurn: () => Promise<void> = async () => undefined): WorkBudget {
  let spent = 0;
  let depth = 0;
  // Pauses queue behind each other: files loaded side by side get one turn each, in order, with other
  // work let in between, rather than all resuming in the same turn. Once the budget is spent there is
  // nothing left to wait for.
  let turns: Promise<void> = Promise.resolve();
  return {
    spend<T>(work: () => T): T {
      if (depth > 0) return work();
      if (spent >= limitMs) throw new BudgetExceeded(limitMs, spent);
      const started = clock();
      depth++;
      try {
        return work();
      } finally {
        depth--;
        spent += clock() - started;
      }
    },
    pause(): Promise<void> {
      if (spent >= limitMs) return Promise.resolve();
      turns = turns.then(yieldTurn);
      return turns;
    },
  };
}
