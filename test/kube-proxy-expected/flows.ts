// kube-proxy's packet-flow expectations (runPacketFlowTests in pkg/proxy/iptables/proxier_test.go,
// commit 531be812), copied as data: each case names the fixture that holds the test's objects and
// NewFakeProxier's settings. `output` is what kube-proxy's tracer prints: DNAT destinations in
// cascade order joined with ", ", or REJECT / DROP / ACCEPT, or "" when nothing matched. As in Go,
// an unset `masq` means the packet must NOT be masqueraded.

export interface Flow {
  readonly name: string;
  readonly sourceIP: string;
  readonly protocol?: "tcp" | "udp" | "sctp";
  readonly destIP: string;
  readonly destPort: number;
  readonly output: string;
  readonly masq?: boolean;
}

export interface FlowCase {
  readonly kubeProxyTest: string;
  readonly fixture: string;
  readonly flows: readonly Flow[];
}

const testNodeIP = "192.168.0.2";
const testNodeIPAlt = "192.168.1.2";
const testExternalClient = "203.0.113.2";
const testExternalClientBlocked = "203.0.113.130";
/** NewFakeProxier's interface addresses, which the tracer treats as LOCAL. */
export const testNodeIPs: readonly string[] = [testNodeIP, testNodeIPAlt, "192.168.99.11", "2001:db8::1", "2001:db8:1::2"];

const ep1 = "10.180.0.1:80";
const noEndpointFlows: Flow[] = [
  { name: "pod to cluster IP with no endpoints", sourceIP: "10.0.0.2", destIP: "172.30.0.41", destPort: 80, output: "REJECT" },
  { name: "external to external IP with no endpoints", sourceIP: testExternalClient, destIP: "192.168.99.11", destPort: 80, output: "REJECT" },
  { name: "pod to NodePort with no endpoints", sourceIP: "10.0.0.2", destIP: testNodeIP, destPort: 3001, output: "REJECT" },
  { name: "external to NodePort with no endpoints", sourceIP: testExternalClient, destIP: testNodeIP, destPort: 3001, output: "REJECT" },
  { name: "pod to LoadBalancer IP with no endpoints", sourceIP: "10.0.0.2", destIP: "1.2.3.4", destPort: 80, output: "REJECT" },
  { name: "external to LoadBalancer IP with no endpoints", sourceIP: testExternalClient, destIP: "1.2.3.4", destPort: 80, output: "REJECT" },
];

const clusterIPGeneral: Flow[] = [
  { name: "simple clusterIP", sourceIP: "10.180.0.2", destIP: "172.30.0.41", destPort: 80, output: "10.180.0.1:80", masq: false },
  { name: "hairpin to cluster IP", sourceIP: "10.180.0.1", destIP: "172.30.0.41", destPort: 80, output: "10.180.0.1:80", masq: true },
  { name: "clusterIP with multiple endpoints", sourceIP: "10.180.0.2", destIP: "172.30.0.42", destPort: 80, output: "10.180.0.1:80, 10.180.2.1:80", masq: false },
  { name: "clusterIP with TargetPort", sourceIP: "10.180.0.2", destIP: "172.30.0.42", destPort: 443, output: "10.180.0.1:8443, 10.180.2.1:8443", masq: false },
  { name: "clusterIP with TCP, UDP, and SCTP on same port (TCP)", sourceIP: "10.180.0.2", protocol: "tcp", destIP: "172.30.0.42", destPort: 53, output: "10.180.0.1:5353, 10.180.2.1:5353", masq: false },
  { name: "clusterIP with TCP, UDP, and SCTP on same port (UDP)", sourceIP: "10.180.0.2", protocol: "udp", destIP: "172.30.0.42", destPort: 53, output: "10.180.0.1:53, 10.180.2.1:53", masq: false },
  { name: "clusterIP with TCP, UDP, and SCTP on same port (SCTP)", sourceIP: "10.180.0.2", protocol: "sctp", destIP: "172.30.0.42", destPort: 53, output: "10.180.0.1:53, 10.180.2.1:53", masq: false },
  { name: "TCP-only port does not match UDP traffic", sourceIP: "10.180.0.2", protocol: "udp", destIP: "172.30.0.42", destPort: 80, output: "" },
  { name: "svc1 does not accept svc2's ports", sourceIP: "10.180.0.2", destIP: "172.30.0.41", destPort: 443, output: "" },
];

