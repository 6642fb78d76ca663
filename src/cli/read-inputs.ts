import type { Source } from "../input/documents.js";
import type { Io } from "./io.js";

// File arguments → sources. `-` (or no file at all) is stdin, read once.

/** yargs drops a bare `-`, so main() swaps it for this marker before parsing. */
export const stdinMarker = "\u0000stdin";

export async function readSources(files: readonly string[], io: Io): Promise<Source[]> {
  const names = files.length === 0 ? [stdinMarker] : files;
  const sources: Source[] = [];
  let stdinRead = false;
  for (const name of names) {
    if (name === stdinMarker || name === "-") {
      if (stdinRead) continue;
      stdinRead = true;
      sources.push({ name: "<stdin>", text: await io.readStdin() });
    } else {
      sources.push({ name, text: await io.readFile(name) });
    }
  }
  return sources;
}
