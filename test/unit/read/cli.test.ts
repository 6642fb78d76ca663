import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { main } from "../../../src/cli/main.js";
import { createMemoryIo } from "../../../src/cli/memory-io.js";

// `kprc trace` and `kprc diff` run in memory on the node dumps in fixtures/node-dumps (real
// iptables-save output of a node with Docker and flannel rules around kube-proxy's).

const dumps = new URL("../../../fixtures/node-dumps/", import.meta.url);
const file = (name: string): string => readFileSync(new URL(name, dumps), "utf8");
const files = {
  "cluster.yaml": file("cluster.yaml"),
  "live.txt": file("demo-worker.iptables-save"),
  "drifted.txt": file("demo-worker-drifted.iptables-save"),
};
const nodeFlags = ["--node-name", "demo-worker", "--cluster-cidr", "10.244.0.0/16"];

async function run(argv: string[], stdin?: string) {
  const io = createMemoryIo({ files, ...(stdin !== undefined ? { stdin } : {}) });
  const code = await main(argv, io);
  return { code, stdout: io.stdout, stderr: io.stderr };
}

describe("kprc trace", () => {
  it("lists the six endpoints of a node port on a live node's dump, each masqueraded", async () => {
    const r = await run(["trace", "live.txt", "--src", "203.0.113.7", "--dst", "172.18.0.3:30000", "--node-ip", "172.18.0.3"]);
    expect(r.code).toBe(0);
    const outcomes = r.stdout.split("paths")[0]!.split("\n").filter((l) => l.includes("DNAT"));
    expect(outcomes).toHaveLength(6);
    expect(outcomes.every((l) => l.includes("masquerade: yes"))).toBe(true);
    expect(outcomes[0]).toContain("16.666666651%");
  });

  it("quotes the input line of every rule on the path with --show-rules", async () => {
    const r = await run(["trace", "live.txt", "--src", "10.244.1.5", "--dst", "10.96.201.5:9000", "--show-rules"]);
    expect(r.stdout).toMatch(/REJECT\s+100%/);
    expect(r.stdout).toContain('-A KUBE-SERVICES -d 10.96.201.5/32 -p tcp -m comment --comment "shop/payments:grpc has no endpoints"');
  });

  it("gives exact fractions in --json and reads the rules from stdin", async () => {
    const r = await run(["trace", "-", "--src", "10.244.1.5", "--dst", "10.96.0.10:53", "--proto", "udp", "--json"], files["live.txt"]);
    const json = JSON.parse(r.stdout) as { outcomes: { outcome: { ip: string }; probability: { fraction: string } }[] };
    expect(json.outcomes.map((o) => [o.outcome.ip, o.probability.fraction])).toEqual([
      ["10.244.0.2", "1/2"],
      ["10.244.0.3", "1/2"],
    ]);
  });

  it("refuses a destination without a port with exit code 2", async () => {
    const r = await run(["trace", "live.txt", "--src", "10.0.0.1", "--dst", "10.96.0.10"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--dst 10.96.0.10: expected IP:PORT/);
  });

  it("names the line of rules it cannot read, with exit code 2", async () => {
    const r = await run(["trace", "-", "--src", "10.0.0.1", "--dst", "10.96.0.10:53"], "-A KUBE-SERVICES -j ACCEPT\n");
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/<stdin>:1: .* outside a table/);
  });
});

describe("kprc diff", () => {
  it("finds a node in sync and exits 0", async () => {
    const r = await run(["diff", "--expected", "cluster.yaml", "--live", "live.txt", ...nodeFlags]);
    expect(r.stdout).toMatch(/in sync/);
    expect(r.code).toBe(0);
  });

  it("reports a stale service, its stale chains and a wrong endpoint, and exits 1", async () => {
    const r = await run(["diff", "--expected", "cluster.yaml", "--live", "drifted.txt", ...nodeFlags]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/stale service\s+shop\/legacy:http/);
    expect(r.stdout).toMatch(/stale chain\s+nat KUBE-SVC-X46COPIDURCKQVEJ/);
    expect(r.stdout).toMatch(/wrong endpoints\s+nat KUBE-SVC-T3QIINOBLYCGKYC7: expected .*10\.244\.2\.4:80; live .*10\.244\.2\.9:80/);
  });

  it("reports the same findings as JSON", async () => {
    const r = await run(["diff", "--expected", "cluster.yaml", "--live", "drifted.txt", ...nodeFlags, "--json"]);
    const json = JSON.parse(r.stdout) as { equal: boolean; findings: { kind: string }[] };
    expect(json.equal).toBe(false);
    expect(json.findings.map((f) => f.kind).sort()).toEqual(["missing-chain", "stale-chain", "stale-chain", "stale-chain", "stale-service", "wrong-endpoints"]);
  });
});
