import { readFileSync } from "node:fs";
import { compile } from "../../src/compile/index.js";
import type { ProxyConfig } from "../../src/model/config.js";
import type { Ruleset } from "../../src/model/ruleset.js";
import type { Snapshot } from "../../src/model/snapshot.js";
import { iptablesText } from "../../src/render/iptables/index.js";
import { fakeProxierConfig } from "./builders.js";

// Helpers shared by the kube-proxy conformance tests: compile with NewFakeProxier's settings, and
// read kube-proxy's expected payloads. (Comparing like kube-proxy's sortIPTablesRules and
// assertIPTablesChainEqual: test/support/kube-proxy-canonical.ts.)

/** kube-proxy's expected text for a proxier_test.go case, as copied into test/kube-proxy-expected/. */
export function kubeProxyExpected(file: string): string {
  return readFileSync(new URL(`../kube-proxy-expected/${file}`, import.meta.url), "utf8");
}

/** compile() with NewFakeProxier's settings (and any overrides). */
export function compileFake(input: Snapshot, overrides: Partial<ProxyConfig> = {}): Ruleset {
  return compile(input, fakeProxierConfig(overrides));
}

export function payload(input: Snapshot, overrides: Partial<ProxyConfig> = {}): string {
  return iptablesText(compileFake(input, overrides));
}

/** A payload without the declarations and `-X` lines of `chains`. */
export function withoutChains(text: string, chains: readonly string[]): string {
  const dropped = new Set(chains.flatMap((c) => [`:${c} - [0:0]`, `-X ${c}`]));
  return text
    .split("\n")
    .filter((line) => !dropped.has(line))
    .join("\n");
}
