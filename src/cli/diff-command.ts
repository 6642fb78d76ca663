import type { Argv } from "yargs";
import { compile } from "../compile/index.js";
import { loadSnapshot } from "../input/load-snapshot.js";
import type { Rule } from "../model/ruleset.js";
import { diffRulesets, type Finding } from "../read/diff.js";
import { ruleArguments } from "../render/iptables/rule-text.js";
import type { CliCommand, CommandArgs } from "./command.js";
import { ExitCode, UsageError } from "./exit-codes.js";
import type { Io } from "./io.js";
import { proxyConfigFromArgs, withProxyFlags } from "./proxy-flags.js";
import { readSources } from "./read-inputs.js";
import { parseRules } from "./trace-command.js";

// `kprc diff --expected SNAPSHOT.. --live DUMP`: compiles the snapshot and compares it with what a
// node actually holds (its iptables-save), by meaning rather than by text. Exit 1 when they differ.

function builder(yargs: Argv): Argv {
  return withProxyFlags(
    yargs
      .option("expected", { type: "string", array: true, demandOption: true, describe: "snapshot files (Services, EndpointSlices, Nodes) the node should implement" })
      .option("live", { type: "string", demandOption: true, describe: "the node's iptables-save output (or nft list ruleset); - for stdin" })
      .option("family", { type: "string", choices: ["ipv4", "ipv6"], describe: "IP family (default: the live dump's)" })
      .option("json", { type: "boolean", default: false, describe: "print the differences as JSON" }),
  )
    .example("$0 diff --expected cluster.yaml --live node-1.iptables-save --node-name node-1 --cluster-cidr 10.244.0.0/16", "is node-1 in sync?")
    .example("ssh node-1 iptables-save | $0 diff --expected cluster.yaml --live - --node-name node-1", "straight from the node");
}

async function run(args: CommandArgs, io: Io): Promise<number> {
  const [live] = await readSources([String(args.live)], io);
  if (live === undefined) throw new UsageError("--live: nothing to read");
  const liveRuleset = parseRules(live.text, "auto", live.name);
  const expectedFiles = Array.isArray(args.expected) ? args.expected.map(String) : [];
  if (expectedFiles.length === 0) throw new UsageError("--expected needs at least one snapshot file");
  const loaded = loadSnapshot(await readSources(expectedFiles, io));
  const family = args.family === "ipv6" || args.family === "ipv4" ? args.family : liveRuleset.family;
  const config = await proxyConfigFromArgs(args, io, loaded.snapshot, family);
  const result = diffRulesets(compile(loaded.snapshot, config), liveRuleset);
  const lines = live.text.split("\n");
  const liveText = (rule: Rule): string =>
    rule.source ? `line ${rule.source.line}: ${(lines[rule.source.line - 1] ?? "").trim().replace(/^\[\d+:\d+\]\s+/, "")}` : ruleArguments(rule, "short");
  if (args.json === true) {
    await io.writeStdout(`${JSON.stringify({ equal: result.equal, comparedChains: result.comparedChains, findings: result.findings.map((f) => findingJson(f, liveText)) }, null, 2)}\n`);
  } else {
    await io.writeStdout(report(result.findings, result.comparedChains, liveText));
  }
  return result.equal ? ExitCode.ok : ExitCode.differences;
}

const expectedText = (rule: Rule): string => ruleArguments(rule, "short");

function findingJson(f: Finding, liveText: (r: Rule) => string): unknown {
  switch (f.kind) {
    case "missing-service":
    case "missing-jump":
      return { ...f, rule: expectedText(f.rule) };
    case "stale-service":
      return { ...f, live: liveText(f.live) };
    case "wrong-probabilities":
      return { ...f, expected: f.expected.map(expectedText), live: f.live.map(liveText) };
    case "rules-differ":
      return { ...f, missing: f.missing.map(expectedText), unexpected: f.unexpected.map(liveText) };
    default:
      return f;
  }
}

function findingLines(f: Finding, liveText: (r: Rule) => string): string[] {
  switch (f.kind) {
    case "missing-service":
      return [`missing service   ${f.service}: ${f.table} lacks ${expectedText(f.rule)}`];
    case "stale-service":
      return [`stale service     ${f.service}: ${f.table} still has ${liveText(f.live)}`];
    case "missing-chain":
      return [`missing chain     ${f.table} ${f.chain}`];
    case "stale-chain":
      return [`stale chain       ${f.table} ${f.chain} (kube-proxy would delete it)`];
    case "wrong-endpoints":
      return [`wrong endpoints   ${f.table} ${f.chain}: expected ${f.expected.join(", ") || "none"}; live ${f.live.join(", ") || "none"}`];
    case "wrong-probabilities":
      return [
        `wrong probability ${f.table} ${f.chain}:`,
        ...f.expected.map((r) => `    expected ${expectedText(r)}`),
        ...f.live.map((r) => `    live     ${liveText(r)}`),
      ];
    case "missing-jump":
      return [`missing jump      ${f.table} ${f.chain}: ${expectedText(f.rule)}`];
    case "rules-differ":
      return [
        `rules differ      ${f.table} ${f.chain}${f.missing.length === 0 && f.unexpected.length === 0 ? " (same rules, other order)" : ""}:`,
        ...f.missing.map((r) => `    missing    ${expectedText(r)}`),
        ...f.unexpected.map((r) => `    unexpected ${liveText(r)}`),
      ];
    default: {
      const never: never = f;
      throw new Error(`unhandled finding ${JSON.stringify(never)}`);
    }
  }
}

function report(findings: readonly Finding[], compared: number, liveText: (r: Rule) => string): string {
  const head = `compared ${compared} kube-proxy chains (counters, foreign chains and foreign rules ignored): `;
  if (findings.length === 0) return `${head}in sync\n`;
  return `${head}${findings.length} difference${findings.length === 1 ? "" : "s"}\n${findings.flatMap((f) => findingLines(f, liveText)).map((l) => `  ${l}`).join("\n")}\n`;
}

export const diffCommand: CliCommand = {
  command: "diff",
  describe: "compare the rules a snapshot compiles to with a node's iptables-save (exit 1 when they differ)",
  builder,
  run,
};
