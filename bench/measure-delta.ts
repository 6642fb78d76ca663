import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { EndpointSlice, Snapshot } from "../src/model/snapshot.js";
import { generateServices, shapeByName, toYaml, withOneMoreEndpoint } from "./generate.js";
import { compileLayout, delta, parse, render, type Layout } from "./pipeline.js";
import type { DeltaFormatMeasurement, DeltaMeasurement, Format } from "./measurements.js";
import { timeRuns } from "./stats.js";

// Child process of bench/run.ts: the partial-sync benchmark. One endpoint is added to one service
// of the 10,000-service snapshot; we measure compileDelta and the size of the payload it renders.
// Usage: tsx bench/measure-delta.ts RUNS OUTDIR  → prints one JSON DeltaMeasurement.

export const DELTA_SHAPE = "10000x10 mix";
export const DELTA_SERVICE_INDEX = 4242;

const layoutOf = (format: Format): Layout => (format === "nft-kube" ? "nft-kube" : "iptables");

function main(): void {
  const [runsArg, outDir] = process.argv.slice(2);
  if (!runsArg || !outDir) throw new Error("usage: measure-delta.ts RUNS OUTDIR");
  const runs = Number(runsArg);
  const services = generateServices(shapeByName(DELTA_SHAPE));
  const changed = services[DELTA_SERVICE_INDEX]!;
  const previous = parse(toYaml(services));
  const next = parse(toYaml(withOneMoreEndpoint(services, DELTA_SERVICE_INDEX)));
  // An informer-style next snapshot: previous's objects, with only the changed slice replaced in place.
  const isChanged = (sl: EndpointSlice) => sl.namespace === changed.namespace && sl.serviceName === changed.name;
  const replacement = next.endpointSlices.find(isChanged)!;
  const shared: Snapshot = { ...previous, endpointSlices: previous.endpointSlices.map((sl) => (isChanged(sl) ? replacement : sl)) };

  const formats: DeltaFormatMeasurement[] = [];
  const errors: string[] = [];
  for (const format of ["iptables", "nft", "nft-kube"] as const) {
    try {
      const layout = layoutOf(format);
      const d = timeRuns(runs, () => delta(previous, next, layout));
      const dShared = timeRuns(runs, () => delta(previous, shared, layout));
      const dFull = timeRuns(Math.min(runs, 3), () => delta(previous, next, layout, "full"));
      const r = timeRuns(runs, () => render(d.result, format));
      const fullPrevious = render(compileLayout(previous, layout), format);
      const fullNext = render(compileLayout(next, layout), format);
      writeFileSync(join(outDir, `previous.${format}`), fullPrevious);
      writeFileSync(join(outDir, `delta.${format}`), r.result);
      formats.push({
        format,
        compileDelta: d.stats,
        compileDeltaShared: dShared.stats,
        compileDeltaFull: dFull.stats,
        render: r.stats,
        bytes: Buffer.byteLength(r.result),
        lines: r.result.split("\n").length - 1,
        fullBytes: Buffer.byteLength(fullNext),
      });
    } catch (err) {
      errors.push(`${format}: ${err instanceof Error ? err.message.split("\n")[0] : String(err)}`);
    }
  }
  const result: DeltaMeasurement = {
    shape: DELTA_SHAPE,
    service: `${changed.namespace}/${changed.name}`,
    serviceType: changed.type,
    ports: changed.ports.length,
    formats,
    errors,
  };
  process.stdout.write(JSON.stringify(result));
}

main();
