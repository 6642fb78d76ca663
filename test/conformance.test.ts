import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compileFixture } from "./support/compile-fixture.js";
import { repoRoot } from "./support/fixtures.js";
import { canonicalIptables, chainRules, ruleJumpProblems } from "./support/kube-proxy-canonical.js";
import { tracePacket } from "./support/kube-proxy-tracer.js";
import { flowCases, testNodeIPs } from "./kube-proxy-expected/flows.js";
import { internalExternalMasqueradeCases } from "./kube-proxy-expected/flows-internal-external.js";
import { unifiedDiff } from "./support/unified-diff.js";

// kube-proxy's own expectations (kubernetes/kubernetes pkg/proxy/iptables/proxier_test.go, commit
// 531be812, copied into test/kube-proxy-expected/) against kprc's output for the same objects and
// NewFakeProxier's settings (fixtures/kp-*.yaml + .args). Compared the way each kube-proxy test
// compares: whole payloads after its canonical sort (sortIPTablesRules), single chains in exact order
// (assertIPTablesChainEqual), or single lines plus counts (TestSyncProxyRulesLargeClusterMode).
// The tests that check behaviour with kube-proxy's packet tracer (runPacketFlowTests) are replayed
// with the same tracer semantics (test/support/kube-proxy-tracer.ts) over kprc's payload.

type Expectation =
  | { readonly kind: "payload"; readonly file: string }
  /** A full payload that also deletes chains left from kube-proxy's earlier syncs: compared without those. */
  | { readonly kind: "payload-without-stale-chains"; readonly file: string }
  | { readonly kind: "chain"; readonly table: "filter" | "nat"; readonly chain: string; readonly file: string }
  | { readonly kind: "lines"; readonly file: string; readonly dnatRules: number; readonly commentedDnatRules: number };

interface ConformanceCase {
  /** The kube-proxy test (and sub-case) whose expectation this is. */
  readonly kubeProxyTest: string;
  readonly fixture: string;
  readonly expect: Expectation;
}

const payload = (file: string): Expectation => ({ kind: "payload", file });
const chain = (table: "filter" | "nat", name: string, file: string): Expectation => ({ kind: "chain", table, chain: name, file });

export const conformanceCases: readonly ConformanceCase[] = [
  { kubeProxyTest: "TestOverallIPTablesRules", fixture: "kp-overall", expect: payload("overall.iptables") },
  { kubeProxyTest: "TestBadIPs", fixture: "kp-bad-ips", expect: payload("bad-ips.iptables") },
  { kubeProxyTest: "TestSyncProxyRulesRepeated (first, full sync)", fixture: "kp-sync-repeated", expect: payload("sync-repeated.iptables") },
  {
    kubeProxyTest: "TestSyncProxyRulesRepeated (last, full sync after the failed partial restore)",
    fixture: "kp-sync-repeated-final",
    expect: { kind: "payload-without-stale-chains", file: "sync-repeated-final.iptables" },
  },
  { kubeProxyTest: "TestMasqueradeRule/randomFully false", fixture: "kp-masquerade-rule", expect: chain("nat", "KUBE-POSTROUTING", "masquerade-rule.nat.KUBE-POSTROUTING") },
  {
    kubeProxyTest: "TestMasqueradeRule/randomFully true",
    fixture: "kp-masquerade-rule-random-fully",
    expect: chain("nat", "KUBE-POSTROUTING", "masquerade-rule-random-fully.nat.KUBE-POSTROUTING"),
  },
  {
    kubeProxyTest: "TestDropInvalidRule/tcpLiberal is false and nfacctEnsured is false",
    fixture: "kp-drop-invalid-rule",
    expect: chain("filter", "KUBE-FORWARD", "drop-invalid-rule.filter.KUBE-FORWARD"),
  },
  {
    kubeProxyTest: "TestDropInvalidRule/tcpLiberal is false and nfacctEnsured is true",
    fixture: "kp-drop-invalid-rule-nfacct",
    expect: chain("filter", "KUBE-FORWARD", "drop-invalid-rule-nfacct.filter.KUBE-FORWARD"),
  },
  {
    kubeProxyTest: "TestDropInvalidRule/tcpLiberal is true and nfacctEnsured is false",
    fixture: "kp-drop-invalid-rule-tcp-liberal",
    expect: chain("filter", "KUBE-FORWARD", "drop-invalid-rule-tcp-liberal.filter.KUBE-FORWARD"),
  },
  ...[
    ["ipv4, localhost-nodeports enabled", "ipv4-localhost"],
    ["ipv4, localhost-nodeports disabled", "ipv4-no-localhost"],
    ["ipv4, localhost-nodeports disabled, localhost in nodeport-addresses", "ipv4-no-localhost-loopback-address"],
    ["ipv4, localhost-nodeports enabled, multiple nodeport-addresses", "ipv4-multiple-addresses"],
    ["ipv6, localhost-nodeports enabled", "ipv6-localhost"],
    ["ipv6, localhost-nodeports disabled", "ipv6-no-localhost"],
    ["ipv6, localhost-nodeports disabled, multiple nodeport-addresses", "ipv6-multiple-addresses"],
  ].map(
    ([sub, name]): ConformanceCase => ({
      kubeProxyTest: `TestNodePorts/${sub ?? ""}`,
      fixture: `kp-node-ports-${name ?? ""}`,
      expect: chain("filter", "KUBE-FIREWALL", `node-ports-${name ?? ""}.filter.KUBE-FIREWALL`),
    }),
  ),
  {
    kubeProxyTest: "TestSyncProxyRulesLargeClusterMode (first sync, 998 endpoints)",
    fixture: "kp-large-cluster-below-threshold",
    expect: { kind: "lines", file: "large-cluster-below-threshold.lines", dnatRules: 998, commentedDnatRules: 998 },
  },
  {
    kubeProxyTest: "TestSyncProxyRulesLargeClusterMode (after forced full resync, 1001 endpoints)",
    fixture: "kp-large-cluster-mode",
    expect: { kind: "lines", file: "large-cluster-mode.lines", dnatRules: 1001, commentedDnatRules: 0 },
  },
];

