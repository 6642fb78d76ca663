import type { Argv } from "yargs";
import type { Io } from "./io.js";

// What a kprc subcommand is: its yargs definition and an async body that returns an exit code.
// Errors are thrown, not printed: main() turns them into one stderr line and an exit code.

export type CommandArgs = Readonly<Record<string, unknown>>;

export interface CliCommand {
  /** yargs command string(s); `$0` marks the default command. */
  readonly command: string | readonly string[];
  readonly describe: string;
  readonly builder: (yargs: Argv) => Argv;
  readonly run: (args: CommandArgs, io: Io) => Promise<number>;
}

/** Global flags every command has. */
export interface GlobalFlags {
  readonly verbose: boolean;
  readonly debug: boolean;
}

export function globalFlags(args: CommandArgs): GlobalFlags {
  return { verbose: args.verbose === true, debug: args.debug === true };
}
