// Rule-by-rule comparison of our `--format nft` output with what iptables-restore-translate makes
// of our iptables output. Both are read into (table, chain) → rules, each rule a multiset of nft
// expressions; known, explained differences are classified; anything else is reported.

export interface NftRule {
  readonly exprs: readonly string[];
  /** For untranslatable lines: the iptables rule iptables-restore-translate left as a `#` comment. */
  readonly untranslated?: string;
}

export type Chains = Map<string, NftRule[]>;

/** One nft expression at the start of `text`, longest known form first. */
const EXPRESSIONS: readonly RegExp[] = [
  /^comment "[^"]*"/,
  /^counter name "?[\w.-]+"?/,
  /^counter(?: packets \d+ bytes \d+)?/,
  /^update @\S+ \{ ip6? saddr \}/,
  /^ip6? (?:saddr|daddr) (?:!= )?(?:\{ [^}]* \}|\S+)/,
  /^(?:tcp|udp|sctp) dport \d+/,
  /^(?:meta l4proto|ip protocol|ip6 nexthdr) \S+/,
  /^fib (?:saddr|daddr) type (?:!= )?local/,
  /^meta random & \d+ < \d+/,
  /^(?:meta )?mark and \S+ (?:==|!=) \S+/,
  /^ct (?:state|status) & (?:\([^)]*\)|\S+) == 0/,
  /^ct (?:state|status) (?:!= )?\S+/,
  /^iifname (?:!= )?"[^"]*"/,
  /^(?:meta )?mark set (?:meta )?mark (?:or|xor) \S+/,
  /^dnat to \S+/,
  /^masquerade(?: fully-random)?/,
  /^(?:jump|goto) \S+/,
  /^(?:accept|drop|reject|return)\b/,
];

export function expressions(ruleText: string): string[] {
  const out: string[] = [];
  let rest = ruleText.trim();
  while (rest !== "") {
    const m = EXPRESSIONS.map((re) => re.exec(rest)).find((x) => x !== null);
    const token = m ? m[0] : rest.split(" ")[0]!;
    out.push(normalise(token));
    rest = rest.slice(token.length).trim();
  }
  return out;
}

/** Spelling differences with no difference in meaning. */
function normalise(expr: string): string {
  return expr
    .replace(/^ip protocol /, "meta l4proto ")
    .replace(/^ip6 nexthdr /, "meta l4proto ")
    .replace(/^meta mark set meta mark /, "mark set mark ")
    .replace(/^meta mark set mark /, "mark set mark ")
    .replace(/^meta mark and /, "mark and ")
    // A number is a number: `0x00004000` (production's %#08x) is `0x4000`.
    .replace(/\b0x0*([0-9a-f]+)\b/gi, "0x$1")
    // A host prefix is the address itself (nft lists `::1/128` as `::1`).
    .replace(/^(ip6? [sd]addr (?:!= )?)([0-9.]+)\/32$/, "$1$2")
    .replace(/^(ip6? [sd]addr (?:!= )?)([0-9a-fA-F:]+)\/128$/, "$1$2");
}

/** Reads `add rule`/`insert rule` lines (and the translator's `# -t T -A C …` lines) into chains. */
export function readNft(text: string): Chains {
  const chains: Chains = new Map();
  const inserted = new Map<string, NftRule[]>();
  for (const line of text.split("\n")) {
    const rule = /^(add|insert) rule (?:ip|ip6) (\S+) (\S+) (.*)$/.exec(line);
    if (rule) {
      const key = `${rule[2]} ${rule[3]}`;
      const entry: NftRule = { exprs: expressions(rule[4]!) };
      if (rule[1] === "insert") (inserted.get(key) ?? inserted.set(key, []).get(key)!).unshift(entry);
      else (chains.get(key) ?? chains.set(key, []).get(key)!).push(entry);
      continue;
    }
    const skipped = /^# -t (\S+) -A (\S+) (.*)$/.exec(line);
    if (skipped) {
      const key = `${skipped[1]} ${skipped[2]}`;
      (chains.get(key) ?? chains.set(key, []).get(key)!).push({ exprs: [], untranslated: skipped[3]!.trim() });
    }
  }
  // `insert` puts each rule on top: the last inserted is first.
  for (const [key, rules] of inserted) chains.set(key, [...rules, ...(chains.get(key) ?? [])]);
  return chains;
}

/** `table chain` of every chain declared with `add chain`, without the built-in chains the translator never declares. */
export function declaredChains(text: string): string[] {
  const builtin = new Set(["PREROUTING", "INPUT", "FORWARD", "OUTPUT", "POSTROUTING"]);
  const names = [...text.matchAll(/^add chain (?:ip|ip6) (\S+) (\S+)/gm)].map((m) => [m[1]!, m[2]!] as const);
  return [...new Set(names.filter(([, c]) => !builtin.has(c)).map(([t, c]) => `${t} ${c}`))].sort();
}

