import { UsageError } from "./usage-error.js";

/**
 * The command would make a change that kepbot's rules reject (a move outside the state diagram, a
 * second receipt, a proposal after the freeze). Like a usage error it exits 2 with one line on stderr,
 * and nothing has been written.
 */
export class Refusal extends UsageError {}