const loadBalancer: Flow[] = [
  { name: "pod to cluster IP", sourceIP: "10.0.0.2", destIP: "172.30.0.41", destPort: 80, output: ep1, masq: false },
  { name: "external to nodePort", sourceIP: testExternalClient, destIP: testNodeIP, destPort: 3001, output: ep1, masq: true },
  { name: "nodePort bypasses LoadBalancerSourceRanges", sourceIP: testExternalClientBlocked, destIP: testNodeIP, destPort: 3001, output: ep1, masq: true },
  { name: "accepted external to LB1", sourceIP: testExternalClient, destIP: "1.2.3.4", destPort: 80, output: ep1, masq: true },
  { name: "accepted external to LB2", sourceIP: testExternalClient, destIP: "5.6.7.8", destPort: 80, output: ep1, masq: true },
  { name: "blocked external to LB1", sourceIP: testExternalClientBlocked, destIP: "1.2.3.4", destPort: 80, output: "DROP" },
  { name: "blocked external to LB2", sourceIP: testExternalClientBlocked, destIP: "5.6.7.8", destPort: 80, output: "DROP" },
  { name: "pod to LB1 (blocked by LoadBalancerSourceRanges)", sourceIP: "10.0.0.2", destIP: "1.2.3.4", destPort: 80, output: "DROP" },
  { name: "pod to LB2 (blocked by LoadBalancerSourceRanges)", sourceIP: "10.0.0.2", destIP: "5.6.7.8", destPort: 80, output: "DROP" },
  { name: "node to LB1 (allowed by LoadBalancerSourceRanges)", sourceIP: testNodeIP, destIP: "1.2.3.4", destPort: 80, output: ep1, masq: true },
  { name: "node to LB2 (allowed by LoadBalancerSourceRanges)", sourceIP: testNodeIP, destIP: "5.6.7.8", destPort: 80, output: ep1, masq: true },
  { name: "same node to LB1, SNATted to LB1 (implicitly allowed)", sourceIP: "1.2.3.4", destIP: "1.2.3.4", destPort: 80, output: ep1, masq: true },
  { name: "same node to LB2, SNATted to LB2 (implicitly allowed)", sourceIP: "5.6.7.8", destIP: "5.6.7.8", destPort: 80, output: ep1, masq: true },
];

/** TestNodePorts: the basic flows, the localhost flow and the alternate-node-IP flow for one sub-case. */
export function nodePortFlows(family: "ipv4" | "ipv6", localhostAllowed: boolean, allowAltNodeIP: boolean): Flow[] {
  const v4 = family === "ipv4";
  const [svcIP, epA, epB] = v4 ? ["172.30.0.41", "10.180.0.1:80", "10.180.2.1:80"] : ["fd00:172:30::41", "[fd00:10:180::1]:80", "[fd00:10:180::2:1]:80"];
  const podIP = v4 ? "10.0.0.2" : "fd00:10::2";
  const external = v4 ? testExternalClient : "2600:5200::1";
  const nodeIP = v4 ? testNodeIP : "2001:db8::1";
  const altNodeIP = v4 ? testNodeIPAlt : "2001:db8:1::2";
  const localhost = v4 ? "127.0.0.1" : "::1";
  const output = `${epA}, ${epB}`;
  return [
    { name: "pod to cluster IP", sourceIP: podIP, destIP: svcIP, destPort: 80, output, masq: false },
    { name: "external to nodePort", sourceIP: external, destIP: nodeIP, destPort: 3001, output, masq: true },
    { name: "node to nodePort", sourceIP: nodeIP, destIP: nodeIP, destPort: 3001, output, masq: true },
    localhostAllowed
      ? { name: "localhost to nodePort gets masqueraded", sourceIP: localhost, destIP: localhost, destPort: 3001, output, masq: true }
      : { name: "localhost to nodePort is ignored", sourceIP: localhost, destIP: localhost, destPort: 3001, output: "" },
    allowAltNodeIP
      ? { name: "external to nodePort on secondary IP", sourceIP: external, destIP: altNodeIP, destPort: 3001, output, masq: true }
      : { name: "secondary nodeIP ignores NodePorts", sourceIP: external, destIP: altNodeIP, destPort: 3001, output: "" },
  ];
}

