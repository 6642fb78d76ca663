import type { ConntrackState, Match, Protocol, Rule, Target } from "../model/ruleset.js";
import { quoteToken } from "./tokenize.js";
import { readTarget, type RuleContext } from "./iptables-target.js";
import { parseMarkMask } from "./marks.js";

// One `-A CHAIN …` line (its arguments after the chain name) → matches + target, in written order.
// Both spellings are read: kube-proxy's restore input (`-m tcp -p tcp -d IP --dport N`) and what
// iptables-save prints back (`-d IP/32 -p tcp -m comment … -m tcp --dport N`). Anything we have no
// model for (Docker's `-o docker0`, Calico's `-m set`) is kept verbatim as an `unknown` match.

const PROTOCOLS: ReadonlySet<string> = new Set(["tcp", "udp", "sctp"]);
const CONNTRACK_STATES: ReadonlySet<string> = new Set(["NEW", "ESTABLISHED", "RELATED", "INVALID", "DNAT", "SNAT", "UNTRACKED"]);

/** A top-level option such as `-s`, `-p`, `-m`, `-j` (one dash, one letter). */
function isShortOption(token: string | undefined): boolean {
  return token !== undefined && /^-[A-Za-z]$/.test(token);
}

interface ModuleSegment {
  readonly module: string;
  readonly negated: readonly boolean[];
  readonly options: readonly string[];
}

export function readRuleTokens(tokens: readonly string[], context: RuleContext): Omit<Rule, "source"> {
  const matches: Match[] = [];
  let target: Target | undefined;
  let protocolSeen = false;
  let module: string | undefined;
  let i = 0;

  const addProtocol = (name: string, negate: boolean): void => {
    if (negate || !PROTOCOLS.has(name)) {
      matches.push({ kind: "unknown", text: `${negate ? "! " : ""}-p ${quoteToken(name)}` });
      return;
    }
    if (!protocolSeen) matches.push({ kind: "protocol", protocol: name as Protocol });
    protocolSeen = true;
  };

  while (i < tokens.length) {
    let negate = false;
    if (tokens[i] === "!") {
      negate = true;
      i++;
    }
    const option = tokens[i] ?? "";
    const value = tokens[i + 1] ?? "";
    switch (option) {
      case "-s":
      case "--source":
        matches.push({ kind: "saddr", cidr: value, ...(negate ? { negate } : {}) });
        i += 2;
        continue;
      case "-d":
      case "--destination":
        matches.push({ kind: "daddr", cidr: value, ...(negate ? { negate } : {}) });
        i += 2;
        continue;
      case "-p":
      case "--protocol":
        addProtocol(value, negate);
        i += 2;
        continue;
      case "-i":
      case "--in-interface":
        matches.push(interfaceMatch(value, negate));
        i += 2;
        continue;
      case "-m":
      case "--match": {
        module = value;
        i += 2;
        const segment = collectModule(tokens, i, value);
        i = segment.next;
        if (PROTOCOLS.has(value) && segment.segment.options.length === 0) {
          // `-m tcp` with its options written later (kube-proxy's `-m tcp -p tcp -d IP --dport N`).
          addProtocol(value, false);
          continue;
        }
        matches.push(...readModule(segment.segment, addProtocol));
        continue;
      }
      case "-j":
      case "--jump":
      case "-g":
      case "--goto":
        target = readTarget(option === "-g" || option === "--goto", value, tokens.slice(i + 2), context);
        i = tokens.length;
        continue;
      default:
        break;
    }
    if (option.startsWith("--") && module !== undefined) {
      // A module option separated from its `-m` by top-level options (kube-proxy's `--dport`).
      const segment = collectModule(tokens, i, module);
      const negated = negate ? [true, ...segment.segment.negated.slice(1)] : segment.segment.negated;
      i = segment.next;
      matches.push(...readModule({ ...segment.segment, negated }, addProtocol));
      continue;
    }
    // A top-level option we have no model for (`-o`, `-f`, …): keep it with its value.
    const words = isShortOption(option) || option.startsWith("--") ? [option, value] : [option];
    matches.push({ kind: "unknown", text: [...(negate ? ["!"] : []), ...words].map(quoteToken).join(" ") });
    i += words.length;
  }
  return target === undefined ? { matches } : { matches, target };
}

function interfaceMatch(name: string, negate: boolean): Match {
  const wildcard = name.endsWith("+");
  return {
    kind: "iif",
    name: wildcard ? name.slice(0, -1) : name,
    ...(wildcard ? { wildcard } : {}),
    ...(negate ? { negate } : {}),
  };
}

