import type { Family, NamedSet, SetElement, Table } from "../../model/ruleset.js";
import { setVerdictText } from "./target.js";
import { nftComment, nftKeyPart, nftName } from "./words.js";

// Named sets and maps: those the model holds (nftables-mode layout) and those the iptables layout
// needs implicitly — one dynamic set per `-m recent` list, one named counter per nfacct object.

/** `{ type … ; flags … ; timeout …s ; comment … ; }`, in knftables' property order. */
export function setDeclaration(set: NamedSet, where: string): string {
  const props = [`type ${set.type.join(" . ")}${set.map === "verdict" ? " : verdict" : ""}`];
  if (set.flags !== undefined && set.flags.length > 0) props.push(`flags ${set.flags.join(",")}`);
  if (set.timeoutSeconds !== undefined) props.push(`timeout ${wholeSeconds(set.timeoutSeconds)}s`);
  if (set.comment !== undefined) props.push(`comment ${nftComment(set.comment)}`);
  return `${set.map === "verdict" ? "map" : "set"} ${where} ${nftName(set.name)} { ${props.map((p) => `${p} ;`).join(" ")} }`;
}

function wholeSeconds(n: number): number {
  if (!Number.isInteger(n) || n < 0) throw new Error(`timeout ${n} is not a whole number of seconds`);
  return n;
}

/** `{ k1 . k2[ comment "…"] : verdict }`: knftables writes the element comment before the value. */
export function elementText(set: NamedSet, element: SetElement, withValue: boolean): string {
  const key = element.key.map(nftKeyPart).join(" . ");
  const comment = withValue && element.comment !== undefined ? ` comment ${nftComment(element.comment)}` : "";
  const value = withValue && element.value !== undefined ? ` : ${setVerdictText(element.value)}` : "";
  if (set.map === "verdict" && withValue && element.value === undefined) throw new Error(`map ${set.name}: element ${key} has no verdict`);
  return `{ ${key}${comment}${value} }`;
}

/** Whether a set holds state the kernel writes (affinity): re-declaring must not flush it. */
export function isDynamic(set: NamedSet): boolean {
  return set.flags?.includes("dynamic") ?? false;
}

/**
 * `-m recent --name X` lists as nft sets. xt_recent remembers a source address per list, `--set`
 * refreshing its time stamp and `--rcheck --seconds T --reap` asking "seen within T seconds";
 * a dynamic set with timeout T, refreshed by `update`, answers the same question. The timeout is
 * the largest `--seconds` any rule asks of the list.
 */
export function recentSets(table: Table, family: Family): NamedSet[] {
  const seconds = new Map<string, number | undefined>();
  for (const chain of table.chains) {
    for (const rule of chain.rules) {
      for (const m of rule.matches) {
        if (m.kind !== "recent") continue;
        const before = seconds.get(m.name);
        const asked = m.mode === "rcheck" ? m.seconds : undefined;
        seconds.set(m.name, asked === undefined ? before : Math.max(before ?? 0, asked));
      }
    }
  }
  return [...seconds].map(([name, timeout]) => ({
    name,
    type: [family === "ipv4" ? "ipv4_addr" : "ipv6_addr"],
    flags: timeout === undefined ? ["dynamic"] : ["dynamic", "timeout"],
    ...(timeout === undefined ? {} : { timeoutSeconds: timeout }),
    elements: [],
  }));
}

/** nfacct objects the table's rules count into, in first-use order. */
export function counterNames(table: Table): string[] {
  const names = new Set<string>();
  for (const chain of table.chains) {
    for (const rule of chain.rules) for (const m of rule.matches) if (m.kind === "nfacct") names.add(m.name);
  }
  return [...names];
}
