import { chainName } from "../model/names.js";
import type { Target } from "../model/ruleset.js";
import { parseMarkMask, parseMarkNumber } from "./marks.js";
import { quoteToken } from "./tokenize.js";

// `-j NAME [options]` → a Target. Names of chains declared in the table are jumps; the extension
// targets kube-proxy writes are modelled; every other target (Docker's SNAT/LOG/CT, Calico's
// MARK --set-xmark of other bits) is kept verbatim.

export interface RuleContext {
  /** Chains declared in the rule's table; `-j NAME` to one of them is a jump. */
  readonly isChain: (name: string) => boolean;
}

export function readTarget(isGoto: boolean, name: string, options: readonly string[], context: RuleContext): Target {
  const unknown: Target = { kind: "unknown", text: [isGoto ? "-g" : "-j", name, ...options].map(quoteToken).join(" ") };
  if (context.isChain(name)) {
    if (options.length > 0) return unknown;
    return isGoto ? { kind: "goto", chain: chainName(name) } : { kind: "jump", chain: chainName(name) };
  }
  if (isGoto) return unknown;
  switch (name) {
    case "ACCEPT":
    case "DROP":
    case "RETURN":
      return options.length === 0 ? { kind: "verdict", verdict: name } : unknown;
    case "REJECT":
      // iptables-save spells out the default `--reject-with icmp-port-unreachable` (icmp6-port-unreachable for v6).
      return options.length === 0 || (options.length === 2 && options[0] === "--reject-with" && /^icmp6?-port-unreachable$/.test(options[1]!))
        ? { kind: "verdict", verdict: "REJECT" }
        : unknown;
    case "DNAT":
      return readDnat(options) ?? unknown;
    case "MASQUERADE":
      if (options.length === 0) return { kind: "masquerade" };
      return options.length === 1 && options[0] === "--random-fully" ? { kind: "masquerade", randomFully: true } : unknown;
    case "MARK":
      return readMark(options) ?? unknown;
    default:
      return unknown;
  }
}

function readDnat(options: readonly string[]): Target | undefined {
  if (options.length !== 2 || options[0] !== "--to-destination") return undefined;
  const match = /^(?:\[([0-9a-fA-F:.]+)\]|([0-9.]+)):(\d+)$/.exec(options[1]!);
  if (!match) return undefined;
  const port = Number(match[3]);
  return port >= 1 && port <= 65535 ? { kind: "dnat", ip: match[1] ?? match[2]!, port } : undefined;
}

/** kube-proxy writes `--or-mark`/`--xor-mark`; iptables-save prints both as `--set-xmark value/mask`. */
function readMark(options: readonly string[]): Target | undefined {
  if (options.length !== 2) return undefined;
  const [option, text] = options as [string, string];
  if (option === "--or-mark" || option === "--xor-mark") {
    const value = parseMarkNumber(text);
    return value === undefined ? undefined : { kind: "mark", op: option === "--or-mark" ? "or" : "xor", value };
  }
  if (option !== "--set-xmark") return undefined;
  const mark = parseMarkMask(text);
  if (mark === undefined) return undefined;
  // --set-xmark v/m clears the bits of m, then xors v: m = v is `or v`, m = 0 is `xor v`.
  if (mark.mask === mark.value) return { kind: "mark", op: "or", value: mark.value };
  if (mark.mask === 0) return { kind: "mark", op: "xor", value: mark.value };
  return undefined;
}
