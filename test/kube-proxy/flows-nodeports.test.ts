import { describe } from "vitest";
import { endpoint, port, service, slice, snapshot } from "./builders.js";
import { compileFake, runFlows, type FlowTest } from "./flows.js";

// proxier_test.go TestNodePorts: IPv4/IPv6 × localhostNodePorts × nodePortAddresses, traced.

const cases = [
  { name: "ipv4, localhost-nodeports enabled", family: "ipv4", localhost: true, addresses: [], allowAlt: true },
  { name: "ipv4, localhost-nodeports disabled", family: "ipv4", localhost: false, addresses: [], allowAlt: true },
  { name: "ipv4, localhost-nodeports disabled, localhost in nodeport-addresses", family: "ipv4", localhost: false, addresses: ["192.168.0.0/24", "127.0.0.1/32"], allowAlt: false },
  { name: "ipv4, multiple nodeport-addresses", family: "ipv4", localhost: false, addresses: ["192.168.0.0/24", "192.168.1.0/24", "2001:db8::/64"], allowAlt: true },
  { name: "ipv6, localhost-nodeports enabled", family: "ipv6", localhost: true, addresses: [], allowAlt: true },
  { name: "ipv6, localhost-nodeports disabled", family: "ipv6", localhost: false, addresses: [], allowAlt: true },
  { name: "ipv6, multiple nodeport-addresses", family: "ipv6", localhost: false, addresses: ["192.168.0.0/24", "192.168.1.0/24", "2001:db8::/64"], allowAlt: false },
] as const;

describe.each(cases)("TestNodePorts: $name", ({ family, localhost, addresses, allowAlt }) => {
  const v4 = family === "ipv4";
  const [svcIP, ep1, ep2] = v4 ? ["172.30.0.41", "10.180.0.1", "10.180.2.1"] : ["fd00:172:30::41", "fd00:10:180::1", "fd00:10:180::2:1"];
  const input = snapshot(
    [service("ns1", "svc1", { type: "NodePort", clusterIPs: [svcIP], ports: [port("p80", 80, { nodePort: 3001 })] })],
    [slice("ns1", "svc1", 1, [{ name: "p80", port: 80 }], [endpoint(ep1), endpoint(ep2, { nodeName: "test-node" })], v4 ? "IPv4" : "IPv6")],
  );
  const [podIP, client, nodeIP, altNodeIP, localhostIP] = v4
    ? ["10.0.0.2", "203.0.113.2", "192.168.0.2", "192.168.1.2", "127.0.0.1"]
    : ["fd00:10::2", "2600:5200::1", "2001:db8::1", "2001:db8:1::2", "::1"];
  const output = v4 ? `${ep1}:80, ${ep2}:80` : `[${ep1}]:80, [${ep2}]:80`;
  // kube-proxy reads node IPs from the host's interfaces; kprc takes them from --node-ip.
  const nodeIPs = v4 ? ["192.168.0.2", "192.168.1.2", "192.168.99.11"] : ["2001:db8::1", "2001:db8:1::2"];
  const flows: FlowTest[] = [
    { name: "pod to cluster IP", sourceIP: podIP, destIP: svcIP, destPort: 80, output },
    { name: "external to nodePort", sourceIP: client, destIP: nodeIP, destPort: 3001, output, masq: true },
    { name: "node to nodePort", sourceIP: nodeIP, destIP: nodeIP, destPort: 3001, output, masq: true },
    v4 && localhost
      ? { name: "localhost to nodePort gets masqueraded", sourceIP: localhostIP, destIP: localhostIP, destPort: 3001, output, masq: true }
      : { name: "localhost to nodePort is ignored", sourceIP: localhostIP, destIP: localhostIP, destPort: 3001, output: "" },
    allowAlt
      ? { name: "external to nodePort on secondary IP", sourceIP: client, destIP: altNodeIP, destPort: 3001, output, masq: true }
      : { name: "secondary nodeIP ignores NodePorts", sourceIP: client, destIP: altNodeIP, destPort: 3001, output: "" },
  ];
  runFlows(() => compileFake(input, { family, localhostNodePorts: localhost, nodePortAddresses: addresses, nodeIPs }), flows);
});