const both = "10.180.0.1:80, 10.180.2.1:80";
const etpLocal: Flow[] = [
  { name: "pod to cluster IP hits both endpoints, unmasqueraded", sourceIP: "10.0.0.2", destIP: "172.30.0.41", destPort: 80, output: both, masq: false },
  { name: "pod to external IP hits both endpoints, unmasqueraded", sourceIP: "10.0.0.2", destIP: "192.168.99.11", destPort: 80, output: both, masq: false },
  { name: "external to external IP hits only local endpoint, unmasqueraded", sourceIP: testExternalClient, destIP: "192.168.99.11", destPort: 80, output: "10.180.2.1:80", masq: false },
  { name: "pod to LB IP hits only both endpoints, unmasqueraded", sourceIP: "10.0.0.2", destIP: "1.2.3.4", destPort: 80, output: both, masq: false },
  { name: "external to LB IP hits only local endpoint, unmasqueraded", sourceIP: testExternalClient, destIP: "1.2.3.4", destPort: 80, output: "10.180.2.1:80", masq: false },
  { name: "pod to NodePort hits both endpoints, unmasqueraded", sourceIP: "10.0.0.2", destIP: testNodeIP, destPort: 3001, output: both, masq: false },
  { name: "external to NodePort hits only local endpoint, unmasqueraded", sourceIP: testExternalClient, destIP: testNodeIP, destPort: 3001, output: "10.180.2.1:80", masq: false },
];

const etpCluster: Flow[] = [
  { name: "pod to cluster IP hits both endpoints, unmasqueraded", sourceIP: "10.0.0.2", destIP: "172.30.0.41", destPort: 80, output: both, masq: false },
  { name: "pod to external IP hits both endpoints, masqueraded", sourceIP: "10.0.0.2", destIP: "192.168.99.11", destPort: 80, output: both, masq: true },
  { name: "external to external IP hits both endpoints, masqueraded", sourceIP: testExternalClient, destIP: "192.168.99.11", destPort: 80, output: both, masq: true },
  { name: "pod to LB IP hits both endpoints, masqueraded", sourceIP: "10.0.0.2", destIP: "1.2.3.4", destPort: 80, output: both, masq: true },
  { name: "external to LB IP hits both endpoints, masqueraded", sourceIP: testExternalClient, destIP: "1.2.3.4", destPort: 80, output: both, masq: true },
  { name: "pod to NodePort hits both endpoints, masqueraded", sourceIP: "10.0.0.2", destIP: testNodeIP, destPort: 3001, output: both, masq: true },
  { name: "external to NodePort hits both endpoints, masqueraded", sourceIP: testExternalClient, destIP: testNodeIP, destPort: 3001, output: both, masq: true },
];

const itpFlow = (output: string): Flow[] => [{ name: "pod to ClusterIP", sourceIP: "10.0.0.2", destIP: "172.30.1.1", destPort: 80, output, masq: false }];

