import { formatNames } from "../../src/cli/formats.js";
import { main } from "../../src/cli/main.js";
import { createMemoryIo } from "../../src/cli/memory-io.js";
import type { CliResult } from "./campaign.js";
import type { Source } from "./sources.js";

// The CLI, run in memory: argv + files in, exit code + stdout + stderr out.

export async function runCli(argv: readonly string[], files: readonly Source[], stdin?: string): Promise<CliResult & { files: Map<string, string> }> {
  const io = createMemoryIo({ files: Object.fromEntries(files.map((f) => [f.name, f.text])), ...(stdin !== undefined ? { stdin } : {}) });
  const code = await main(argv, io);
  return { code, stdout: io.stdout, stderr: io.stderr, files: io.files };
}

/** The output formats the CLI offers among those kprc plans (nft-kube lands later than the others). */
export function availableFormats(): string[] {
  return ["iptables", "nft", "nft-kube"].filter((f) => formatNames.includes(f));
}
