import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildProbe, dataplaneRequired, dockerAvailability, nodeImageTag, removeLeftovers } from "./environment.js";
import { evaluate, P_THRESHOLD, type CheckResult } from "./evaluate.js";
import { copyGoldens, goldenFiles, loadGolden } from "./golden-rulesets.js";
import { applyRules, compareWithRuleset, readBack, resetNode } from "./kernel-rules.js";
import { compileFor, FORMATS, proxyConfig, type Compiled } from "./kprc.js";
import { measure } from "./measure.js";
import { probe } from "./probe.js";
import { writeReadmeResults, writeResults } from "./results.js";
import { checks, NODE_NAME, ROUTED_VIA_NODE, snapshotText, type Check } from "./scenario.js";
import { must, startTopology, type Topology } from "./topology.js";

// The dataplane proof (issue 5): kprc's rules, loaded into a real kernel in a container, split real
// connections the way kube-proxy's would. See README "How we know the rules work".

const availability = dockerAvailability();

function title(c: Check): string {
  switch (c.kind) {
    case "uniform":
      return `${c.name}: ${c.count} connections from the ${c.from} split uniformly over endpoints ${c.endpoints.join(",")}, which see the ${c.source}'s address`;
    case "sticky":
      return `${c.name}: every connection from the ${c.from} reaches one and the same endpoint`;
    case "refused":
      return `${c.name}: every connection is refused at once, none times out`;
    default: {
      const never: never = c;
      throw new Error(`unhandled check ${JSON.stringify(never)}`);
    }
  }
}

if (!availability.ok && !dataplaneRequired) {
  console.warn(`dataplane suite skipped: ${availability.reason}`);
}

describe.runIf(!availability.ok && dataplaneRequired)("dataplane prerequisites in CI", () => {
  it("has a Docker engine and the node image, because CI never skips the dataplane suite", () => {
    throw new Error(`CI=true but the dataplane suite cannot run: ${availability.reason}`);
  });
});

describe.skipIf(!availability.ok)("dataplane: kprc's rules in a real kernel", () => {
  const started = Date.now();
  const results: CheckResult[] = [];
  let negativeControl: CheckResult | undefined;
  let goldenLoaded = 0;
  let topology: Topology | undefined;
  let setupMs = 0;

  beforeAll(async () => {
    removeLeftovers();
    const probeBinary = buildProbe();
    topology = await startTopology({ image: nodeImageTag(), probeBinary, endpointCount: 4, routedViaNode: ROUTED_VIA_NODE });
    setupMs = Date.now() - started;
  }, 120_000);

  afterAll(async () => {
    const t = topology;
    let facts = { kernel: "?", iptablesVersion: "?", nftVersion: "?" };
    try {
      if (t) facts = await runFacts(t);
    } finally {
      await t?.stop();
    }
    const golden = { loaded: goldenLoaded, total: goldenFiles().length };
    const run = { image: nodeImageTag(), ...facts, formats: FORMATS, setupMs, negativeControl, golden, wallMs: Date.now() - started };
    writeResults(results, run);
    writeReadmeResults(results, run);
  }, 60_000);

  describe.each(FORMATS)("--format %s", (format) => {
    let compiled: Compiled;

    beforeAll(async () => {
      const t = topology!;
      const text = snapshotText(t.endpoints.map((e) => e.ip), t.node.ip);
      compiled = compileFor(format, text, proxyConfig(NODE_NAME, t.node.ip));
      await resetNode(t.node);
      await applyRules(t.node, compiled);
    }, 60_000);

    it("the kernel lists every chain, rule and set kprc wrote", async () => {
      const comparison = compareWithRuleset(compiled, await readBack(topology!.node, format));
      expect(comparison.differences).toEqual([]);
      expect(comparison.rulesChecked).toBeGreaterThan(0);
    });

    for (const check of checks) {
      it(title(check), async () => {
        const result = await measure(format, check, topology!);
        results.push(result);
        expect(result.problems).toEqual([]);
      }, 120_000);
    }
  });

  describe("the harness itself", () => {
    it("rejects a cascade whose rules all use probability 0.25 instead of 1/n … 1/2 (χ² p < 0.001)", async () => {
      const t = topology!;
      const good = compileFor("iptables", snapshotText(t.endpoints.map((e) => e.ip), t.node.ip), proxyConfig(NODE_NAME, t.node.ip));
      const broken: Compiled = { ...good, text: good.text.replace(/--probability 0\.\d+/g, "--probability 0.2500000000") };
      expect(broken.text).not.toBe(good.text);
      await resetNode(t.node);
      await applyRules(t.node, broken);
      const check = checks.find((c) => c.kind === "uniform" && c.from === "node" && c.protocol === "tcp")!;
      const request = { protocol: check.protocol, address: check.address, port: check.port, count: check.count };
      negativeControl = evaluate("iptables", check, await probe(t.node, request), t);
      expect(negativeControl.pValue).toBeLessThan(P_THRESHOLD);
      expect(negativeControl.problems.some((p) => p.includes("not uniform"))).toBe(true);
    }, 120_000);
  });

  describe("every golden ruleset in the node's kernel", () => {
    const goldens = goldenFiles();
    beforeAll(() => copyGoldens(topology!.node, goldens), 60_000);

    for (const golden of goldens) {
      it(`golden/${golden.name} loads and lists back with every chain, rule and set it declares`, async () => {
        expect(await loadGolden(topology!.node, golden)).toEqual([]);
        goldenLoaded++;
      }, 60_000);
    }
  });
});

async function runFacts(t: Topology): Promise<{ kernel: string; iptablesVersion: string; nftVersion: string }> {
  const [kernel, iptablesVersion, nftVersion] = await Promise.all(
    [["uname", "-r"], ["iptables", "-V"], ["nft", "-v"]].map((cmd) => must(t.node, cmd).then((s) => s.trim(), () => "?")),
  );
  return { kernel: kernel!, iptablesVersion: iptablesVersion!, nftVersion: nftVersion! };
}
