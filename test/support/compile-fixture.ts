import { main } from "../../src/cli/main.js";
import { createMemoryIo } from "../../src/cli/memory-io.js";
import { fixtureArgs, fixtureText, type GoldenFormat } from "./fixtures.js";

// Runs `kprc compile fixtures/<case>.yaml <case's .args> --format <format>` through the real CLI,
// in memory (no process, no files written).

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export async function compileFixture(name: string, format: GoldenFormat): Promise<CliResult> {
  const file = `fixtures/${name}.yaml`;
  const io = createMemoryIo({ files: { [file]: fixtureText(name) } });
  const code = await main(["compile", file, ...fixtureArgs(name), "--format", format], io);
  return { code, stdout: io.stdout, stderr: io.stderr };
}
