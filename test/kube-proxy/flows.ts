import { expect, it } from "vitest";
import type { Ruleset } from "../../src/model/ruleset.js";
import { internalExternalMasqueradeCases } from "../kube-proxy-expected/flows-internal-external.js";
import { flowCases, type Flow } from "../kube-proxy-expected/flows.js";
import { tracePacket, type Packet, type TraceResult } from "./tracer.js";

// runPacketFlowTests: one vitest case per kube-proxy packetFlowTest. The flows themselves are
// kube-proxy's (test/kube-proxy-expected/, shared with test/conformance.test.ts); these tests pair
// them with snapshots built in code (test/kube-proxy/inputs.ts) and trace the Ruleset kprc compiles
// (the iptables tracer by default; the nft-kube tests pass their own).

const kubeProxyFlowCases = [...flowCases, ...internalExternalMasqueradeCases];

/** The packet flows of one proxier_test.go test (`TestNodePorts/ipv4, localhost-nodeports enabled`). */
export function kubeProxyFlows(kubeProxyTest: string): readonly Flow[] {
  const found = kubeProxyFlowCases.find((c) => c.kubeProxyTest === kubeProxyTest);
  if (found === undefined) throw new Error(`no kube-proxy flows for ${kubeProxyTest}`);
  return found.flows;
}

/** One vitest case per flow: `trace` (kube-proxy's iptables tracer unless given) must print the flow's output. */
export function runFlows(ruleset: () => Ruleset, flows: readonly Flow[], trace: (ruleset: Ruleset, packet: Packet) => TraceResult = tracePacket): void {
  for (const f of flows) {
    it(`${f.name}: ${f.output === "" ? "no match" : f.output}${f.masq ? " (masqueraded)" : ""}`, () => {
      expect(trace(ruleset(), f)).toEqual({ output: f.output, masq: f.masq ?? false });
    });
  }
}
