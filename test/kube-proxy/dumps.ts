import { compile } from "../../src/compile/index.js";
import type { ProxyConfig } from "../../src/model/config.js";
import type { Snapshot } from "../../src/model/snapshot.js";
import { iptablesText } from "../../src/render/iptables/index.js";
import { fakeProxierConfig } from "./builders.js";

// Helpers shared by the kube-proxy conformance tests: compile with NewFakeProxier's settings and
// pick pieces out of the payload like kube-proxy's assertIPTablesChainEqual does.

export function payload(input: Snapshot, overrides: Partial<ProxyConfig> = {}): string {
  return iptablesText(compile(input, fakeProxierConfig(overrides)));
}

/** The `-A` lines of one chain of one table, in order, each ending with a newline. */
export function chainRules(text: string, table: string, chain: string): string {
  let current = "";
  const out: string[] = [];
  for (const line of text.split("\n")) {
    if (line.startsWith("*")) current = line.slice(1);
    else if (current === table && line.startsWith(`-A ${chain} `)) out.push(`${line}\n`);
  }
  return out.join("");
}
