import type { Protocol, Rule } from "../../model/ruleset.js";
import type { RuleContext } from "./context.js";
import { matchText } from "./match.js";
import { targetText } from "./target.js";
import { nftComment } from "./words.js";

// A rule's text: matches in model order, the target, the comment last (nft grammar wants it there).
// iptables' `-p tcp … --dport 80` becomes one `tcp dport 80` at the port's position; a protocol with
// no port stays `meta l4proto tcp`, which `dnat to ip:port` needs before it.

export function ruleText(rule: Rule, ctx: RuleContext): string {
  const parts: (string | { protocol: Protocol })[] = [];
  const comments: string[] = [];
  let protocol: Protocol | undefined;
  let portUsesProtocol = false;
  for (const m of rule.matches) {
    switch (m.kind) {
      case "comment":
        comments.push(m.text);
        break;
      case "protocol":
        protocol = m.protocol;
        parts.push({ protocol: m.protocol });
        break;
      case "dport":
        if (protocol === undefined) throw new Error(`--dport ${m.port} needs a protocol match before it`);
        parts.push(`${protocol} dport ${m.port}`);
        portUsesProtocol = true;
        break;
      default:
        parts.push(matchText(m, ctx));
    }
  }
  const words = parts.flatMap((p) => (typeof p === "string" ? [p] : portUsesProtocol ? [] : [`meta l4proto ${p.protocol}`]));
  if (rule.target !== undefined) {
    if (rule.target.kind === "dnat" && protocol === undefined) {
      throw new Error(`dnat to ${rule.target.ip}:${rule.target.port} needs a protocol match (nft: "transport protocol mapping is only valid after transport protocol match")`);
    }
    words.push(targetText(rule.target, ctx));
  }
  // A rule of only a comment (kube-proxy's "other traffic … will be dropped" line in KUBE-FW-*) still
  // needs a statement in nft; `counter` is the no-op iptables-nft itself puts in every rule.
  if (words.length === 0) words.push("counter");
  if (comments.length > 0) words.push(`comment ${nftComment(comments.join(" "))}`);
  return words.join(" ");
}
