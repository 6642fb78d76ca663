import type { Argv } from "yargs";
import type { Protocol, Ruleset } from "../model/ruleset.js";
import { parseAddress } from "../read/addresses.js";
import { parseIptablesSave } from "../read/iptables-save.js";
import { parseNft } from "../read/nft.js";
import { trace } from "../read/trace.js";
import { traceJson, traceReport } from "../read/trace-report.js";
import type { TracePacket } from "../read/trace-types.js";
import type { CliCommand, CommandArgs } from "./command.js";
import { ExitCode, UsageError } from "./exit-codes.js";
import type { Io } from "./io.js";
import { readSources } from "./read-inputs.js";

// `kprc trace [rules-file|-] --src IP --dst IP:PORT`: reads a ruleset (kprc output or a node's
// iptables-save / nft list ruleset), follows one new connection through it and prints every
// possible outcome with its exact probability and the rules on its path.

function builder(yargs: Argv): Argv {
  return yargs
    .positional("rules", { type: "string", describe: "iptables-save / iptables-restore or nft text; - or none for stdin" })
    .option("src", { type: "string", describe: "source IP of the packet (default with --from node: the first --node-ip)" })
    .option("dst", { type: "string", demandOption: true, describe: "destination IP:PORT ([v6]:PORT for IPv6)" })
    .option("proto", { type: "string", choices: ["tcp", "udp", "sctp"], default: "tcp", describe: "protocol" })
    .option("from", { type: "string", choices: ["node", "outside"], default: "outside", describe: "node: sent by a process on the node (OUTPUT); outside: arrives on an interface (PREROUTING), e.g. from a pod or a client" })
    .option("node-ip", { type: "string", describe: "this node's IPs, for addrtype LOCAL (node ports) and routing (repeatable)" })
    .option("in-interface", { type: "string", describe: "interface the packet arrives on, for -i detectors (default eth0)" })
    .option("format", { type: "string", choices: ["auto", "iptables", "nft"], default: "auto", describe: "syntax of the rules file" })
    .option("show-rules", { type: "boolean", default: false, describe: "quote the input line of every rule on a path" })
    .option("json", { type: "boolean", default: false, describe: "print the trace as JSON (exact fractions)" })
    .example("$0 trace rules.txt --src 10.244.1.9 --dst 10.96.142.27:80", "where a pod's connection to a cluster IP can go")
    .example("iptables-save | $0 trace - --src 203.0.113.7 --dst 192.168.0.2:30080 --node-ip 192.168.0.2", "a node port on a live node")
    .example("$0 trace rules.nft --format nft --from node --node-ip 192.168.0.2 --dst 10.96.0.10:53 --proto udp", "DNS from the node itself");
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.map(String) : typeof value === "string" ? [value] : [];
}

/** `IP:PORT` or `[IPv6]:PORT`. */
export function parseDestination(text: string): { ip: string; port: number } {
  const m = /^(?:\[([^\]]+)\]|([^:\s]+)):(\d{1,5})$/.exec(text);
  const ip = m?.[1] ?? m?.[2];
  const port = Number(m?.[3]);
  if (ip === undefined || parseAddress(ip) === undefined || !(port >= 1 && port <= 65535)) {
    throw new UsageError(`--dst ${text}: expected IP:PORT, e.g. 10.96.0.10:53 or [fd00::10]:53`);
  }
  return { ip, port };
}

export function parseRules(text: string, format: string, sourceName: string): Ruleset {
  const nft = format === "nft" || (format === "auto" && /^\s*(add|insert|table|flush|delete)\s/m.test(text) && !/^\*\S+\s*$/m.test(text));
  return nft ? parseNft(text, { sourceName }) : parseIptablesSave(text, { sourceName });
}

/** A ruleset that forks past the branch limit (hostile input, a random-match loop) is the user's to fix. */
function traceOrRefuse(ruleset: Ruleset, packet: TracePacket, nodeIPs: readonly string[]) {
  try {
    return trace(ruleset, packet, { nodeIPs });
  } catch (error) {
    if (error instanceof RangeError) throw new UsageError(error.message);
    throw error;
  }
}

async function run(args: CommandArgs, io: Io): Promise<number> {
  const nodeIPs = strings(args.nodeIp);
  for (const ip of nodeIPs) if (parseAddress(ip) === undefined) throw new UsageError(`--node-ip ${ip} is not an IP address`);
  const from = args.from === "node" ? "node" : "outside";
  const src = typeof args.src === "string" ? args.src : from === "node" ? nodeIPs[0] : undefined;
  if (src === undefined) throw new UsageError("--src is required (or --from node with --node-ip)");
  if (parseAddress(src) === undefined) throw new UsageError(`--src ${src} is not an IP address`);
  const dst = parseDestination(String(args.dst));
  const [source] = await readSources(typeof args.rules === "string" ? [args.rules] : [], io);
  if (source === undefined) throw new UsageError("no rules to read");
  const ruleset = parseRules(source.text, String(args.format), source.name);
  const packet: TracePacket = {
    src,
    dst: dst.ip,
    dport: dst.port,
    protocol: String(args.proto) as Protocol,
    from,
    ...(typeof args.inInterface === "string" ? { inInterface: args.inInterface } : {}),
  };
  const result = traceOrRefuse(ruleset, packet, nodeIPs);
  if (args.json === true) {
    await io.writeStdout(`${JSON.stringify(traceJson(result), null, 2)}\n`);
  } else {
    const lines = source.text.split("\n");
    await io.writeStdout(traceReport(result, args.showRules === true ? (n) => lines[n - 1]?.trim() : undefined));
  }
  return ExitCode.ok;
}

export const traceCommand: CliCommand = {
  command: "trace [rules]",
  describe: "follow a packet through a ruleset and list every outcome with its exact probability",
  builder,
  run,
};