const lbIngressIPMode: Flow[] = [
  { name: "ipMode Proxy: no rule for the LB IP", sourceIP: "10.0.0.2", destIP: "1.2.3.4", destPort: 80, output: "" },
  { name: "ipMode VIP: rule for the LB IP", sourceIP: "10.0.0.2", destIP: "1.2.3.5", destPort: 80, output: ep1, masq: true },
  { name: "ipMode nil: rule for the LB IP", sourceIP: "10.0.0.2", destIP: "1.2.3.6", destPort: 80, output: ep1, masq: true },
];

/** TestTerminatingEndpointsTrafficPolicy{Local,Cluster}: pod → cluster IP and external → LB IP per sub-case. */
function terminating(policy: "Local" | "Cluster", name: string, fixture: string, pod: string, external: string, externalMasq: boolean): FlowCase {
  return {
    kubeProxyTest: `TestTerminatingEndpointsTrafficPolicy${policy}/${name}`,
    fixture,
    flows: [
      { name: "pod to clusterIP", sourceIP: "10.0.0.2", destIP: "172.30.1.1", destPort: 80, output: pod, masq: false },
      { name: "external to LB", sourceIP: testExternalClient, destIP: "1.2.3.4", destPort: 80, output: external, masq: externalMasq },
    ],
  };
}

const tracePacketFlows: Flow[] = [
  { name: "no match", sourceIP: "10.0.0.2", destIP: "10.0.0.3", destPort: 80, output: "" },
  { name: "single endpoint", sourceIP: "10.0.0.2", destIP: "172.30.0.41", destPort: 80, output: "10.180.0.1:80" },
  { name: "multiple endpoints", sourceIP: "10.0.0.2", destIP: "172.30.0.44", destPort: 80, output: "10.180.0.4:80, 10.180.0.5:80" },
  { name: "LOCAL, KUBE-MARK-MASQ", sourceIP: testNodeIP, destIP: "192.168.99.22", destPort: 80, output: "10.180.0.2:80", masq: true },
  { name: "DROP", sourceIP: testExternalClient, destIP: "192.168.99.22", destPort: 80, output: "DROP" },
  { name: "ACCEPT (NodePortHealthCheck)", sourceIP: testNodeIP, destIP: testNodeIP, destPort: 30000, output: "ACCEPT" },
  { name: "REJECT", sourceIP: "10.0.0.2", destIP: "172.30.0.46", destPort: 80, output: "REJECT" },
];

