import { evaluate, needsConfirmation, type CheckResult } from "./evaluate.js";
import type { Format } from "./kprc.js";
import { mergeTallies, probe, type ProbeTally } from "./probe.js";
import type { Check } from "./scenario.js";
import type { Topology } from "./topology.js";

// Runs one check's traffic and judges it: the probe from the right container to the right address,
// affinity primed by a single first connection, one confirmation sample when only p is in doubt.

async function send(t: Topology, check: Check): Promise<ProbeTally> {
  const from = check.from === "node" ? t.node : t.client;
  const request = { protocol: check.protocol, address: check.address === "node" ? t.node.ip : check.address, port: check.port };
  if (check.kind !== "sticky") return probe(from, { ...request, count: check.count });
  // Affinity is recorded when the first connection is DNATed; SYNs of one burst can be NATed on two
  // CPUs at once and both miss the record (kube-proxy has the same race), so one connection goes first.
  const first = await probe(from, { ...request, count: 1, parallel: 1 });
  return mergeTallies(first, await probe(from, { ...request, count: check.count - 1 }));
}

export async function measure(format: Format, check: Check, t: Topology): Promise<CheckResult> {
  const first = evaluate(format, check, await send(t, check), t);
  if (!needsConfirmation(first)) return first;
  return { ...evaluate(format, check, await send(t, check), t), firstSampleP: first.pValue };
}
