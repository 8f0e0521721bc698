/** Where a command prints and what it resolves paths against; main() hands in the process's own. */
export interface CommandIo {
  readonly cwd: string;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly colour: boolean;
}
