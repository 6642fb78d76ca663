// Everything the CLI does to the outside world goes through an Io, so tests (and the hostile-input
// corpus) run the whole CLI in memory. The only real implementation is node-io.ts.

export interface Io {
  /** A file's text (UTF-8). Throws IoError when it cannot be read. */
  readFile(path: string): Promise<string>;
  /** All of stdin (UTF-8). */
  readStdin(): Promise<string>;
  writeStdout(text: string): Promise<void>;
  writeStderr(text: string): Promise<void>;
  /** Write the whole text to a temporary file beside `path`, then rename it over `path`. */
  writeFileAtomic(path: string, text: string): Promise<void>;
}

/** A file could not be read or written: the user's to fix (exit 2), not a kprc bug. */
export class IoError extends Error {
  override readonly name = "IoError";
}
