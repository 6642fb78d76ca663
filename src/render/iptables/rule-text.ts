import type { Match, Rule, Target } from "../../model/ruleset.js";
import { joinHostPort } from "../../model/ip.js";
import { probabilityText } from "../../model/probability.js";
import { markText, type MarkFormat } from "./mark.js";
import { quoteArgument } from "./quote.js";

// One rule's arguments in iptables syntax, in the order the model keeps them.

const not = (negate: boolean | undefined): string => (negate ? "! " : "");

function unsupported(what: string, value: unknown): never {
  throw new Error(`iptables has no form for ${what} ${JSON.stringify(value)}`);
}

export function matchText(m: Match, markFormat: MarkFormat): string {
  switch (m.kind) {
    case "comment":
      return `-m comment --comment ${quoteArgument(m.text)}`;
    case "protocol":
      return `-m ${m.protocol} -p ${m.protocol}`;
    case "saddr":
      return `${not(m.negate)}-s ${m.cidr}`;
    case "daddr":
      return `${not(m.negate)}-d ${m.cidr}`;
    case "dport":
      return `--dport ${m.port}`;
    case "addrtype":
      return `-m addrtype ${not(m.negate)}--${m.side}-type ${m.type}`;
    case "random":
      return `-m statistic --mode random --probability ${probabilityText(m.probability)}`;
    case "recent": {
      const parts = [`-m recent --name ${m.name}`, m.mode === "set" ? "--set" : "--rcheck"];
      if (m.seconds !== undefined) parts.push(`--seconds ${m.seconds}`);
      if (m.reap) parts.push("--reap");
      return parts.join(" ");
    }
    case "mark":
      return `-m mark ${not(m.negate)}--mark ${markText(m.value, markFormat)}/${markText(m.mask, markFormat)}`;
    case "conntrack":
      return `-m conntrack ${not(m.negate)}--ctstate ${m.states.join(",")}`;
    case "nfacct":
      return `-m nfacct --nfacct-name ${quoteArgument(m.name)}`;
    case "iif":
      return `${not(m.negate)}-i ${m.name}${m.wildcard ? "+" : ""}`;
    case "unknown":
      return m.text;
    case "inSet":
    case "anyOf":
      return unsupported("match", m);
    default: {
      const never: never = m;
      return unsupported("match", never);
    }
  }
}

export function targetText(t: Target, markFormat: MarkFormat): string {
  switch (t.kind) {
    case "jump":
      return `-j ${t.chain}`;
    case "goto":
      return `-g ${t.chain}`;
    case "verdict":
      return `-j ${t.verdict}`;
    case "dnat":
      return `-j DNAT --to-destination ${joinHostPort(t.ip, t.port)}`;
    case "masquerade":
      return t.randomFully ? "-j MASQUERADE --random-fully" : "-j MASQUERADE";
    case "mark":
      return `-j MARK --${t.op}-mark ${markText(t.value, markFormat)}`;
    case "unknown":
      return t.text;
    case "vmap":
    case "numgen":
    case "setUpdate":
      return unsupported("target", t);
    default: {
      const never: never = t;
      return unsupported("target", never);
    }
  }
}

/** The text after `-A CHAIN`: matches, then the target; empty when the rule has neither. */
export function ruleArguments(rule: Rule, markFormat: MarkFormat): string {
  const parts = rule.matches.map((m) => matchText(m, markFormat));
  if (rule.target !== undefined) parts.push(targetText(rule.target, markFormat));
  return parts.join(" ");
}
