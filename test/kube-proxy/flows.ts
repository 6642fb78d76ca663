import { expect, it } from "vitest";
import { compile } from "../../src/compile/index.js";
import type { ProxyConfig } from "../../src/model/config.js";
import type { Ruleset } from "../../src/model/ruleset.js";
import type { Snapshot } from "../../src/model/snapshot.js";
import { internalExternalMasqueradeCases } from "../kube-proxy-expected/flows-internal-external.js";
import { flowCases } from "../kube-proxy-expected/flows.js";
import { fakeProxierConfig } from "./builders.js";
import { tracePacket, type Packet } from "./tracer.js";

// runPacketFlowTests: one vitest case per kube-proxy packetFlowTest. The flows themselves are
// kube-proxy's (test/kube-proxy-expected/, shared with test/conformance.test.ts); these tests pair
// them with snapshots built in code and trace kprc's Ruleset rather than its text.

export interface FlowTest extends Packet {
  readonly name: string;
  readonly output: string;
  readonly masq?: boolean;
}

const kubeProxyFlowCases = [...flowCases, ...internalExternalMasqueradeCases];

/** The packet flows of one proxier_test.go test (`TestNodePorts/ipv4, localhost-nodeports enabled`). */
export function kubeProxyFlows(kubeProxyTest: string): readonly FlowTest[] {
  const found = kubeProxyFlowCases.find((c) => c.kubeProxyTest === kubeProxyTest);
  if (found === undefined) throw new Error(`no kube-proxy flows for ${kubeProxyTest}`);
  return found.flows;
}

export function compileFake(input: Snapshot, overrides: Partial<ProxyConfig> = {}): Ruleset {
  return compile(input, fakeProxierConfig(overrides));
}

export function runFlows(ruleset: () => Ruleset, flows: readonly FlowTest[]): void {
  for (const f of flows) {
    it(`${f.name}: ${f.output === "" ? "no match" : f.output}${f.masq ? " (masqueraded)" : ""}`, () => {
      expect(tracePacket(ruleset(), f)).toEqual({ output: f.output, masq: f.masq ?? false });
    });
  }
}
