import type { Ruleset } from "../model/ruleset.js";
import { sameAddress, isLoopback } from "./addresses.js";
import { ONE } from "./fraction.js";
import { summarizeOutcomes } from "./trace-outcomes.js";
import { TableWalker } from "./trace-chains.js";
import { hookEntries, type Hook } from "./trace-hooks.js";
import { withNote, type PacketState } from "./trace-state.js";
import type { TraceBranch, TraceOptions, TracePacket, TraceResult } from "./trace-types.js";

// Follows one new connection through the hooks in the kernel's order and enumerates every way it
// can end: from outside, PREROUTING → routing → INPUT (to this node) or FORWARD → POSTROUTING;
// from the node, OUTPUT → POSTROUTING. Each hook runs its tables by priority (nat DNAT −100
// before filter 0, nat SNAT 100 last), so the filter table sees the DNATed destination.

type Terminal = { readonly how: "drop" | "reject"; readonly state: PacketState };

export function trace(ruleset: Ruleset, packet: TracePacket, options: TraceOptions): TraceResult {
  const walkers = new Map(ruleset.tables.map((t) => [t.name, new TableWalker(t, options)]));
  const notes = new Set<string>();
  const start: PacketState = {
    packet,
    dst: packet.dst,
    dport: packet.dport,
    mark: 0,
    ctStates: ["NEW"],
    masquerade: false,
    probability: ONE,
    steps: [],
    notes: [],
  };

  const runHook = (states: PacketState[], hook: Hook, terminals: Terminal[]): PacketState[] => {
    let live = states;
    for (const entry of hookEntries(ruleset.tables, hook)) {
      if (entry.assumed) notes.add(`table ${entry.table.name} has no ${entry.chain.name} chain: kube-proxy's jump rules into it were assumed`);
      const walker = walkers.get(entry.table.name)!;
      const next: PacketState[] = [];
      for (const state of live) {
        for (const exit of walker.runChain(entry.chain, state)) {
          if (exit.how === "drop" || exit.how === "reject") terminals.push({ how: exit.how, state: exit.state });
          else if (exit.how === "continue" && entry.chain.base?.policy === "drop") terminals.push({ how: "drop", state: withNote(exit.state, `${entry.table.name} ${entry.chain.name} policy DROP`) });
          else next.push(exit.state);
        }
      }
      live = next;
    }
    return live;
  };

  const terminals: Terminal[] = [];
  let delivered: PacketState[];
  if (packet.from === "node") {
    delivered = runHook(runHook([start], "output", terminals), "postrouting", terminals);
  } else {
    const routed = runHook([start], "prerouting", terminals);
    const isLocal = (s: PacketState): boolean => isLoopback(s.dst) || options.nodeIPs.some((ip) => sameAddress(ip, s.dst));
    const local = runHook(routed.filter(isLocal), "input", terminals);
    const forwarded = runHook(runHook(routed.filter((s) => !isLocal(s)), "forward", terminals), "postrouting", terminals);
    delivered = [...local, ...forwarded];
  }

  const branches: TraceBranch[] = [
    ...delivered.map((s) => branch(s, s.dnat ?? { kind: "accept" })),
    ...terminals.map((t) => branch(t.state, { kind: t.how })),
  ];
  for (const b of branches) for (const n of b.notes) notes.add(n);
  return { packet, branches, outcomes: summarizeOutcomes(branches), notes: [...notes] };
}

function branch(state: PacketState, outcome: TraceBranch["outcome"]): TraceBranch {
  return { outcome, probability: state.probability, masquerade: state.masquerade, steps: state.steps, notes: state.notes };
}
