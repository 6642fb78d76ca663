import { expect, it } from "vitest";
import { compile } from "../../src/compile/index.js";
import type { ProxyConfig } from "../../src/model/config.js";
import type { Ruleset } from "../../src/model/ruleset.js";
import type { Snapshot } from "../../src/model/snapshot.js";
import { fakeProxierConfig } from "./builders.js";
import { tracePacket, type Packet } from "./tracer.js";

// runPacketFlowTests: one vitest case per kube-proxy packetFlowTest.

export interface FlowTest extends Packet {
  readonly name: string;
  readonly output: string;
  readonly masq?: boolean;
}

export function compileFake(input: Snapshot, overrides: Partial<ProxyConfig> = {}): Ruleset {
  return compile(input, fakeProxierConfig(overrides));
}

export function runFlows(ruleset: () => Ruleset, flows: readonly FlowTest[]): void {
  for (const f of flows) {
    it(`${f.name}: ${f.output === "" ? "no match" : f.output}${f.masq ? " (masqueraded)" : ""}`, () => {
      expect(tracePacket(ruleset(), f)).toEqual({ output: f.output, masq: f.masq ?? false });
    });
  }
}
