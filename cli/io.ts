/** Where the CLI writes: stdout, stderr and whether stderr is a terminal (tests pass their own). */
export interface Io {
  out(s: string): void;
  err(s: string): void;
  isTTY: boolean;
}