export const flowCases: readonly FlowCase[] = [
  // TestTracePacket's static rules are TestOverallIPTablesRules' expected payload.
  { kubeProxyTest: "TestTracePacket (over TestOverallIPTablesRules' payload)", fixture: "kp-overall", flows: tracePacketFlows },
  { kubeProxyTest: "TestNoEndpointsReject", fixture: "kp-no-endpoints-reject", flows: noEndpointFlows },
  { kubeProxyTest: "TestClusterIPGeneral", fixture: "kp-cluster-ip-general", flows: clusterIPGeneral },
  { kubeProxyTest: "TestLoadBalancer", fixture: "kp-load-balancer", flows: loadBalancer },
  { kubeProxyTest: "TestNodePorts/ipv4, localhost-nodeports enabled", fixture: "kp-node-ports-ipv4-localhost", flows: nodePortFlows("ipv4", true, true) },
  { kubeProxyTest: "TestNodePorts/ipv4, localhost-nodeports disabled", fixture: "kp-node-ports-ipv4-no-localhost", flows: nodePortFlows("ipv4", false, true) },
  {
    kubeProxyTest: "TestNodePorts/ipv4, localhost-nodeports disabled, localhost in nodeport-addresses",
    fixture: "kp-node-ports-ipv4-no-localhost-loopback-address",
    flows: nodePortFlows("ipv4", false, false),
  },
  {
    kubeProxyTest: "TestNodePorts/ipv4, localhost-nodeports enabled, multiple nodeport-addresses",
    fixture: "kp-node-ports-ipv4-multiple-addresses",
    flows: nodePortFlows("ipv4", false, true),
  },
  { kubeProxyTest: "TestNodePorts/ipv6, localhost-nodeports enabled", fixture: "kp-node-ports-ipv6-localhost", flows: nodePortFlows("ipv6", false, true) },
  { kubeProxyTest: "TestNodePorts/ipv6, localhost-nodeports disabled", fixture: "kp-node-ports-ipv6-no-localhost", flows: nodePortFlows("ipv6", false, true) },
  {
    kubeProxyTest: "TestNodePorts/ipv6, localhost-nodeports disabled, multiple nodeport-addresses",
    fixture: "kp-node-ports-ipv6-multiple-addresses",
    flows: nodePortFlows("ipv6", false, false),
  },
  {
    kubeProxyTest: "TestHealthCheckNodePort",
    fixture: "kp-health-check-node-port",
    flows: [{ name: "firewall accepts HealthCheckNodePort", sourceIP: "1.2.3.4", destIP: testNodeIP, destPort: 30000, output: "ACCEPT", masq: false }],
  },
  { kubeProxyTest: "TestExternalTrafficPolicyLocal", fixture: "kp-external-traffic-policy-local", flows: etpLocal },
  { kubeProxyTest: "TestExternalTrafficPolicyCluster", fixture: "kp-external-traffic-policy-cluster", flows: etpCluster },
  { kubeProxyTest: "TestInternalTrafficPolicy/internalTrafficPolicy is cluster", fixture: "kp-internal-traffic-policy-cluster", flows: itpFlow("10.0.1.1:80, 10.0.1.2:80, 10.0.1.3:80") },
  { kubeProxyTest: "TestInternalTrafficPolicy/local, one local endpoint", fixture: "kp-internal-traffic-policy-local-one", flows: itpFlow("10.0.1.1:80") },
  { kubeProxyTest: "TestInternalTrafficPolicy/local, multiple local endpoints", fixture: "kp-internal-traffic-policy-local-many", flows: itpFlow("10.0.1.1:80, 10.0.1.2:80") },
  { kubeProxyTest: "TestInternalTrafficPolicy/local, no local endpoints", fixture: "kp-internal-traffic-policy-local-none", flows: itpFlow("DROP") },
  terminating("Local", "ready endpoints exist", "kp-terminating-local-ready", "10.0.1.1:80, 10.0.1.2:80, 10.0.1.5:80", "10.0.1.1:80, 10.0.1.2:80", false),
  terminating("Local", "only terminating endpoints exist", "kp-terminating-local-only-terminating", "10.0.1.5:80", "10.0.1.2:80, 10.0.1.3:80", false),
  terminating("Local", "terminating endpoints on remote node", "kp-terminating-local-remote-terminating", "10.0.1.5:80", "DROP", false),
  terminating("Local", "no usable endpoints on any node", "kp-terminating-local-no-usable", "REJECT", "REJECT", false),
  terminating("Cluster", "ready endpoints exist", "kp-terminating-cluster-ready", "10.0.1.1:80, 10.0.1.2:80, 10.0.1.5:80", "10.0.1.1:80, 10.0.1.2:80, 10.0.1.5:80", true),
  terminating("Cluster", "only terminating endpoints exist", "kp-terminating-cluster-only-terminating", "10.0.1.2:80, 10.0.1.3:80, 10.0.1.5:80", "10.0.1.2:80, 10.0.1.3:80, 10.0.1.5:80", true),
  terminating("Cluster", "terminating endpoints on remote node", "kp-terminating-cluster-remote-terminating", "10.0.1.5:80", "10.0.1.5:80", true),
  terminating("Cluster", "no usable endpoints on any node", "kp-terminating-cluster-no-usable", "REJECT", "REJECT", false),
  { kubeProxyTest: "TestLoadBalancerIngressRouteTypeProxy (rule existence, checked as flows)", fixture: "kp-lb-ingress-ip-mode", flows: lbIngressIPMode },
];