function expected(file: string): string {
  return readFileSync(join(repoRoot, "test", "kube-proxy-expected", file), "utf8");
}

/** Drops `-X NAME` lines and the `:NAME` declarations of those chains (state from earlier syncs). */
function withoutStaleChains(text: string): string {
  const stale = new Set(text.split("\n").filter((l) => l.startsWith("-X ")).map((l) => l.slice(3)));
  return text
    .split("\n")
    .filter((l) => !l.startsWith("-X ") && !(l.startsWith(":") && stale.has(l.slice(1).split(" ")[0] ?? "")))
    .join("\n");
}

function sepDnatRules(text: string): string[] {
  return text.split("\n").filter((l) => l.startsWith("-A KUBE-SEP-") && l.includes("-j DNAT"));
}

describe("kube-proxy's own expected output (proxier_test.go)", () => {
  for (const c of conformanceCases) {
    it(`${c.kubeProxyTest}: fixtures/${c.fixture}.yaml gives kube-proxy's ${c.expect.kind.startsWith("payload") ? "payload" : c.expect.kind === "chain" ? `${c.expect.table} ${c.expect.chain} chain` : "SEP lines"} byte for byte`, async () => {
      const result = await compileFixture(c.fixture, "iptables");
      expect(result.stderr).toBe("");
      expect(result.code).toBe(0);
      const e = c.expect;
      switch (e.kind) {
        case "payload": {
          const diff = unifiedDiff(expected(e.file), canonicalIptables(result.stdout), `kube-proxy ${c.kubeProxyTest}`, "kprc (canonical sort)");
          if (diff !== "") throw new Error(diff);
          break;
        }
        case "payload-without-stale-chains": {
          const kubeProxy = withoutStaleChains(expected(e.file));
          expect(kubeProxy).not.toBe(expected(e.file));
          const diff = unifiedDiff(kubeProxy, canonicalIptables(result.stdout), `kube-proxy ${c.kubeProxyTest} (no -X)`, "kprc (canonical sort)");
          if (diff !== "") throw new Error(diff);
          break;
        }
        case "chain":
          expect(chainRules(result.stdout, e.table, e.chain)).toBe(expected(e.file));
          break;
        case "lines": {
          const dnat = sepDnatRules(result.stdout);
          for (const line of expected(e.file).split("\n").filter((l) => l !== "")) expect(dnat).toContain(line);
          expect(dnat).toHaveLength(e.dnatRules);
          expect(dnat.filter((l) => l.includes("--comment"))).toHaveLength(e.commentedDnatRules);
          break;
        }
        default: {
          const never: never = e;
          throw new Error(`unhandled expectation ${JSON.stringify(never)}`);
        }
      }
    });
  }

  it("compares kprc through kube-proxy's canonical sort, which leaves its expected payloads unchanged", () => {
    for (const file of ["overall.iptables", "bad-ips.iptables", "sync-repeated.iptables", "sync-repeated-final.iptables"]) {
      expect(canonicalIptables(expected(file))).toBe(expected(file));
    }
  });
});

