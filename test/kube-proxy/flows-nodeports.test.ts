import { describe } from "vitest";
import { compileFake } from "./dumps.js";
import { kubeProxyFlows, runFlows } from "./flows.js";
import { nodePortsInput } from "./inputs.js";

// proxier_test.go TestNodePorts: IPv4/IPv6 × localhostNodePorts × nodePortAddresses, traced with
// kube-proxy's flows for each sub-case (whether localhost and the secondary node IP take node ports).

const cases = [
  { name: "ipv4, localhost-nodeports enabled", family: "ipv4", localhost: true, addresses: [] },
  { name: "ipv4, localhost-nodeports disabled", family: "ipv4", localhost: false, addresses: [] },
  { name: "ipv4, localhost-nodeports disabled, localhost in nodeport-addresses", family: "ipv4", localhost: false, addresses: ["192.168.0.0/24", "127.0.0.1/32"] },
  { name: "ipv4, localhost-nodeports enabled, multiple nodeport-addresses", family: "ipv4", localhost: false, addresses: ["192.168.0.0/24", "192.168.1.0/24", "2001:db8::/64"] },
  { name: "ipv6, localhost-nodeports enabled", family: "ipv6", localhost: true, addresses: [] },
  { name: "ipv6, localhost-nodeports disabled", family: "ipv6", localhost: false, addresses: [] },
  { name: "ipv6, localhost-nodeports disabled, multiple nodeport-addresses", family: "ipv6", localhost: false, addresses: ["192.168.0.0/24", "192.168.1.0/24", "2001:db8::/64"] },
] as const;

describe.each(cases)("TestNodePorts: $name", ({ name, family, localhost, addresses }) => {
  const v4 = family === "ipv4";
  // kube-proxy reads node IPs from the host's interfaces; kprc takes them from --node-ip.
  const nodeIPs = v4 ? ["192.168.0.2", "192.168.1.2", "192.168.99.11"] : ["2001:db8::1", "2001:db8:1::2"];
  runFlows(() => compileFake(nodePortsInput(family), { family, localhostNodePorts: localhost, nodePortAddresses: addresses, nodeIPs }), kubeProxyFlows(`TestNodePorts/${name}`));
});
