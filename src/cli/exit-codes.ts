import { InputError } from "../input/errors.js";
import { ReadError } from "../read/errors.js";
import { IoError } from "./io.js";

// kprc's exit codes, documented in the README's usage section.
export const ExitCode = {
  ok: 0,
  /** `kprc diff`: the rulesets differ. */
  differences: 1,
  /** Bad input, bad flags, unreadable files: the user can fix it. */
  badInput: 2,
  /** A bug in kprc. */
  internal: 3,
} as const;

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** A command line yargs (or a command) refuses. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

export function exitCodeFor(error: unknown): ExitCode {
  return isUserError(error) ? ExitCode.badInput : ExitCode.internal;
}

export function isUserError(error: unknown): boolean {
  return error instanceof InputError || error instanceof IoError || error instanceof UsageError || error instanceof ReadError;
}

/** One line for stderr; the stack only with --debug. */
export function errorText(error: unknown, debug: boolean): string {
  const message = error instanceof Error ? error.message : String(error);
  const oneLine = message.replace(/\s*[\r\n]+\s*/g, " ").trim();
  if (debug) return `${error instanceof Error && error.stack !== undefined ? error.stack : oneLine}\n`;
  if (isUserError(error)) return `kprc: ${oneLine}\n`;
  return `kprc: internal error: ${oneLine} (this is a bug in kprc; --debug shows the stack)\n`;
}
