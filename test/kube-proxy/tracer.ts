import type { Ruleset } from "../../src/model/ruleset.js";
import { iptablesText } from "../../src/render/iptables/index.js";
import { testNodeIPs } from "../kube-proxy-expected/flows.js";
import { tracePacket as tracePayload } from "../support/kube-proxy-tracer.js";

// kube-proxy's test packet tracer (proxier_test.go tracePacket) over a kprc Ruleset: the Ruleset is
// written as iptables-restore input and traced by test/support/kube-proxy-tracer.ts, which reads a
// payload as kube-proxy's tracer reads the proxier's. One tracer serves these tests and
// test/conformance.test.ts.

export interface Packet {
  readonly sourceIP: string;
  readonly protocol?: "tcp" | "udp" | "sctp";
  readonly destIP: string;
  readonly destPort: number;
}

export interface TraceResult {
  readonly output: string;
  readonly masq: boolean;
}

const payloads = new WeakMap<Ruleset, string>();

function payloadOf(ruleset: Ruleset): string {
  let payload = payloads.get(ruleset);
  if (payload === undefined) {
    payload = iptablesText(ruleset);
    payloads.set(ruleset, payload);
  }
  return payload;
}

export function tracePacket(ruleset: Ruleset, packet: Packet, nodeIPs: readonly string[] = testNodeIPs): TraceResult {
  const { output, masq } = tracePayload(payloadOf(ruleset), { protocol: "tcp", ...packet }, nodeIPs);
  return { output, masq };
}
