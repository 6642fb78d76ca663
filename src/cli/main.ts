import yargs from "yargs";
import type { CliCommand } from "./command.js";
import { commands } from "./commands.js";
import { ExitCode, UsageError, errorText, exitCodeFor } from "./exit-codes.js";
import type { Io } from "./io.js";
import { stdinMarker } from "./read-inputs.js";
import { version } from "./version.js";

// kprc's entry point: argv + Io in, exit code out. Never throws, never exits the process, and
// writes stdout only when the command succeeded (commands render everything before writing).

export type { Io } from "./io.js";

const usage = `kprc — kube-proxy rule compiler

Compiles Kubernetes Services + EndpointSlices (or legacy Endpoints) + Nodes into the rules
kube-proxy would write: iptables-restore input (byte-identical to kube-proxy's iptables mode), the
same chains as nft input, or kube-proxy's nftables-mode table.

Usage: $0 [compile] [files..|-] [options]
       $0 <command> --help

Exit codes: 0 ok, 1 differences found (diff), 2 bad input or usage, 3 internal error.`;

function parser(io: Io, exit: { code: number }) {
  const y = yargs()
    .scriptName("kprc")
    .usage(usage)
    .locale("en")
    .wrap(110)
    .strict()
    .exitProcess(false)
    .option("verbose", { type: "boolean", default: false, global: true, describe: "report what was read and skipped on stderr" })
    .option("debug", { type: "boolean", default: false, global: true, describe: "show stack traces on errors" })
    .fail((message, error) => {
      throw error ?? new UsageError(`${message.replace(/\s*\n\s*/g, " ")} (see kprc --help)`);
    })
    .help()
    .alias("help", "h")
    .version(version);
  for (const command of commands) y.command(toYargs(command, io, exit));
  return y;
}

function toYargs(command: CliCommand, io: Io, exit: { code: number }) {
  return {
    command: command.command as string | string[],
    describe: command.describe,
    builder: command.builder,
    handler: async (args: Record<string, unknown>) => {
      exit.code = await command.run(args, io);
    },
  };
}

export async function main(argv: readonly string[], io: Io): Promise<number> {
  const debug = argv.includes("--debug");
  // yargs swallows a bare `-`; keep it as a file argument meaning stdin.
  const args = argv.map((a) => (a === "-" ? stdinMarker : a));
  const exit = { code: ExitCode.ok as number };
  try {
    let helpOutput = "";
    await parser(io, exit).parseAsync(args, {}, (_error, _argv, output) => {
      helpOutput = output;
    });
    if (helpOutput !== "") await io.writeStdout(`${helpOutput}\n`);
    return exit.code;
  } catch (error) {
    try {
      await io.writeStderr(errorText(error, debug));
    } catch {
      // stderr is gone (EPIPE); the exit code still tells.
    }
    return exitCodeFor(error);
  }
}
