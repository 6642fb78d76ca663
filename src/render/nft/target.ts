import { joinHostPort } from "../../model/ip.js";
import type { SetVerdict, Target, VmapKeyPart } from "../../model/ruleset.js";
import type { RuleContext } from "./context.js";
import { familyWord, markText, nftAddress, nftName } from "./words.js";

// One model target → nft statement text.

export function targetText(t: Target, ctx: RuleContext): string {
  switch (t.kind) {
    case "jump":
      return `jump ${nftName(t.chain)}`;
    case "goto":
      return `goto ${nftName(t.chain)}`;
    case "verdict":
      return verdictText(t.verdict);
    case "dnat":
      return `dnat to ${endpointText(t.ip, t.port)}`;
    case "masquerade":
      return t.randomFully ? "masquerade fully-random" : "masquerade";
    case "mark":
      return `mark set mark ${t.op} ${markText(t.value, ctx.shortMarks)}`;
    case "vmap":
      return `${t.key.map((part) => keyPartText(part, ctx)).join(" . ")} vmap @${nftName(t.map)}`;
    case "numgen":
      if (t.chains.length === 0) throw new Error("numgen needs at least one chain");
      return `numgen random mod ${t.chains.length} vmap { ${t.chains.map((c, i) => `${i} : goto ${nftName(c)}`).join(" , ")} }`;
    case "setUpdate":
      return `update @${nftName(t.set)} { ${familyWord(ctx.family)} ${t.field} }`;
    case "unknown":
      throw new Error(`cannot write an unparsed iptables target as nft: ${t.text}`);
    default: {
      const never: never = t;
      throw new Error(`unhandled target ${JSON.stringify(never)}`);
    }
  }
}

/** A verdict-map element's value (`goto service-…`, `drop`). */
export function setVerdictText(v: SetVerdict): string {
  switch (v.kind) {
    case "jump":
      return `jump ${nftName(v.chain)}`;
    case "goto":
      return `goto ${nftName(v.chain)}`;
    case "verdict":
      return verdictText(v.verdict);
    default: {
      const never: never = v;
      throw new Error(`unhandled set verdict ${JSON.stringify(never)}`);
    }
  }
}

function verdictText(v: "ACCEPT" | "DROP" | "REJECT" | "RETURN"): string {
  switch (v) {
    case "ACCEPT":
      return "accept";
    case "DROP":
      return "drop";
    case "REJECT":
      // iptables' REJECT defaults to icmp port-unreachable (icmp6 for ip6tables); so does nft's `reject`.
      return "reject";
    case "RETURN":
      return "return";
    default: {
      const never: never = v;
      throw new Error(`unhandled verdict ${JSON.stringify(never)}`);
    }
  }
}

function keyPartText(part: VmapKeyPart, ctx: RuleContext): string {
  switch (part) {
    case "daddr":
      return `${familyWord(ctx.family)} daddr`;
    case "l4proto":
      return "meta l4proto";
    case "dport":
      // `th` (transport header) reads the port of tcp, udp and sctp alike.
      return "th dport";
    default: {
      const never: never = part;
      throw new Error(`unhandled vmap key ${JSON.stringify(never)}`);
    }
  }
}

function endpointText(ip: string, port: number): string {
  const address = nftAddress(ip);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`port ${port} is not a port`);
  return joinHostPort(address, port);
}
