import type { ConntrackState } from "../model/ruleset.js";
import type { Fraction } from "./fraction.js";
import type { TraceOutcome, TracePacket, TraceStep } from "./trace-types.js";

// One packet on one branch of the trace: where it is addressed now (after any DNAT), its mark,
// conntrack state, and how it got here. Immutable; every step returns a new state.
export interface PacketState {
  readonly packet: TracePacket;
  readonly dst: string;
  readonly dport: number;
  readonly mark: number;
  readonly ctStates: readonly ConntrackState[];
  readonly dnat?: TraceOutcome & { kind: "dnat" };
  readonly masquerade: boolean;
  readonly probability: Fraction;
  readonly steps: readonly TraceStep[];
  readonly notes: readonly string[];
}

export function withStep(state: PacketState, step: TraceStep): PacketState {
  return { ...state, steps: [...state.steps, step] };
}

export function withNote(state: PacketState, note: string): PacketState {
  return state.notes.includes(note) ? state : { ...state, notes: [...state.notes, note] };
}
