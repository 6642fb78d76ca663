import type { CliCommand } from "./command.js";
import { compileCommand } from "./compile-command.js";
import { diffCommand } from "./diff-command.js";
import { traceCommand } from "./trace-command.js";

// kprc's subcommands. compile is the default; trace and diff come from src/cli/trace-command.ts and
// src/cli/diff-command.ts.
export const commands: readonly CliCommand[] = [compileCommand, traceCommand, diffCommand];
