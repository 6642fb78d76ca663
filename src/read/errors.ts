// Text that cannot be read back as a ruleset at all (a rule outside a table, an open quote). Rules
// we merely do not understand are not errors: they are kept as `unknown` matches and targets.
export class ReadError extends Error {
  constructor(
    readonly line: number,
    readonly reason: string,
    readonly sourceName = "<input>",
  ) {
    super(`${sourceName}:${line}: ${reason}`);
    this.name = "ReadError";
  }
}
