import { describe, expect, it } from "vitest";
import { main } from "../../../src/cli/main.js";
import { createMemoryIo } from "../../../src/cli/memory-io.js";

const snapshot = `apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: Service
  metadata: {name: my-nginx, namespace: default}
  spec:
    clusterIP: 10.0.162.149
    ports: [{port: 80, protocol: TCP}]
- apiVersion: discovery.k8s.io/v1
  kind: EndpointSlice
  metadata: {name: my-nginx-1, namespace: default, labels: {kubernetes.io/service-name: my-nginx}}
  addressType: IPv4
  ports: [{port: 80, protocol: TCP}]
  endpoints: [{addresses: [10.244.2.5]}, {addresses: [10.244.3.4]}]
- apiVersion: apps/v1
  kind: Deployment
  metadata: {name: my-nginx}
`;
const broken = snapshot.replace("port: 80, protocol: TCP}]\n- apiVersion: discovery", "port: 70000, protocol: TCP}]\n- apiVersion: discovery");

async function run(argv: string[], files: Record<string, string> = { "snap.yaml": snapshot }, stdin?: string) {
  const io = createMemoryIo({ files, ...(stdin !== undefined ? { stdin } : {}) });
  const code = await main(argv, io);
  return { code, stdout: io.stdout, stderr: io.stderr, files: io.files };
}

