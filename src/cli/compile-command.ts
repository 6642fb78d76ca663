import type { Argv } from "yargs";
import { compileDelta } from "../compile/delta.js";
import { loadSnapshot, type LoadResult } from "../input/load-snapshot.js";
import type { ProxyConfig } from "../model/config.js";
import type { Family } from "../model/ruleset.js";
import type { CliCommand, CommandArgs } from "./command.js";
import { ExitCode, UsageError } from "./exit-codes.js";
import { findFormat, formatNames, type RenderSettings } from "./formats.js";
import type { Io } from "./io.js";
import { proxyConfigFromArgs, withProxyFlags } from "./proxy-flags.js";
import { readSources } from "./read-inputs.js";

// `kprc compile [files..|-]`: snapshot → rules, on stdout or atomically into -o FILE. The whole
// output is rendered before anything is written, so a failing run writes nothing anywhere.

function builder(yargs: Argv): Argv {
  return withProxyFlags(
    yargs
      .positional("files", { type: "string", array: true, describe: "YAML/JSON files with Services, EndpointSlices, Endpoints, Nodes; - or none for stdin" })
      .option("format", { type: "string", choices: formatNames, default: "iptables", describe: "output format" })
      .option("family", { type: "string", choices: ["ipv4", "ipv6"], default: "ipv4", describe: "IP family of the rules" })
      .option("output", { alias: "o", type: "string", describe: "write to FILE atomically (temp file + rename) instead of stdout" })
      .option("strict", { type: "boolean", default: false, describe: "objects of other kinds are an error instead of being skipped" })
      .option("mark-format", { type: "string", choices: ["short", "padded"], default: "short", describe: "masquerade mark as 0x4000 (kube-proxy's tests) or 0x00004000 (a running kube-proxy)" })
      .option("table-prefix", { type: "string", describe: "nft formats: prefix for table names (e.g. kprc-)" })
      .option("since", { type: "string", describe: "PREV_SNAPSHOT: write only what changed since it (kube-proxy's partial sync), for iptables-restore --noflush or nft -f on top of its full output" }),
  )
    .example("$0 compile fixtures/seed-nginx.yaml", "kube-proxy's iptables rules for the seed services")
    .example("kubectl get svc,endpointslices,nodes -A -o yaml | $0 compile - --node-name node-1 --cluster-cidr 10.244.0.0/16", "rules for node-1 of a live cluster")
    .example("$0 compile dump.yaml --format nft -o rules.nft", "nft -f input, written atomically")
    .example("$0 compile dump.yaml --format nft-kube --service-cidr 10.96.0.0/12", "kube-proxy's nftables-mode table")
    .example("$0 compile dump.yaml --family ipv6 --config kube-proxy.yaml", "ip6tables-restore input with a KubeProxyConfiguration");
}

/** Options that take one value; yargs turns a repeated one into an array. */
const singleValued = ["format", "family", "output", "mark-format", "table-prefix", "config", "since"];

async function run(args: CommandArgs, io: Io): Promise<number> {
  const repeated = singleValued.find((key) => Array.isArray(args[key]));
  if (repeated !== undefined) throw new UsageError(`--${repeated} given more than once`);
  const format = findFormat(String(args.format));
  if (format === undefined) throw new UsageError(`unknown --format ${String(args.format)}`);
  const family = args.family as Family;
  const loaded = loadSnapshot(await readSources(files(args), io), { strict: args.strict === true });
  const config = await proxyConfigFromArgs(args, io, loaded.snapshot, family);
  const ruleset =
    typeof args.since === "string"
      ? compileDelta(loadSnapshot(await readSources([args.since], io), { strict: args.strict === true }).snapshot, loaded.snapshot, config, { compiler: format.compile })
      : format.compile(loaded.snapshot, config);
  const text = format.render(ruleset, renderSettings(args));
  if (args.verbose === true) await io.writeStderr(summary(loaded, config));
  const output = typeof args.output === "string" ? args.output : undefined;
  if (output !== undefined) await io.writeFileAtomic(output, text);
  else await io.writeStdout(text);
  return ExitCode.ok;
}

function files(args: CommandArgs): string[] {
  return Array.isArray(args.files) ? args.files.map(String) : [];
}

function renderSettings(args: CommandArgs): RenderSettings {
  const tablePrefix = typeof args.tablePrefix === "string" ? args.tablePrefix : undefined;
  if (tablePrefix !== undefined && !/^[A-Za-z0-9_-]{0,32}$/.test(tablePrefix)) throw new UsageError("--table-prefix: letters, digits, '_' and '-' only");
  return { markFormat: args.markFormat === "padded" ? "padded" : "short", ...(tablePrefix !== undefined ? { tablePrefix } : {}) };
}

function summary({ snapshot, skipped }: LoadResult, config: ProxyConfig): string {
  const lines = [`kprc: read ${snapshot.services.length} services, ${snapshot.endpointSlices.length} endpoint slices, ${snapshot.nodes.length} nodes`];
  const detect = config.detectLocal;
  const local = "cidrs" in detect ? `${detect.mode} ${detect.cidrs.join(",")}` : detect.mode;
  lines.push(`kprc: node ${JSON.stringify(config.nodeName)}, IPs ${config.nodeIPs.join(",") || "none"}, zone ${config.nodeZone ?? "none"}, detect-local ${local}, ${config.family}`);
  for (const s of skipped) lines.push(`kprc: skipped ${s.count} ${s.kind} (${s.reason})`);
  return `${lines.join("\n")}\n`;
}

export const compileCommand: CliCommand = {
  command: ["compile [files..]", "$0"],
  describe: "compile Services + EndpointSlices into kube-proxy's rules (the default command)",
  builder,
  run,
};
