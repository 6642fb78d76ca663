import { joinHostPort } from "../model/ip.js";
import type { Chain, NamedSet, Rule, SetVerdict, Table, Target } from "../model/ruleset.js";
import { sameAddress } from "./addresses.js";
import { fractionText, mul, numgenShare, ONE, sub, TWO_POW_31, type Fraction } from "./fraction.js";
import { evaluateMatch } from "./trace-match.js";
import { withNote, withStep, type PacketState } from "./trace-state.js";
import type { TraceOptions, TraceStep } from "./trace-types.js";

// Walks one table's chains the way netfilter does (first matching rule acts; jump returns, goto
// returns to the caller's caller, RETURN or the end of a chain goes back), forking the packet at
// every `random` match so that every possible path is enumerated with its exact probability.

export type Exit =
  /** Fell off the end of the chain, or RETURN: the caller continues. */
  | { readonly how: "continue"; readonly state: PacketState }
  /** ACCEPT, DNAT or MASQUERADE: this hook is done with the packet. */
  | { readonly how: "accept"; readonly state: PacketState }
  | { readonly how: "drop"; readonly state: PacketState }
  | { readonly how: "reject"; readonly state: PacketState };

const MAX_DEPTH = 64;

export class TableWalker {
  private readonly chains: ReadonlyMap<string, Chain>;
  private readonly sets: ReadonlyMap<string, NamedSet>;
  private branches = 0;

  constructor(
    readonly table: Table,
    private readonly options: TraceOptions,
  ) {
    this.chains = new Map(table.chains.map((c) => [c.name, c]));
    this.sets = new Map((table.sets ?? []).map((s) => [s.name, s]));
  }

  hasChain(name: string): boolean {
    return this.chains.has(name);
  }

  runChain(chain: Chain, state: PacketState, depth = 0): Exit[] {
    if (depth > MAX_DEPTH) return [{ how: "continue", state: withNote(state, `jumps nested deeper than ${MAX_DEPTH} (a loop?) were cut off at ${chain.name}`) }];
    return this.runRules(chain, 0, state, depth);
  }

  private runRules(chain: Chain, start: number, state: PacketState, depth: number): Exit[] {
    for (let index = start; index < chain.rules.length; index++) {
      const rule = chain.rules[index]!;
      const forks = this.evaluateRule(rule, state);
      if (forks.length === 1 && !forks[0]!.matched) {
        state = forks[0]!.state;
        continue;
      }
      const exits: Exit[] = [];
      for (const fork of forks) {
        if (!fork.matched) exits.push(...this.runRules(chain, index + 1, fork.state, depth));
        else exits.push(...this.applyTarget(chain, index, rule, fork.state, depth, fork.draw));
      }
      return exits;
    }
    return [{ how: "continue", state }];
  }

  /** Every way the rule's matches can turn out for this packet, with probabilities (random matches fork). */
  private evaluateRule(rule: Rule, state: PacketState): { state: PacketState; matched: boolean; draw?: string }[] {
    let live: { s: PacketState; draw?: string }[] = [{ s: state }];
    const failed: { state: PacketState; matched: boolean }[] = [];
    for (const match of rule.matches) {
      const next: { s: PacketState; draw?: string }[] = [];
      for (const { s, draw } of live) {
        const result = evaluateMatch(match, s, this.options, this.sets);
        if (result.kind === "yes") next.push({ s: result.note ? withNote(s, result.note) : s, ...(draw ? { draw } : {}) });
        else if (result.kind === "no") failed.push({ state: result.note ? withNote(s, result.note) : s, matched: false });
        else {
          const taken = mul(s.probability, result.probability);
          const skipped = mul(s.probability, sub(ONE, result.probability));
          if (taken.num !== 0n) next.push({ s: { ...s, probability: taken }, draw: drawText(result.probability) });
          if (skipped.num !== 0n) failed.push({ state: { ...s, probability: skipped }, matched: false });
          this.countBranch();
        }
      }
      live = next;
    }
    return [...live.map(({ s, draw }) => ({ state: s, matched: true, ...(draw ? { draw } : {}) })), ...failed];
  }

  private countBranch(): void {
    const limit = this.options.maxBranches ?? 100_000;
    if (++this.branches > limit) throw new RangeError(`trace: more than ${limit} branches; the ruleset forks too often to enumerate`);
  }