describe("kprc compile", () => {
  it("is the default command and prints iptables-restore input", async () => {
    const r = await run(["snap.yaml"]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    expect(r.stdout).toMatch(/^\*filter\n/);
    expect(r.stdout).toContain("-A KUBE-SERVICES -m comment --comment \"default/my-nginx cluster IP\"");
    expect(r.stdout).toContain("10.244.3.4:80");
  });

  it("gives the same output with the explicit compile command", async () => {
    expect((await run(["compile", "snap.yaml"])).stdout).toBe((await run(["snap.yaml"])).stdout);
  });

  it("reads stdin for - and when no file is given", async () => {
    const fromFile = (await run(["snap.yaml"])).stdout;
    expect((await run(["compile", "-"], {}, snapshot)).stdout).toBe(fromFile);
    expect((await run(["compile"], {}, snapshot)).stdout).toBe(fromFile);
  });

  it("gives the same rules whatever the order of the files", async () => {
    const [services, rest] = snapshot.split("- apiVersion: discovery.k8s.io/v1");
    const files = { "a.yaml": services!, "b.yaml": `apiVersion: v1\nkind: List\nitems:\n- apiVersion: discovery.k8s.io/v1${rest!}` };
    const ab = await run(["a.yaml", "b.yaml"], files);
    const ba = await run(["b.yaml", "a.yaml"], files);
    expect(ab.code).toBe(0);
    expect(ba.stdout).toBe(ab.stdout);
    expect(ab.stdout).toBe((await run(["snap.yaml"])).stdout);
  });

  it("writes -o FILE instead of stdout", async () => {
    const r = await run(["snap.yaml", "-o", "rules.txt"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("");
    expect(r.files.get("rules.txt")).toMatch(/^\*filter\n/);
  });

  it("renders nft with --format nft", async () => {
    const r = await run(["snap.yaml", "--format", "nft"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^add table ip /m);
  });

  it("reports skipped kinds with --verbose, on stderr", async () => {
    const r = await run(["snap.yaml", "--verbose"]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("kprc: skipped 1 apps/v1 Deployment (not a kind kprc reads)");
    expect(r.stderr).toContain('kprc: node "", IPs none, zone none, detect-local None, ipv4');
  });

  it("renders kube-proxy's nftables layout with --format nft-kube", async () => {
    const r = await run(["snap.yaml", "--format", "nft-kube"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^add table ip kube-proxy/m);
  });

  it("renders ip6tables-restore input with --family ipv6 from the IPv6 objects only", async () => {
    const r = await run(["snap.yaml", "--family", "ipv6"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("*nat");
    expect(r.stdout).not.toContain("10.0.162.149");
  });

  it("reads node settings from --config, with flags winning", async () => {
    const config = "apiVersion: kubeproxy.config.k8s.io/v1alpha1\nkind: KubeProxyConfiguration\nclusterCIDR: 10.244.0.0/16\niptables: {masqueradeBit: 12}\n";
    const fromFile = await run(["snap.yaml", "--config", "kp.yaml"], { "snap.yaml": snapshot, "kp.yaml": config });
    expect(fromFile.code).toBe(0);
    expect(fromFile.stdout).toContain("! -s 10.244.0.0/16 -j KUBE-MARK-MASQ");
    expect(fromFile.stdout).toContain("--or-mark 0x1000");
    const overridden = await run(["snap.yaml", "--config", "kp.yaml", "--iptables-masquerade-bit", "14"], { "snap.yaml": snapshot, "kp.yaml": config });
    expect(overridden.stdout).toContain("--or-mark 0x4000");
  });

  it("points at the --config file's line when it is bad", async () => {
    const config = "apiVersion: kubeproxy.config.k8s.io/v1alpha1\nkind: KubeProxyConfiguration\nclusterCIDR: 10.244.0.0/99\n";
    const r = await run(["snap.yaml", "--config", "kp.yaml"], { "snap.yaml": snapshot, "kp.yaml": config });
    expect([r.code, r.stdout]).toEqual([2, ""]);
    expect(r.stderr).toBe('kprc: kp.yaml:3:14: KubeProxyConfiguration: clusterCIDR: "10.244.0.0/99" is not a comma-separated list of CIDRs\n');
  });

  it("reads negated boolean flags", async () => {
    const builtin = /^-A (PREROUTING|OUTPUT|INPUT|FORWARD|POSTROUTING) /m;
    expect((await run(["snap.yaml"])).stdout).toMatch(builtin);
    expect((await run(["snap.yaml", "--no-builtin-jumps"])).stdout).not.toMatch(builtin);
    expect((await run(["snap.yaml", "--iptables-localhost-nodeports=false"])).stdout).toContain("! -d 127.0.0.0/8 -j KUBE-NODEPORTS");
  });

  it("uses node flags given as --flag=value", async () => {
    const r = await run(["snap.yaml", "--iptables-masquerade-bit=13", "--masquerade-all"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("0x2000");
  });
});

describe("kprc fails cleanly", () => {
  it("exits 2 with one line naming file, object, field and line:col on bad input, and prints nothing on stdout", async () => {
    const r = await run(["snap.yaml"], { "snap.yaml": broken });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe("kprc: snap.yaml:9:20: items[0] Service default/my-nginx: spec.ports[0].port: 70000 is not a port (1–65535)\n");
  });

  it("leaves an existing -o FILE untouched when the run fails", async () => {
    const r = await run(["snap.yaml", "-o", "rules.txt"], { "snap.yaml": broken, "rules.txt": "previous rules\n" });
    expect(r.code).toBe(2);
    expect(r.files.get("rules.txt")).toBe("previous rules\n");
  });

  it("makes other kinds an error with --strict", async () => {
    const r = await run(["snap.yaml", "--strict"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^kprc: snap\.yaml:17:9: items\[2\] Deployment my-nginx: kind: apps\/v1 Deployment is not a kind kprc reads/);
  });

  it("exits 2 for a missing file", async () => {
    const r = await run(["nope.yaml"]);
    expect([r.code, r.stdout, r.stderr]).toEqual([2, "", "kprc: nope.yaml: cannot read: no such file\n"]);
  });

  it("exits 2 for unknown options and bad choices, in one line", async () => {
    for (const argv of [["snap.yaml", "--frobnicate"], ["snap.yaml", "--format", "pf"], ["snap.yaml", "--family", "ipv5"]]) {
      const r = await run(argv);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr.trimEnd()).not.toContain("\n");
      expect(r.stderr).toMatch(/see kprc --help/);
    }
  });

  it("exits 2 when a single-valued option is repeated", async () => {
    for (const argv of [["snap.yaml", "-o", "a", "-o", "b"], ["snap.yaml", "--family", "ipv4", "--family", "ipv6"], ["snap.yaml", "--cluster-cidr", "10.0.0.0/8", "--node-zone", "a", "--node-zone", "b"]]) {
      const r = await run(argv);
      expect([r.code, r.stdout]).toEqual([2, ""]);
      expect(r.stderr).toMatch(/^kprc: --[a-z-]+ given more than once\n$/);
    }
  });

  it("exits 2 for bad node settings", async () => {
    const r = await run(["snap.yaml", "--node-ip", "10.0.0.256"]);
    expect([r.code, r.stdout, r.stderr]).toEqual([2, "", 'kprc: --node-ip: "10.0.0.256" is not an IP address\n']);
  });

  it("shows the stack trace only with --debug", async () => {
    const plain = await run(["snap.yaml"], { "snap.yaml": broken });
    const debug = await run(["snap.yaml", "--debug"], { "snap.yaml": broken });
    expect(plain.stderr).not.toMatch(/\n\s+at /);
    expect(debug.code).toBe(2);
    expect(debug.stderr).toMatch(/^InputError: snap\.yaml:9:20: .*\n\s+at /);
  });

  it("exits 3 on an internal error and says it is a bug", async () => {
    const io = createMemoryIo({ files: { "snap.yaml": snapshot } });
    io.writeStdout = async () => {
      throw new TypeError("boom");
    };
    const code = await main(["snap.yaml"], io);
    expect(code).toBe(3);
    expect(io.stderr).toBe("kprc: internal error: boom (this is a bug in kprc; --debug shows the stack)\n");
  });
});

describe("kprc help", () => {
  it("shows usage, exit codes and commands with --help", async () => {
    const r = await run(["--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Exit codes: 0 ok, 1 differences found (diff), 2 bad input or usage, 3 internal error.");
    expect(r.stdout).toContain("kprc compile [files..]");
  });

  it("shows compile's options and examples with compile --help", async () => {
    const r = await run(["compile", "--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Examples:");
    expect(r.stdout).toContain("kprc compile fixtures/seed-nginx.yaml");
    for (const flag of ["--format", "--family", "--output", "--node-ip", "--cluster-cidr", "--iptables-masquerade-bit", "--config"]) expect(r.stdout).toContain(flag);
  });

  it("prints the version", async () => {
    const r = await run(["--version"]);
    expect([r.code, r.stdout]).toEqual([0, "0.1.0\n"]);
  });
});