export interface Difference {
  readonly where: string;
  /** A known class of difference with its reason, or undefined when unexplained. */
  readonly explained?: string;
  readonly ours: string;
  readonly theirs: string;
}

const minus = (a: readonly string[], b: readonly string[]): string[] => {
  const rest = [...b];
  return a.filter((x) => {
    const i = rest.indexOf(x);
    if (i < 0) return true;
    rest.splice(i, 1);
    return false;
  });
};

/** The implied `meta l4proto P` of a `P dport N` is dropped; counters are the translator's own. */
function comparable(exprs: readonly string[]): string[] {
  const ports = exprs.filter((e) => /^(tcp|udp|sctp) dport /.test(e)).map((e) => e.split(" ")[0]);
  return exprs.filter((e) => !e.startsWith("counter") || e.startsWith("counter name")).filter((e) => !(e.startsWith("meta l4proto ") && ports.includes(e.split(" ")[2])));
}

/** The classes of difference we can explain, and why. */
export const Explained = {
  l4proto: "l4proto before dnat: the translator drops -p from a DNAT rule without a port; nft needs it (we keep meta l4proto)",
  ctstate: "ctstate negation: the translator turns ! --ctstate RELATED,ESTABLISHED,DNAT into ct status dnat (wrong); ours is the bit test",
  recentNfacct: "untranslatable: iptables-restore-translate 1.8.9 has no translation for -m recent / -m nfacct (ours: dynamic set / named counter)",
  sctp: "untranslatable: iptables-restore-translate 1.8.9 cannot translate -m sctp without options (ours: meta l4proto sctp)",
} as const;

/** For a rule the translator left as iptables text: does ours have the nft form of each untranslatable part, and the same target? */
function matchesUntranslated(ours: readonly string[], iptables: string): boolean {
  const target = /-j (\S+)/.exec(iptables)?.[1];
  const verdicts = ["ACCEPT", "DROP", "REJECT", "RETURN"];
  const targetOk =
    target === "DNAT" ? ours.some((e) => e.startsWith("dnat to ")) : verdicts.includes(target ?? "") ? ours.includes(target!.toLowerCase()) : ours.includes(`jump ${target}`);
  const recentOk = !/--rcheck/.test(iptables) || ours.some((e) => /^ip6? saddr @/.test(e));
  const setOk = !/ --set\b/.test(iptables) || ours.some((e) => e.startsWith("update @"));
  const nfacctOk = !/-m nfacct/.test(iptables) || ours.some((e) => e.startsWith("counter name "));
  return targetOk && recentOk && setOk && nfacctOk;
}

function classify(ours: readonly string[], theirs: NftRule): string | undefined {
  if (theirs.untranslated !== undefined) {
    if (!matchesUntranslated(ours, theirs.untranslated)) return undefined;
    if (/-m (recent|nfacct)\b/.test(theirs.untranslated)) return Explained.recentNfacct;
    if (/-m sctp -p sctp -j DNAT/.test(theirs.untranslated) && ours.includes("meta l4proto sctp")) return Explained.sctp;
    return undefined;
  }
  const a = comparable(ours);
  const b = comparable(theirs.exprs);
  const onlyOurs = minus(a, b);
  const onlyTheirs = minus(b, a);
  if (onlyOurs.length === 0 && onlyTheirs.length === 0) return "same";
  if (onlyTheirs.length === 0 && onlyOurs.every((e) => e.startsWith("meta l4proto ")) && a.some((e) => e.startsWith("dnat to"))) return Explained.l4proto;
  if (onlyTheirs.join(" ") === "ct status dnat" && onlyOurs.join(" ").startsWith("ct state & (")) return Explained.ctstate;
  return undefined;
}

export function compareChains(ours: Chains, theirs: Chains): Difference[] {
  const out: Difference[] = [];
  const keys = new Set([...ours.keys(), ...theirs.keys()]);
  for (const key of [...keys].sort()) {
    const a = ours.get(key) ?? [];
    const b = theirs.get(key) ?? [];
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
      const x = a[i];
      const y = b[i];
      const where = `${key} #${i + 1}`;
      if (x === undefined || y === undefined) {
        out.push({ where, ours: x?.exprs.join(" ") ?? "(none)", theirs: y ? (y.untranslated ?? y.exprs.join(" ")) : "(none)" });
        continue;
      }
      const explained = classify(x.exprs, y);
      if (explained !== "same") out.push({ where, ...(explained ? { explained } : {}), ours: x.exprs.join(" "), theirs: y.untranslated ?? y.exprs.join(" ") });
    }
  }
  return out;
}
