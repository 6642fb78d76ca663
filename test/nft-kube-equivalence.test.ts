import { describe, expect, it } from "vitest";
import { compile } from "../src/compile/index.js";
import { compileNftKube } from "../src/compile/nft-kube/index.js";
import { planServicePorts } from "../src/compile/plan-service-ports.js";
import { loadSnapshot } from "../src/input/load-snapshot.js";
import { defaultProxyConfig, type ProxyConfig } from "../src/model/config.js";
import { tracePacket as traceIptables, type Packet } from "./kube-proxy/tracer.js";
import { fixtureArgs, fixtureNames, fixtureText } from "./support/fixtures.js";
import { tracePacket as traceNft } from "./unit/nft/nft-kube-tracer.js";

// The two layouts must route every service packet alike: for each fixture, a pod, the node and an
// outside client send to every ClusterIP, external IP, LB IP and node port; kube-proxy's iptables
// tracer on `compile` and its nftables tracer on `compileNftKube` must pick the same endpoints (or
// DROP/REJECT) with the same masquerade decision.

/** The settings these traces need, from a fixture's .args (node, node IPs, pod CIDR, family). */
function configOf(name: string): ProxyConfig {
  const args = fixtureArgs(name);
  const values = (flag: string) => args.filter((a) => a.startsWith(`--${flag}=`)).flatMap((a) => a.slice(flag.length + 3).split(","));
  const family = values("family")[0] === "ipv6" ? "ipv6" : "ipv4";
  const cidrs = values("cluster-cidr");
  return {
    ...defaultProxyConfig,
    family,
    nodeName: values("node-name")[0] ?? "",
    nodeIPs: values("node-ip"),
    detectLocal: cidrs.length > 0 ? { mode: "ClusterCIDR", cidrs } : { mode: "None" },
    masqueradeAll: args.includes("--masquerade-all"),
  };
}

interface Probe extends Packet {
  readonly label: string;
}

function probes(name: string, config: ProxyConfig): Probe[] {
  const snapshot = loadSnapshot([{ name, text: fixtureText(name) }]).snapshot;
  const v4 = config.family === "ipv4";
  const pod = v4 ? "10.244.77.7" : "fd00:10:244:77::7";
  const outside = v4 ? "203.0.113.2" : "2600:5200::1";
  const node = config.nodeIPs.find((ip) => ip.includes(":") !== v4);
  const out: Probe[] = [];
  for (const p of planServicePorts(snapshot, config)) {
    const base = { protocol: p.protocol, destPort: p.port.port };
    out.push({ label: `pod → ${p.servicePortName} cluster IP`, sourceIP: pod, destIP: p.clusterIP, ...base });
    for (const ip of [...p.externalIPs, ...p.loadBalancerIPs]) out.push({ label: `outside → ${p.servicePortName} ${ip}`, sourceIP: outside, destIP: ip, ...base });
    if (p.nodePort !== undefined && node !== undefined) {
      out.push({ label: `outside → ${p.servicePortName} node port`, sourceIP: outside, destIP: node, protocol: p.protocol, destPort: p.nodePort });
      out.push({ label: `node → ${p.servicePortName} node port`, sourceIP: node, destIP: node, protocol: p.protocol, destPort: p.nodePort });
    }
  }
  return out;
}

let probeCount = 0;

describe("iptables and nft-kube layouts route service packets alike", () => {
  for (const name of fixtureNames()) {
    it(name, () => {
      const config = configOf(name);
      const snapshot = loadSnapshot([{ name, text: fixtureText(name) }]).snapshot;
      const iptables = compile(snapshot, config);
      const nft = compileNftKube(snapshot, config);
      const nodeIPs = [...config.nodeIPs];
      const packets = probes(name, config);
      probeCount += packets.length;
      const differences = packets.flatMap((p) => {
        const a = traceIptables(iptables, p, nodeIPs);
        const b = traceNft(nft, p, nodeIPs);
        return a.output === b.output && a.masq === b.masq ? [] : [`${p.label}: iptables ${JSON.stringify(a)} nft ${JSON.stringify(b)}`];
      });
      expect(differences).toEqual([]);
    });
  }
});

describe("the equivalence probes", () => {
  it("cover a meaningful number of packets", () => {
    console.log(`${probeCount} probes traced through both layouts`);
    expect(probeCount).toBeGreaterThan(100);
  });
});
