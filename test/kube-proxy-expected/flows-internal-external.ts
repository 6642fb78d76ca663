import type { Flow, FlowCase } from "./flows.js";

// TestInternalExternalMasquerade (pkg/proxy/iptables/proxier_test.go, commit 531be812): 30 flows
// over an eTP=Cluster, an eTP=Local and an iTP=Local LoadBalancer, run under four settings with
// per-setting overrides of the expected output/masquerade, exactly as the test lists them.

const node = "192.168.0.2";
const ext = "203.0.113.2";
const all = (n: number): string => `10.180.0.${n}:80, 10.180.1.${n}:80`;
const localOnly = (n: number): string => `10.180.0.${n}:80`;

type Row = [name: string, src: string, dst: string, port: number, output: string, masq: boolean];

const rows: Row[] = [
  ["pod to ClusterIP", "10.0.0.2", "172.30.0.41", 80, all(1), false],
  ["pod to NodePort", "10.0.0.2", node, 3001, all(1), true],
  ["pod to LB", "10.0.0.2", "1.2.3.4", 80, all(1), true],
  ["node to ClusterIP", node, "172.30.0.41", 80, all(1), true],
  ["node to NodePort", node, node, 3001, all(1), true],
  ["localhost to NodePort", "127.0.0.1", "127.0.0.1", 3001, all(1), true],
  ["node to LB", node, "1.2.3.4", 80, all(1), true],
  ["external to ClusterIP", ext, "172.30.0.41", 80, all(1), true],
  ["external to NodePort", ext, node, 3001, all(1), true],
  ["external to LB", ext, "1.2.3.4", 80, all(1), true],
  ["pod to ClusterIP with eTP:Local", "10.0.0.2", "172.30.0.42", 80, all(2), false],
  ["pod to NodePort with eTP:Local", "10.0.0.2", node, 3002, all(2), false],
  ["pod to LB with eTP:Local", "10.0.0.2", "5.6.7.8", 80, all(2), false],
  ["node to ClusterIP with eTP:Local", node, "172.30.0.42", 80, all(2), true],
  // (kube-proxy's test sends this one to svc1's node port 3001, hence svc1's endpoints)
  ["node to NodePort with eTP:Local", node, node, 3001, all(1), true],
  ["localhost to NodePort with eTP:Local", "127.0.0.1", "127.0.0.1", 3002, all(2), true],
  ["node to LB with eTP:Local", node, "5.6.7.8", 80, all(2), true],
  ["external to ClusterIP with eTP:Local", ext, "172.30.0.42", 80, all(2), true],
  ["external to NodePort with eTP:Local", ext, node, 3002, localOnly(2), false],
  ["external to LB with eTP:Local", ext, "5.6.7.8", 80, localOnly(2), false],
  ["pod to ClusterIP with iTP:Local", "10.0.0.2", "172.30.0.43", 80, localOnly(3), false],
  ["pod to NodePort with iTP:Local", "10.0.0.2", node, 3003, all(3), true],
  ["pod to LB with iTP:Local", "10.0.0.2", "9.10.11.12", 80, all(3), true],
  ["node to ClusterIP with iTP:Local", node, "172.30.0.43", 80, localOnly(3), true],
  ["node to NodePort with iTP:Local", node, node, 3003, all(3), true],
  ["localhost to NodePort with iTP:Local", "127.0.0.1", "127.0.0.1", 3003, all(3), true],
  ["node to LB with iTP:Local", node, "9.10.11.12", 80, all(3), true],
  ["external to ClusterIP with iTP:Local", ext, "172.30.0.43", 80, localOnly(3), true],
  ["external to NodePort with iTP:Local", ext, node, 3003, all(3), true],
  ["external to LB with iTP:Local", ext, "9.10.11.12", 80, all(3), true],
];

type Overrides = Record<string, { output?: string; masq?: boolean }>;

const noDetector: Overrides = {
  "node to ClusterIP": { masq: false },
  "node to ClusterIP with eTP:Local": { masq: false },
  "node to ClusterIP with iTP:Local": { masq: false },
  "external to ClusterIP": { masq: false },
  "external to ClusterIP with eTP:Local": { masq: false },
  "external to ClusterIP with iTP:Local": { masq: false },
  "pod to NodePort with eTP:Local": { output: localOnly(2) },
  "pod to LB with eTP:Local": { output: localOnly(2) },
};

const masqueradeAll: Overrides = {
  "pod to ClusterIP": { masq: true },
  "pod to ClusterIP with eTP:Local": { masq: true },
  "pod to ClusterIP with iTP:Local": { masq: true },
};

const masqueradeAllNoDetector: Overrides = {
  ...masqueradeAll,
  "pod to NodePort with eTP:Local": { output: localOnly(2) },
  "pod to LB with eTP:Local": { output: localOnly(2) },
};

function flows(overrides: Overrides): Flow[] {
  const unknown = Object.keys(overrides).filter((name) => !rows.some(([row]) => row === name));
  if (unknown.length > 0) throw new Error(`overrides for flows that do not exist: ${unknown.join(", ")}`);
  return rows.map(([name, sourceIP, destIP, destPort, output, masq]) => ({
    name,
    sourceIP,
    destIP,
    destPort,
    output: overrides[name]?.output ?? output,
    masq: overrides[name]?.masq ?? masq,
  }));
}

export const internalExternalMasqueradeCases: readonly FlowCase[] = [
  { kubeProxyTest: "TestInternalExternalMasquerade/base", fixture: "kp-internal-external-masquerade", flows: flows({}) },
  { kubeProxyTest: "TestInternalExternalMasquerade/no LocalTrafficDetector", fixture: "kp-internal-external-masquerade-no-local-detector", flows: flows(noDetector) },
  { kubeProxyTest: "TestInternalExternalMasquerade/masqueradeAll", fixture: "kp-internal-external-masquerade-masquerade-all", flows: flows(masqueradeAll) },
  {
    kubeProxyTest: "TestInternalExternalMasquerade/masqueradeAll, no LocalTrafficDetector",
    fixture: "kp-internal-external-masquerade-masquerade-all-no-local-detector",
    flows: flows(masqueradeAllNoDetector),
  },
];
