import { describe, expect, it } from "vitest";
import { add, fraction, fractionText, ONE, sub, TWO_POW_31, ZERO } from "../../../src/read/fraction.js";
import { parseIptablesSave } from "../../../src/read/iptables-save.js";
import { trace } from "../../../src/read/trace.js";
import type { TracePacket } from "../../../src/read/trace-types.js";
import { outcomeKey } from "../../../src/read/trace-outcomes.js";

// kube-proxy's restore payload for one service with three endpoints and one without endpoints,
// without the built-in chains (the tracer assumes kube-proxy's jump rules into them).
const rules = `*filter
:KUBE-SERVICES - [0:0]
:KUBE-EXTERNAL-SERVICES - [0:0]
:KUBE-FORWARD - [0:0]
:KUBE-NODEPORTS - [0:0]
:KUBE-PROXY-FIREWALL - [0:0]
-A KUBE-SERVICES -m comment --comment "ns1/empty:p80 has no endpoints" -m tcp -p tcp -d 172.30.0.42 --dport 80 -j REJECT
-A KUBE-FORWARD -m comment --comment "kubernetes forwarding rules" -m mark --mark 0x4000/0x4000 -j ACCEPT
COMMIT
*nat
:KUBE-SERVICES - [0:0]
:KUBE-NODEPORTS - [0:0]
:KUBE-POSTROUTING - [0:0]
:KUBE-MARK-MASQ - [0:0]
:KUBE-SVC-X - [0:0]
:KUBE-SEP-A - [0:0]
:KUBE-SEP-B - [0:0]
:KUBE-SEP-C - [0:0]
-A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN
-A KUBE-POSTROUTING -j MARK --xor-mark 0x4000
-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE
-A KUBE-MARK-MASQ -j MARK --or-mark 0x4000
-A KUBE-SERVICES -m comment --comment "ns1/svc1:p80 cluster IP" -m tcp -p tcp -d 172.30.0.41 --dport 80 -j KUBE-SVC-X
-A KUBE-SVC-X -m comment --comment "ns1/svc1:p80 cluster IP" -m tcp -p tcp -d 172.30.0.41 --dport 80 ! -s 10.0.0.0/8 -j KUBE-MARK-MASQ
-A KUBE-SVC-X -m comment --comment "ns1/svc1:p80 -> 10.180.0.1:80" -m statistic --mode random --probability 0.3333333333 -j KUBE-SEP-A
-A KUBE-SVC-X -m comment --comment "ns1/svc1:p80 -> 10.180.0.2:80" -m statistic --mode random --probability 0.5000000000 -j KUBE-SEP-B
-A KUBE-SVC-X -m comment --comment "ns1/svc1:p80 -> 10.180.0.3:80" -j KUBE-SEP-C
-A KUBE-SEP-A -m comment --comment ns1/svc1:p80 -s 10.180.0.1 -j KUBE-MARK-MASQ
-A KUBE-SEP-A -m comment --comment ns1/svc1:p80 -m tcp -p tcp -j DNAT --to-destination 10.180.0.1:80
-A KUBE-SEP-B -m comment --comment ns1/svc1:p80 -s 10.180.0.2 -j KUBE-MARK-MASQ
-A KUBE-SEP-B -m comment --comment ns1/svc1:p80 -m tcp -p tcp -j DNAT --to-destination 10.180.0.2:80
-A KUBE-SEP-C -m comment --comment ns1/svc1:p80 -s 10.180.0.3 -j KUBE-MARK-MASQ
-A KUBE-SEP-C -m comment --comment ns1/svc1:p80 -m tcp -p tcp -j DNAT --to-destination 10.180.0.3:80
-A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS
COMMIT
`;

const ruleset = parseIptablesSave(rules);
const packet = (over: Partial<TracePacket>): TracePacket => ({ src: "10.0.5.5", dst: "172.30.0.41", dport: 80, protocol: "tcp", from: "outside", ...over });
const options = { nodeIPs: ["192.168.0.2"] };