  private applyTarget(chain: Chain, index: number, rule: Rule, state: PacketState, depth: number, draw?: string): Exit[] {
    const target = rule.target;
    // A rule reached through a random match says with which kernel threshold (`random 357913941/2^31`).
    const step = (action: string): PacketState => withStep(state, this.step(chain, index, rule, draw ? `${action} (${draw})` : action));
    if (target === undefined) return this.runRules(chain, index + 1, step("matched (no target)"), depth);
    switch (target.kind) {
      case "jump":
      case "goto":
        return this.enter(chain, index, target, step(`${target.kind} ${target.chain}`), depth);
      case "verdict":
        switch (target.verdict) {
          case "ACCEPT":
            return [{ how: "accept", state: step("ACCEPT") }];
          case "DROP":
            return [{ how: "drop", state: step("DROP") }];
          case "REJECT":
            return [{ how: "reject", state: step("REJECT") }];
          case "RETURN":
            return [{ how: "continue", state: step("RETURN") }];
          default: {
            const never: never = target.verdict;
            throw new Error(`unhandled verdict ${String(never)}`);
          }
        }
      case "dnat": {
        const after = step(`DNAT ${joinHostPort(target.ip, target.port)}`);
        const dnat = { kind: "dnat" as const, ip: target.ip, port: target.port };
        return [{ how: "accept", state: { ...after, dst: target.ip, dport: target.port, dnat, ctStates: [...after.ctStates, "DNAT"] } }];
      }
      case "masquerade":
        return [{ how: "accept", state: { ...step("MASQUERADE"), masquerade: true } }];
      case "mark": {
        const mark = target.op === "or" ? (state.mark | target.value) >>> 0 : (state.mark ^ target.value) >>> 0;
        return this.runRules(chain, index + 1, { ...step(`mark ${target.op} 0x${target.value.toString(16)}`), mark }, depth);
      }
      case "vmap":
        return this.lookupVmap(chain, index, rule, target, step(`vmap @${target.map}`), depth);
      case "numgen":
        if (target.chains.length === 0) return this.runRules(chain, index + 1, step("numgen with no chains"), depth);
        return target.chains.flatMap((callee, i) => {
          const share = numgenShare(i, target.chains.length);
          const forked = { ...step(`numgen ${i} (${fractionText(share)}) goto ${callee}`), probability: mul(state.probability, share) };
          this.countBranch();
          return this.enter(chain, index, { kind: "goto", chain: callee }, forked, depth);
        });
      case "setUpdate":
        return this.runRules(chain, index + 1, withNote(step(`update @${target.set}`), `session affinity: the source is recorded in @${target.set}`), depth);
      case "unknown":
        return this.runRules(chain, index + 1, withNote(step(`not modelled: ${target.text}`), `a target kprc does not model (${target.text}) was assumed to let the packet continue`), depth);
      default: {
        const never: never = target;
        throw new Error(`unhandled target ${JSON.stringify(never)}`);
      }
    }
  }

  /** A verdict-map lookup: the element whose key equals the packet's key decides; no element, no verdict. */
  private lookupVmap(chain: Chain, index: number, rule: Rule, target: Target & { kind: "vmap" }, state: PacketState, depth: number): Exit[] {
    const set = this.sets.get(target.map);
    const values = target.key.map((part): string => {
      switch (part) {
        case "daddr":
          return state.dst;
        case "l4proto":
          return state.packet.protocol;
        case "dport":
          return String(state.dport);
        default: {
          const never: never = part;
          throw new Error(`unhandled vmap key ${String(never)}`);
        }
      }
    });
    const element = set?.elements.find((e) => e.key.length === values.length && e.key.every((k, i) => (target.key[i] === "daddr" ? sameAddress(k, values[i]!) : k === values[i])));
    if (element?.value === undefined) return this.runRules(chain, index + 1, state, depth);
    return this.applyVerdict(chain, index, element.value, withStep(state, this.step(chain, index, rule, `element ${element.key.join(" . ")} : ${verdictText(element.value)}`)), depth);
  }

  private applyVerdict(chain: Chain, index: number, verdict: SetVerdict, state: PacketState, depth: number): Exit[] {
    if (verdict.kind !== "verdict") return this.enter(chain, index, verdict, state, depth);
    const how = { ACCEPT: "accept", DROP: "drop", REJECT: "reject", RETURN: "continue" } as const;
    return [{ how: how[verdict.verdict], state }];
  }

  private enter(chain: Chain, index: number, target: Target & { kind: "jump" | "goto" }, state: PacketState, depth: number): Exit[] {
    const callee = this.chains.get(target.chain);
    if (callee === undefined) {
      return this.runRules(chain, index + 1, withNote(state, `${chain.name} jumps to ${target.chain}, which is not in table ${this.table.name}`), depth);
    }
    const exits: Exit[] = [];
    for (const exit of this.runChain(callee, state, depth + 1)) {
      if (exit.how !== "continue") exits.push(exit);
      else if (target.kind === "goto") exits.push(exit);
      else exits.push(...this.runRules(chain, index + 1, exit.state, depth));
    }
    return exits;
  }

  private step(chain: Chain, index: number, rule: Rule | undefined, action: string): TraceStep {
    return {
      table: this.table.name,
      chain: chain.name,
      ruleIndex: index,
      ...(rule?.source ? { line: rule.source.line } : {}),
      action,
    };
  }
}

function verdictText(v: SetVerdict): string {
  return v.kind === "verdict" ? v.verdict.toLowerCase() : `${v.kind} ${v.chain}`;
}

/** A statistic match's threshold as the kernel holds it: `random u/2^31`. */
function drawText(p: Fraction): string {
  return TWO_POW_31 % p.den === 0n ? `random ${(p.num * TWO_POW_31) / p.den}/2^31` : `random ${fractionText(p)}`;
}
