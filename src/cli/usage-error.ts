/** The command could not run (bad arguments, not a repository, unreadable config): exit status 2. */
export class UsageError extends Error {}