describe("trace", () => {
  it("splits a three-endpoint cascade with the kernel's quantized probabilities", () => {
    const result = trace(ruleset, packet({}), options);
    const byKey = Object.fromEntries(result.outcomes.map((o) => [outcomeKey(o.outcome), fractionText(o.probability)]));
    const first = fraction(715827883n, TWO_POW_31);
    const second = fraction(sub(ONE, first).num, sub(ONE, first).den * 2n);
    expect(byKey).toEqual({
      "dnat 10.180.0.1:80": fractionText(first),
      "dnat 10.180.0.2:80": fractionText(second),
      "dnat 10.180.0.3:80": fractionText(sub(sub(ONE, first), second)),
    });
    expect(result.outcomes.reduce((s, o) => add(s, o.probability), ZERO)).toEqual(ONE);
  });

  it("reports the deviation from an even split as an exact fraction", () => {
    const result = trace(ruleset, packet({}), options);
    expect(fractionText(result.outcomes[0]!.deviation!)).toBe(fractionText(sub(fraction(715827883n, TWO_POW_31), fraction(1n, 3n))));
  });

  it("records the chain path with the input line of every rule that acted", () => {
    const [first] = trace(ruleset, packet({}), options).branches;
    expect(first?.steps.map((s) => `${s.table} ${s.chain}:${s.line ?? "-"} ${s.action}`)).toEqual([
      "nat PREROUTING:- jump KUBE-SERVICES",
      "nat KUBE-SERVICES:23 jump KUBE-SVC-X",
      "nat KUBE-SVC-X:25 jump KUBE-SEP-A (random 715827883/2^31)",
      "nat KUBE-SEP-A:29 DNAT 10.180.0.1:80",
      "filter FORWARD:- jump KUBE-PROXY-FIREWALL",
      "filter FORWARD:- jump KUBE-FORWARD",
      "filter FORWARD:- jump KUBE-SERVICES",
      "filter FORWARD:- jump KUBE-EXTERNAL-SERVICES",
      "nat POSTROUTING:- jump KUBE-POSTROUTING",
      "nat KUBE-POSTROUTING:19 RETURN",
    ]);
  });

  it("does not masquerade pod traffic but masquerades traffic from outside the cluster CIDR", () => {
    expect(trace(ruleset, packet({}), options).outcomes.every((o) => o.masquerade === false)).toBe(true);
    expect(trace(ruleset, packet({ src: "203.0.113.9" }), options).outcomes.every((o) => o.masquerade === true)).toBe(true);
  });

  it("masquerades hairpin traffic from an endpoint to itself only", () => {
    const result = trace(ruleset, packet({ src: "10.180.0.2" }), options);
    const masq = Object.fromEntries(result.outcomes.map((o) => [outcomeKey(o.outcome), o.masquerade]));
    expect(masq).toEqual({ "dnat 10.180.0.1:80": false, "dnat 10.180.0.2:80": true, "dnat 10.180.0.3:80": false });
  });

  it("follows node traffic through nat OUTPUT", () => {
    const result = trace(ruleset, packet({ from: "node", src: "192.168.0.2" }), options);
    expect(result.outcomes).toHaveLength(3);
    expect(result.branches[0]?.steps[0]?.chain).toBe("OUTPUT");
  });

  it("rejects a service without endpoints in the filter table", () => {
    const result = trace(ruleset, packet({ dst: "172.30.0.42" }), options);
    expect(result.outcomes.map((o) => [outcomeKey(o.outcome), fractionText(o.probability)])).toEqual([["reject", "1"]]);
  });

  it("lets a packet to an unknown address through untranslated", () => {
    expect(trace(ruleset, packet({ dst: "8.8.8.8" }), options).outcomes.map((o) => o.outcome)).toEqual([{ kind: "accept" }]);
  });

  it("notes session affinity instead of forking on it", () => {
    const text = `*nat\n:KUBE-SERVICES - [0:0]\n:KUBE-SEP-A - [0:0]\n-A KUBE-SERVICES -m recent --name KUBE-SEP-A --rcheck --seconds 10800 --reap -j KUBE-SEP-A\n-A KUBE-SERVICES -j KUBE-SEP-A\n-A KUBE-SEP-A -m recent --name KUBE-SEP-A --set -m tcp -p tcp -j DNAT --to-destination 10.0.0.1:80\nCOMMIT\n`;
    const result = trace(parseIptablesSave(text), packet({}), options);
    expect(result.outcomes).toHaveLength(1);
    expect(result.notes.join("\n")).toMatch(/session affinity: a first connection has no entry in KUBE-SEP-A; later connections from 10.0.5.5 within 10800s/);
  });

  it("drops a forwarded packet at a DROP policy when nothing accepts it", () => {
    const text = `*filter\n:FORWARD DROP [0:0]\n-A FORWARD -s 10.0.0.0/8 -j ACCEPT\nCOMMIT\n`;
    const r = parseIptablesSave(text);
    expect(trace(r, packet({ src: "203.0.113.1", dst: "10.1.1.1" }), options).outcomes.map((o) => o.outcome.kind)).toEqual(["drop"]);
    expect(trace(r, packet({ src: "10.1.1.2", dst: "10.1.1.1" }), options).outcomes.map((o) => o.outcome.kind)).toEqual(["accept"]);
  });
});
