import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { availableFormats, runCli } from "../fuzz/cli-harness.js";
import { parseIptablesRestore } from "./iptables-grammar.js";
import { checkNftText } from "./nft-lines.js";

// Node settings are input too: a flag or a KubeProxyConfiguration field that reaches rule text
// (interface names, CIDRs, the mark bit) must be refused, or rendered so that nothing of the hostile
// value (marked PWNED) appears in the rules.

const snapshotFile = "annotation-hostile.yaml";
const snapshot = { name: snapshotFile, text: readFileSync(join(import.meta.dirname, "corpus", snapshotFile), "utf8") };

const hostileFlags: readonly (readonly string[])[] = [
  ["--cluster-cidr", "10.244.0.0/16 -j PWNED"],
  ["--cluster-cidr", "10.244.0.0/16\n-A INPUT -j PWNED"],
  ["--detect-local-mode", "InterfaceNamePrefix", "--pod-interface-name-prefix", "veth -j PWNED"],
  ["--detect-local-mode", "InterfaceNamePrefix", "--pod-interface-name-prefix", 'veth"PWNED'],
  ["--detect-local-mode", "BridgeInterface", "--pod-bridge-interface", "cbr0;PWNED"],
  ["--detect-local-mode", "PWNED"],
  ["--nodeport-addresses", "10.0.0.0/8,PWNED"],
  ["--node-ip", "192.168.0.10 -j PWNED"],
  ["--node-zone", 'zone"PWNED'],
  ["--iptables-masquerade-bit", "32"],
  ["--iptables-masquerade-bit", "-1"],
  ["--large-cluster-threshold", "-5"],
  ["--table-prefix", "x -j PWNED", "--format", "nft"],
  ["--format", "PWNED"],
  ["--family", "ipv5"],
];

const hostileConfigs: Readonly<Record<string, string>> = {
  "cluster CIDR with an option": 'clusterCIDR: "10.0.0.0/8 -j PWNED"\n',
  "interface prefix with a quote": 'detectLocalMode: InterfaceNamePrefix\ndetectLocal:\n  interfaceNamePrefix: "veth\\"PWNED"\n',
  "bridge with a newline": 'detectLocalMode: BridgeInterface\ndetectLocal:\n  bridgeInterface: "cbr0\\n-A INPUT -j PWNED"\n',
  "hostnameOverride with spaces": 'hostnameOverride: "node a PWNED"\n',
  "masquerade bit 99": "iptables:\n  masqueradeBit: 99\n",
  "nodePortAddresses not CIDRs": 'nodePortAddresses: ["PWNED"]\n',
  "not a mapping": "- PWNED\n",
};

async function expectRefusedOrInert(argv: string[], files = [snapshot]): Promise<void> {
  const r = await runCli(argv, files);
  if (r.code === 0) {
    expect(r.stdout).not.toContain("PWNED");
    if (argv.includes("nft") || argv.includes("nft-kube")) checkNftText(r.stdout);
    else parseIptablesRestore(r.stdout);
    return;
  }
  expect(r.code, r.stderr).toBe(2);
  expect(r.stdout).toBe("");
  expect(r.stderr.split("\n"), r.stderr).toHaveLength(2);
  expect(r.stderr).toMatch(/^kprc: /);
  expect(r.stderr).not.toMatch(/internal error/);
}

describe("hostile node settings", () => {
  for (const flags of hostileFlags) {
    it(`${JSON.stringify(flags.join(" "))} is refused with one line, or leaves no trace in the rules`, async () => {
      await expectRefusedOrInert(["compile", snapshotFile, "--node-name", "node-a", ...flags]);
    });
  }

  for (const [name, body] of Object.entries(hostileConfigs)) {
    for (const format of availableFormats()) {
      it(`a KubeProxyConfiguration with ${name} is refused with one line, or leaves no trace in --format ${format}`, async () => {
        const config = { name: "kube-proxy.yaml", text: `apiVersion: kubeproxy.config.k8s.io/v1alpha1\nkind: KubeProxyConfiguration\n${body}` };
        if (body.startsWith("-")) config.text = body;
        await expectRefusedOrInert(["compile", snapshotFile, "--config", config.name, "--format", format], [snapshot, config]);
      });
    }
  }
});
