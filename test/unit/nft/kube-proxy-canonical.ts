// kube-proxy's sortNFTablesTransaction (pkg/proxy/nftables/helpers_test.go), which its unit tests
// apply to both the expected text and the fake's dump before comparing: object types in the order
// table, chain, rule, set, map, element; then by object name; rules keep their order.

const TYPE_RANK: Readonly<Record<string, number>> = { table: 10, chain: 9, rule: 8, set: 7, map: 6, element: 5 };

function less(a: string, b: string): boolean {
  const wa = a.split(" ");
  const wb = b.split(" ");
  if (wa.length < 5 || wb.length < 5) return false;
  if (wa[1] !== wb[1]) return (TYPE_RANK[wa[1]!] ?? 0) >= (TYPE_RANK[wb[1]!] ?? 0);
  if (wa[4] !== wb[4]) return wa[4]! < wb[4]!;
  if (wa[1] === "rule") return false;
  return a < b;
}

export function sortNFTablesTransaction(text: string): string {
  const lines = text.split("\n").filter((l) => l !== "" && !l.startsWith("#"));
  // Array.prototype.sort is stable, like Go's sort.SliceStable.
  return lines.sort((a, b) => (less(a, b) ? -1 : less(b, a) ? 1 : 0)).join("\n");
}

/** What knftables' Fake would hold after our transaction: no flush/delete operations, no counters. */
export function dumpLines(text: string): string {
  return text
    .split("\n")
    .filter((l) => !l.startsWith("flush ") && !l.startsWith("delete "))
    .join("\n");
}
