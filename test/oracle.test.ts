import { readdirSync, readFileSync } from "node:fs";
import fc from "fast-check";
import yargs from "yargs";
import { describe, expect, it } from "vitest";
import { main } from "../src/cli/main.js";
import { createMemoryIo } from "../src/cli/memory-io.js";
import { proxyConfigFromArgs, withProxyFlags } from "../src/cli/proxy-flags.js";
import { loadSnapshot } from "../src/input/load-snapshot.js";
import type { ProxyConfig } from "../src/model/config.js";
import type { Family, Ruleset } from "../src/model/ruleset.js";
import type { Snapshot } from "../src/model/snapshot.js";
import { abs, add, compare, fraction, fractionText, sub, TWO_POW_31, ZERO } from "../src/read/fraction.js";
import { parseIptablesSave } from "../src/read/iptables-save.js";
import { parseNft } from "../src/read/nft.js";
import { trace } from "../src/read/trace.js";
import { settingsArgs, validCase } from "./support/arbitraries.js";
import { endpointKey, probes, type Expected, type Probe } from "./unit/read/oracle-expectation.js";

// The oracle: for every fixture and both text formats, compile through the CLI, read the text
// back, trace a packet to every service address a client can use, and compare the outcome
// distribution with what the snapshot alone says it must be (oracle-expectation.ts, which does not
// use src/compile). Probabilities are exact fractions; "even" means within the kernel's 2^-31
// threshold quantization (each of at most n cascade steps is off by < 1/2^31).

const fixturesDir = new URL("../fixtures/", import.meta.url);
const fixtures = readdirSync(fixturesDir).filter((f) => f.endsWith(".yaml")).map((f) => f.slice(0, -5)).sort();
const FORMATS = ["iptables", "nft", "nft-kube"] as const;

function fixtureArgs(name: string): string[] {
  try {
    return readFileSync(new URL(`${name}.args`, fixturesDir), "utf8").split("\n").map((l) => l.trim()).filter((l) => l !== "" && !l.startsWith("#"));
  } catch {
    return [];
  }
}

async function configFor(args: string[], snapshot: Snapshot): Promise<ProxyConfig> {
  const parsed = await withProxyFlags(yargs(args).option("family", { type: "string" })).parse();
  const family = (parsed.family === "ipv6" ? "ipv6" : "ipv4") as Family;
  return proxyConfigFromArgs(parsed as Record<string, unknown>, createMemoryIo(), snapshot, family);
}

async function compiledText(file: string, text: string, args: string[], format: string): Promise<string> {
  const io = createMemoryIo({ files: { [file]: text } });
  const code = await main(["compile", file, ...args, "--format", format], io);
  if (code !== 0) throw new Error(`kprc compile ${file} --format ${format} exited ${code}: ${io.stderr}`);
  return io.stdout;
}

const compiled = (name: string, args: string[], format: string): Promise<string> =>
  compiledText(`${name}.yaml`, readFileSync(new URL(`${name}.yaml`, fixturesDir), "utf8"), args, format);

const parse = (text: string, format: string): Ruleset => (format === "iptables" ? parseIptablesSave(text) : parseNft(text));

function check(ruleset: Ruleset, probe: Probe, config: ProxyConfig): void {
  const result = trace(ruleset, probe.packet, { nodeIPs: config.nodeIPs });
  const total = result.outcomes.reduce((s, o) => add(s, o.probability), ZERO);
  expect(fractionText(total), `${probe.name}: probabilities sum to 1`).toBe("1");
  const got = result.outcomes.map((o) => (o.outcome.kind === "dnat" ? endpointKey(o.outcome.ip, o.outcome.port) : o.outcome.kind));
  const expected: Expected = probe.expected;
  if (expected.kind !== "endpoints") {
    expect(got, `${probe.name}: ${expected.kind}`).toEqual([expected.kind]);
    return;
  }
  expect(got.every((k) => expected.endpoints.includes(k)), `${probe.name}: only usable endpoints (got ${got.join(", ")})`).toBe(true);
  if (expected.exact) expect([...got].sort(), `${probe.name}: every endpoint reachable`).toEqual([...expected.endpoints].sort());
  const n = BigInt(got.length);
  for (const o of result.outcomes) {
    const error = abs(sub(o.probability, fraction(1n, n)));
    expect(compare(error, fraction(n, TWO_POW_31)) <= 0, `${probe.name}: ${got.join(",")} evenly split (off by ${fractionText(error)})`).toBe(true);
    expect(o.masquerade, `${probe.name}: masquerade`).toBe(expected.masquerade);
  }
}

const coverage = { probes: 0, fixtures: new Set<string>() };

describe("oracle: traced distributions equal the snapshot's", () => {
  it.each(fixtures.flatMap((f) => FORMATS.map((format) => [f, format] as const)))("%s as %s", async (name, format) => {
    const args = fixtureArgs(name);
    const { snapshot } = loadSnapshot([{ name: `${name}.yaml`, text: readFileSync(new URL(`${name}.yaml`, fixturesDir), "utf8") }]);
    const config = await configFor(args, snapshot);
    const text = await compiled(name, args, format);
    const ruleset = parse(text, format);
    for (const probe of probes(snapshot, config, format === "nft-kube" ? "nft-kube" : "iptables")) {
      check(ruleset, probe, config);
      coverage.probes++;
    }
    coverage.fixtures.add(name);
  });

  it("traced at least one packet per fixture that has a service", () => {
    expect(coverage.fixtures.size).toBe(fixtures.length);
    expect(coverage.probes).toBeGreaterThan(fixtures.length);
  });
});

describe("oracle over random valid snapshots (fast-check)", () => {
  const numRuns = Number(process.env.KPRC_PROPERTY_RUNS ?? 25);

  it.each(FORMATS)("every usable endpoint is reachable, evenly, and no packet to a service address falls through (%s)", async (format) => {
    let traced = 0;
    await fc.assert(
      fc.asyncProperty(validCase({ maxServices: 4 }), async (c) => {
        const text = JSON.stringify({ apiVersion: "v1", kind: "List", items: c.objects });
        const args = settingsArgs(c.settings);
        const { snapshot } = loadSnapshot([{ name: "case.json", text }]);
        const config = await configFor(args, snapshot);
        const ruleset = parse(await compiledText("case.json", text, args, format), format);
        for (const probe of probes(snapshot, config, format === "nft-kube" ? "nft-kube" : "iptables")) {
          check(ruleset, probe, config);
          traced++;
        }
      }),
      { numRuns },
    );
    expect(traced).toBeGreaterThan(numRuns);
  });
});