/** The `--options` (each maybe preceded by `!`) that follow a `-m` up to the next top-level option. */
function collectModule(tokens: readonly string[], start: number, module: string): { segment: ModuleSegment; next: number } {
  const options: string[] = [];
  const negated: boolean[] = [];
  let i = start;
  let negateNext = false;
  while (i < tokens.length) {
    const token = tokens[i]!;
    if (token === "!" && !isShortOption(tokens[i + 1])) {
      negateNext = true;
      i++;
      continue;
    }
    if (token === "!" || isShortOption(token) || token === "--match" || token === "--jump" || token === "--goto") break;
    if (token.startsWith("--")) {
      negated.push(negateNext);
      negateNext = false;
      options.push(token);
    } else {
      // A value: attach it to the last option (`--probability 0.5`).
      const last = options.pop();
      options.push(last === undefined ? token : `${last}\u0000${token}`);
    }
    i++;
  }
  return { segment: { module, negated, options }, next: i };
}

/** Options of one module as name → value (the value is "" for flags like `--reap`). */
function optionMap(segment: ModuleSegment): Map<string, string> {
  const map = new Map<string, string>();
  for (const option of segment.options) {
    const [name, value = ""] = option.split("\u0000");
    map.set(name!, value);
  }
  return map;
}

function verbatim(segment: ModuleSegment): Match {
  const words = [`-m ${quoteToken(segment.module)}`];
  segment.options.forEach((option, index) => {
    const [name, ...values] = option.split("\u0000");
    words.push([...(segment.negated[index] ? ["!"] : []), name!, ...values.map(quoteToken)].join(" "));
  });
  return { kind: "unknown", text: words.join(" ") };
}

function readModule(segment: ModuleSegment, addProtocol: (name: string, negate: boolean) => void): Match[] {
  const options = optionMap(segment);
  const only = (...names: string[]): boolean => [...options.keys()].every((name) => names.includes(name));
  const negate = segment.negated[0] === true;
  const anyNegated = segment.negated.some((n) => n);
  switch (segment.module) {
    case "tcp":
    case "udp":
    case "sctp": {
      const port = Number(options.get("--dport"));
      if (!only("--dport") || anyNegated || !Number.isInteger(port)) return [verbatim(segment)];
      addProtocol(segment.module, false);
      return [{ kind: "dport", port }];
    }
    case "comment":
      return only("--comment") && !anyNegated ? [{ kind: "comment", text: options.get("--comment") ?? "" }] : [verbatim(segment)];
    case "statistic": {
      const probability = Number(options.get("--probability"));
      const ok = only("--mode", "--probability") && options.get("--mode") === "random" && !anyNegated;
      return ok && probability > 0 && probability < 1 ? [{ kind: "random", probability }] : [verbatim(segment)];
    }
    case "recent":
      return [readRecent(segment, options) ?? verbatim(segment)];
    case "mark": {
      const mark = parseMarkMask(options.get("--mark") ?? "");
      return only("--mark") && mark ? [{ kind: "mark", ...mark, ...(negate ? { negate } : {}) }] : [verbatim(segment)];
    }
    case "conntrack": {
      const states = (options.get("--ctstate") ?? "").split(",");
      const ok = only("--ctstate") && states.every((s) => CONNTRACK_STATES.has(s));
      return ok ? [{ kind: "conntrack", states: states as ConntrackState[], ...(negate ? { negate } : {}) }] : [verbatim(segment)];
    }
    case "addrtype": {
      const side = options.has("--dst-type") ? "dst" : "src";
      const type = options.get(side === "dst" ? "--dst-type" : "--src-type");
      return options.size === 1 && type === "LOCAL" ? [{ kind: "addrtype", side, type, ...(negate ? { negate } : {}) }] : [verbatim(segment)];
    }
    case "nfacct":
      return only("--nfacct-name") && !anyNegated ? [{ kind: "nfacct", name: options.get("--nfacct-name") ?? "" }] : [verbatim(segment)];
    default:
      return [verbatim(segment)];
  }
}

/** `--set|--rcheck [--seconds N] [--reap] --name X [--mask …] [--rsource]`, in any order; the defaults iptables-save adds are dropped. */
function readRecent(segment: ModuleSegment, options: Map<string, string>): Match | undefined {
  const known = ["--name", "--set", "--rcheck", "--seconds", "--reap", "--mask", "--rsource"];
  if (!segment.options.every((o) => known.includes(o.split("\u0000")[0]!)) || segment.negated.some((n) => n)) return undefined;
  const mask = options.get("--mask");
  if (mask !== undefined && mask !== "255.255.255.255" && mask !== "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff") return undefined;
  const name = options.get("--name");
  const mode = options.has("--set") ? "set" : options.has("--rcheck") ? "rcheck" : undefined;
  if (name === undefined || mode === undefined) return undefined;
  const seconds = options.has("--seconds") ? Number(options.get("--seconds")) : undefined;
  return {
    kind: "recent",
    name,
    mode,
    ...(seconds !== undefined ? { seconds } : {}),
    ...(options.has("--reap") ? { reap: true } : {}),
  };
}

