import { BuiltinChain, chainName, type ChainName } from "../model/names.js";
import type { BaseChainSpec, Chain, Family, Rule, Table } from "../model/ruleset.js";
import { readNftRule, type NftLayout } from "./nft-rule.js";
import { finishSet, type SetDraft } from "./nft-sets.js";
import { unquote } from "./nft-tokenize.js";

// What both nft text forms (one operation per line, and `nft list ruleset` blocks) are collected
// into before they become Tables. Rules are read last, once every set's timeout is known.

const PRIORITY_NAMES: Readonly<Record<string, number>> = { raw: -300, mangle: -150, dstnat: -100, filter: 0, security: 50, srcnat: 100 };

export function priorityValue(text: string): number {
  const m = /^([a-z]+)?\s*([+-]\s*\d+)?$/.exec(text.trim());
  if (m && (m[1] !== undefined || m[2] !== undefined)) return (PRIORITY_NAMES[m[1] ?? ""] ?? 0) + Number((m[2] ?? "0").replace(/\s/g, ""));
  return Number(text);
}

/** iptables-nft's built-in chains, so that a chain declared exactly like one reads back as `builtin`. */
const IPTABLES_BUILTIN_PRIORITY: Readonly<Record<string, Readonly<Record<string, number>>>> = {
  filter: { INPUT: 0, FORWARD: 0, OUTPUT: 0 },
  nat: { PREROUTING: -100, INPUT: 100, OUTPUT: -100, POSTROUTING: 100 },
  mangle: { PREROUTING: -150, INPUT: -150, FORWARD: -150, OUTPUT: -150, POSTROUTING: -150 },
  raw: { PREROUTING: -300, OUTPUT: -300 },
};

interface ChainDraft {
  base?: BaseChainSpec;
  comment?: string;
  rules: { tokens: string[]; line: number; prepend: boolean }[];
}

export class TableDraft {
  readonly chains = new Map<string, ChainDraft>();
  readonly sets = new Map<string, SetDraft>();
  readonly deletedChains: string[] = [];
  readonly deletedSets: string[] = [];
  comment?: string;

  constructor(
    readonly family: Family,
    readonly name: string,
  ) {}

  /** The iptables layout (tables nat/filter/…, KUBE-* chains) or kube-proxy's nftables-mode table. */
  get layout(): NftLayout {
    return IPTABLES_BUILTIN_PRIORITY[this.name.replace(/^.*-/, "")] !== undefined ? "iptables" : "nft-kube";
  }

  chain(name: string): ChainDraft {
    let chain = this.chains.get(name);
    if (chain === undefined) {
      chain = { rules: [] };
      this.chains.set(name, chain);
    }
    return chain;
  }

  set(name: string): SetDraft {
    let set = this.sets.get(name);
    if (set === undefined) {
      set = { name, type: [], elements: [] };
      this.sets.set(name, set);
    }
    return set;
  }

  finish(): Table {
    const layout = this.layout;
    const context = { layout, recentSeconds: (name: string) => this.sets.get(name)?.timeoutSeconds };
    const deleted = new Set(this.deletedChains);
    const chains: Chain[] = [...this.chains]
      .filter(([name]) => !deleted.has(name))
      .map(([name, draft]) => {
        const rules: Rule[] = [];
        for (const r of draft.rules) {
          const rule: Rule = { ...readNftRule(r.tokens, context), source: { line: r.line } };
          if (r.prepend) rules.unshift(rule);
          else rules.push(rule);
        }
        const builtin = layout === "iptables" && this.isIptablesBuiltin(name, draft.base);
        return {
          name: chainName(name),
          ...(draft.base && !builtin ? { base: draft.base } : {}),
          ...(builtin ? { builtin: true } : {}),
          ...(draft.comment !== undefined ? { comment: draft.comment } : {}),
          rules,
        };
      });
    // In the iptables layout every set stands for a `-m recent` list; the model keeps those as matches.
    const sets = layout === "iptables" ? [] : [...this.sets.values()].map(finishSet);
    const deletedChains: ChainName[] = this.deletedChains.map(chainName);
    return {
      name: this.name,
      ...(this.comment !== undefined ? { comment: this.comment } : {}),
      chains,
      ...(sets.length > 0 ? { sets } : {}),
      ...(deletedChains.length > 0 ? { deletedChains } : {}),
      ...(this.deletedSets.length > 0 ? { deletedSets: this.deletedSets } : {}),
    };
  }

  private isIptablesBuiltin(name: string, base: BaseChainSpec | undefined): boolean {
    const priority = IPTABLES_BUILTIN_PRIORITY[this.name.replace(/^.*-/, "")]?.[name];
    const builtinNames: readonly string[] = Object.values(BuiltinChain);
    return base !== undefined && priority === base.priority && builtinNames.includes(name) && base.policy !== "drop";
  }
}

/** `type nat hook prerouting priority -100 ; policy accept ; comment "…" ;` */
export function readChainProperties(
  tokens: readonly string[],
  setBase: (base: BaseChainSpec) => void,
  setComment: (comment: string) => void,
): void {
  const type = tokens[tokens.indexOf("type") + 1];
  const hook = tokens[tokens.indexOf("hook") + 1];
  const at = tokens.indexOf("priority");
  if (tokens.includes("type") && tokens.includes("hook") && at >= 0) {
    const priorityTokens: string[] = [];
    for (let i = at + 1; i < tokens.length && tokens[i] !== ";"; i++) priorityTokens.push(tokens[i]!);
    const policyAt = tokens.indexOf("policy");
    const policy = policyAt >= 0 ? tokens[policyAt + 1] : undefined;
    setBase({
      type: type as "nat" | "filter" | "route",
      hook: hook as "prerouting" | "input" | "forward" | "output" | "postrouting",
      priority: priorityValue(priorityTokens.join(" ")),
      ...(policy === "accept" || policy === "drop" ? { policy } : {}),
    });
  }
  const commentAt = tokens.indexOf("comment");
  if (commentAt >= 0) setComment(unquote(tokens[commentAt + 1] ?? ""));
}
