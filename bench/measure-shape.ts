import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { compileLayout, parse, render } from "./pipeline.js";
import type { ShapeMeasurement } from "./measurements.js";
import { timeRuns } from "./stats.js";

// Child process of bench/run.ts: measures one shape, so that its peak RSS is its own.
// Usage: tsx bench/measure-shape.ts full INPUT.yaml INPUT.json RUNS OUTDIR → one JSON ShapeMeasurement;
//        tsx bench/measure-shape.ts rss INPUT → `{"peakRssMB": …}` after one parse + compile + render.

const countLines = (text: string): number => {
  let n = 0;
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) n++;
  return n;
};

function measureOptional<T>(what: string, errors: string[], fn: () => T): T | undefined {
  try {
    return fn();
  } catch (err) {
    errors.push(`${what}: ${err instanceof Error ? err.message.split("\n")[0] : String(err)}`);
    return undefined;
  }
}

function rssOnly(input: string): void {
  const text = readFileSync(input, "utf8");
  render(compileLayout(parse(text), "iptables"), "iptables");
  process.stdout.write(JSON.stringify({ peakRssMB: process.resourceUsage().maxRSS / 1024 }));
}

function main(): void {
  const [mode, input, jsonInput, runsArg, outDir] = process.argv.slice(2);
  if (mode === "rss" && input) return rssOnly(input);
  if (mode !== "full" || !input || !jsonInput || !runsArg || !outDir) throw new Error("usage: measure-shape.ts full INPUT.yaml INPUT.json RUNS OUTDIR | rss INPUT");
  const runs = Number(runsArg);
  const text = readFileSync(input, "utf8");

  // One pass first, for the peak RSS of a single compile.
  const snapshot = parse(text);
  const ruleset = compileLayout(snapshot, "iptables");
  const output = render(ruleset, "iptables");
  const peakRssMB = process.resourceUsage().maxRSS / 1024;
  writeFileSync(join(outDir, "full.iptables"), output);

  const parseRuns = timeRuns(runs, () => parse(text));
  const jsonText = readFileSync(jsonInput, "utf8");
  const parseJsonRuns = timeRuns(runs, () => parse(jsonText));
  const compileRuns = timeRuns(runs, () => compileLayout(snapshot, "iptables"));
  const renderRuns = timeRuns(runs, () => render(ruleset, "iptables"));

  const errors: string[] = [];
  const nft = measureOptional("nft", errors, () => {
    const r = timeRuns(runs, () => render(ruleset, "nft"));
    writeFileSync(join(outDir, "full.nft"), r.result);
    return { render: r.stats, bytes: Buffer.byteLength(r.result), lines: countLines(r.result) };
  });
  const nftKube = measureOptional("nft-kube", errors, () => {
    const c = timeRuns(runs, () => compileLayout(snapshot, "nft-kube"));
    const r = timeRuns(runs, () => render(c.result, "nft-kube"));
    writeFileSync(join(outDir, "full.nft-kube"), r.result);
    return { compile: c.stats, render: r.stats, bytes: Buffer.byteLength(r.result), lines: countLines(r.result) };
  });

  const endpoints = snapshot.endpointSlices.reduce((n, s) => n + s.endpoints.length, 0);
  const result: ShapeMeasurement = {
    inputBytes: Buffer.byteLength(text),
    objects: snapshot.services.length + snapshot.endpointSlices.length + snapshot.nodes.length,
    services: snapshot.services.length,
    endpoints,
    parse: parseRuns.stats,
    parseJson: parseJsonRuns.stats,
    compile: compileRuns.stats,
    render: renderRuns.stats,
    lines: countLines(output),
    bytes: Buffer.byteLength(output),
    peakRssMB,
    ...(nft ? { nft } : {}),
    ...(nftKube ? { nftKube } : {}),
    errors,
  };
  process.stdout.write(JSON.stringify(result));
}

main();