describe("kube-proxy's own packet-flow expectations (runPacketFlowTests)", () => {
  for (const c of [...flowCases, ...internalExternalMasqueradeCases]) {
    it(`${c.kubeProxyTest}: every flow through fixtures/${c.fixture}.yaml ends where kube-proxy's tracer says`, async () => {
      const result = await compileFixture(c.fixture, "iptables");
      expect(result.stderr).toBe("");
      expect(result.code).toBe(0);
      const failures: string[] = [];
      for (const f of c.flows) {
        const packet = { sourceIP: f.sourceIP, protocol: f.protocol ?? "tcp", destIP: f.destIP, destPort: f.destPort };
        const got = tracePacket(result.stdout, packet, testNodeIPs);
        // Go's zero value: a flow that does not set masq expects no masquerading.
        const masq = f.masq ?? false;
        if (got.output !== f.output || got.masq !== masq) {
          failures.push(`${f.name}: expected ${JSON.stringify(f.output)} masq=${masq}, got ${JSON.stringify(got.output)} masq=${got.masq}\n    ${got.matched.join("\n    ")}`);
        }
      }
      expect(failures).toEqual([]);
    });
  }
});

// The harness helpers are checked against kube-proxy's own tests of its harness, as kube-proxy does.
describe("the comparison helpers behave like kube-proxy's test harness", () => {
  const nat = (lines: string[]): string => `*filter\nCOMMIT\n*nat\n${lines.join("\n")}\nCOMMIT\n`;
  const svcJump = `-A KUBE-SERVICES -m comment --comment "ns1/svc1:p80 cluster IP" -m tcp -p tcp -d 172.30.0.41 --dport 80 -j KUBE-SVC-XPGD46QRK7WJZT7O`;

  it("ruleJumpProblems gives TestCheckIPTablesRuleJumps' verdicts", () => {
    const valid = nat([
      ":KUBE-MARK-MASQ - [0:0]",
      ":KUBE-SERVICES - [0:0]",
      ":KUBE-SVC-XPGD46QRK7WJZT7O - [0:0]",
      "-A KUBE-MARK-MASQ -j MARK --or-mark 0x4000",
      svcJump,
      `-A KUBE-SVC-XPGD46QRK7WJZT7O -m comment --comment "ns1/svc1:p80 cluster IP" -m tcp -p tcp -d 10.20.30.41 --dport 80 ! -s 10.0.0.0/24 -j KUBE-MARK-MASQ`,
    ]);
    expect(ruleJumpProblems(valid)).toEqual([]);
    expect(ruleJumpProblems(nat([":KUBE-SERVICES - [0:0]", svcJump]))[0]).toBe("some chains in nat are used but were not created: KUBE-SVC-XPGD46QRK7WJZT7O");
    expect(ruleJumpProblems(nat([":KUBE-SERVICES - [0:0]", ":KUBE-SVC-XPGD46QRK7WJZT7O - [0:0]", svcJump]))).toEqual([
      "some chains in nat are jumped to but have no rules: KUBE-SVC-XPGD46QRK7WJZT7O",
    ]);
    expect(ruleJumpProblems(nat([":KUBE-MARK-MASQ - [0:0]", ":KUBE-SERVICES - [0:0]", ":KUBE-SVC-XPGD46QRK7WJZT7O - [0:0]", `-A KUBE-SERVICES -m comment --comment "ns1/svc1:p80 cluster IP" ...`]))).toEqual([
      "some chains in nat are created but not used: KUBE-SVC-XPGD46QRK7WJZT7O",
    ]);
  });

  it("canonicalIptables sorts like TestSortIPTablesRules (same service name in different comment styles)", () => {
    const rule = (comment: string, tail: string): string => `-A KUBE-SERVICES -m comment --comment ${comment} ${tail}`;
    const input = nat([
      ":KUBE-SERVICES - [0:0]",
      rule(`"ns2/svc2:p80 cluster IP"`, "svc2 line 1"),
      rule("ns2/svc2", "svc2 line 2"),
      rule(`"ns2/svc2 blah"`, "svc2 line 3"),
      rule(`"ns1/svc1:p80 cluster IP"`, "svc1 line 1"),
      rule("ns1/svc1", "svc1 line 2"),
      rule(`"ns1/svc1 blah"`, "svc1 line 3"),
    ]);
    expect(canonicalIptables(input)).toBe(
      nat([
        ":KUBE-SERVICES - [0:0]",
        rule(`"ns1/svc1:p80 cluster IP"`, "svc1 line 1"),
        rule("ns1/svc1", "svc1 line 2"),
        rule(`"ns1/svc1 blah"`, "svc1 line 3"),
        rule(`"ns2/svc2:p80 cluster IP"`, "svc2 line 1"),
        rule("ns2/svc2", "svc2 line 2"),
        rule(`"ns2/svc2 blah"`, "svc2 line 3"),
      ]),
    );
  });
});
