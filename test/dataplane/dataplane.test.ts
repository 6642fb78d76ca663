import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildProbe, dataplaneRequired, dockerAvailability, nodeImageTag } from "./environment.js";
import { evaluate, type CheckResult } from "./evaluate.js";
import { applyRules, compareWithRuleset, readBack, resetNode } from "./kernel-rules.js";
import { compileFor, loadNftKube, proxyConfig, type Compiled, type Format } from "./kprc.js";
import { probe } from "./probe.js";
import { writeResults } from "./results.js";
import { checks, NODE_NAME, SERVICE_CIDR, snapshotText, type Check } from "./scenario.js";
import { must, startTopology, type Topology } from "./topology.js";

// The dataplane proof (issue 5): kprc's rules, loaded into a real kernel in a container, split real
// connections the way kube-proxy's would. See README "How we know the rules work".

const availability = dockerAvailability();
const nftKube = await loadNftKube();
const formats: readonly Format[] = ["iptables", "nft", ...(nftKube ? (["nft-kube"] as const) : [])];
const skippedFormats = nftKube ? [] : ["nft-kube (src/compile/nft-kube not in the tree yet)"];

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
  let topology: Topology | undefined;
  let setupMs = 0;

  beforeAll(async () => {
    const probeBinary = buildProbe();
    topology = await startTopology({ image: nodeImageTag(), probeBinary, endpointCount: 4, serviceCidr: SERVICE_CIDR });
    setupMs = Date.now() - started;
  }, 120_000);

  afterAll(async () => {
    const t = topology;
    const facts = t ? await runFacts(t) : { kernel: "?", iptablesVersion: "?", nftVersion: "?" };
    await t?.stop();
    writeResults(results, { image: nodeImageTag(), ...facts, formats, skippedFormats, setupMs, wallMs: Date.now() - started });
  }, 60_000);

  describe.each(formats)("--format %s", (format) => {
    let compiled: Compiled;

    beforeAll(async () => {
      const t = topology!;
      const text = snapshotText(t.endpoints.map((e) => e.ip), t.node.ip);
      compiled = compileFor(format, text, proxyConfig(NODE_NAME, t.node.ip), nftKube);
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
        const t = topology!;
        const from = check.from === "node" ? t.node : t.client;
        const address = check.address === "node" ? t.node.ip : check.address;
        const tally = await probe(from, { protocol: check.protocol, address, port: check.port, count: check.count });
        const result = evaluate(format, check, tally, t);
        results.push(result);
        expect(result.problems).toEqual([]);
      }, 120_000);
    }
  });
});

async function runFacts(t: Topology): Promise<{ kernel: string; iptablesVersion: string; nftVersion: string }> {
  const [kernel, iptablesVersion, nftVersion] = await Promise.all(
    [["uname", "-r"], ["iptables", "-V"], ["nft", "-v"]].map((cmd) => must(t.node, cmd).then((s) => s.trim(), () => "?")),
  );
  return { kernel: kernel!, iptablesVersion: iptablesVersion!, nftVersion: nftVersion! };
}
