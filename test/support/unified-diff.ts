// A small unified diff (Myers' O((N+M)·D) algorithm) for golden-file failures: the message shows
// `--- golden/x.iptables` / `+++ kprc output` hunks with 3 lines of context, like `diff -u`.

type Edit = { readonly op: " " | "-" | "+"; readonly line: string };

function shortestEdit(a: readonly string[], b: readonly string[]): Edit[] {
  const n = a.length;
  const m = b.length;
  const max = n + m;
  const offset = max + 1;
  const at = (v: Int32Array, k: number): number => v[offset + k] ?? 0;
  // states[d] = furthest x reached on each diagonal k after d edits
  const states: Int32Array[] = [];
  let v = new Int32Array(2 * max + 3);
  for (let d = 0; d <= max; d++) {
    const next = v.slice();
    for (let k = -d; k <= d; k += 2) {
      const down = k === -d || (k !== d && at(v, k - 1) < at(v, k + 1));
      let x = down ? at(v, k + 1) : at(v, k - 1) + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      next[offset + k] = x;
      if (x >= n && y >= m) {
        states.push(next);
        return backtrack(a, b, states, at);
      }
    }
    states.push(next);
    v = next;
  }
  return [];
}

function backtrack(a: readonly string[], b: readonly string[], states: Int32Array[], at: (v: Int32Array, k: number) => number): Edit[] {
  const edits: Edit[] = [];
  let x = a.length;
  let y = b.length;
  for (let d = states.length - 1; d > 0; d--) {
    const v = states[d - 1] ?? new Int32Array();
    const k = x - y;
    const prevK = k === -d || (k !== d && at(v, k - 1) < at(v, k + 1)) ? k + 1 : k - 1;
    const prevX = at(v, prevK);
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      edits.push({ op: " ", line: a[x - 1] ?? "" });
      x--;
      y--;
    }
    if (x === prevX) edits.push({ op: "+", line: b[y - 1] ?? "" });
    else edits.push({ op: "-", line: a[x - 1] ?? "" });
    x = prevX;
    y = prevY;
  }
  while (x > 0 && y > 0) {
    edits.push({ op: " ", line: a[x - 1] ?? "" });
    x--;
    y--;
  }
  return edits.reverse();
}

/** `diff -u`-style text of the change from `expected` to `actual`; "" when they are equal. */
export function unifiedDiff(expected: string, actual: string, expectedName: string, actualName: string, context = 3): string {
  if (expected === actual) return "";
  const a = expected.split("\n");
  const b = actual.split("\n");
  const edits = shortestEdit(a, b);
  const out = [`--- ${expectedName}`, `+++ ${actualName}`];
  let i = 0;
  let lineA = 1;
  let lineB = 1;
  while (i < edits.length) {
    if (edits[i]?.op === " ") {
      i++;
      lineA++;
      lineB++;
      continue;
    }
    const start = Math.max(0, i - context);
    let end = i;
    // extend the hunk while changes are closer than 2·context lines apart
    for (let j = i; j < edits.length; j++) {
      if (edits[j]?.op !== " ") end = j;
      else if (j - end > 2 * context) break;
    }
    const stop = Math.min(edits.length, end + context + 1);
    const hunk = edits.slice(start, stop);
    const back = i - start;
    const fromA = lineA - back;
    const fromB = lineB - back;
    const lenA = hunk.filter((e) => e.op !== "+").length;
    const lenB = hunk.filter((e) => e.op !== "-").length;
    out.push(`@@ -${fromA},${lenA} +${fromB},${lenB} @@`);
    for (const e of hunk) out.push(`${e.op}${e.line}`);
    for (let j = i; j < stop; j++) {
      if (edits[j]?.op !== "+") lineA++;
      if (edits[j]?.op !== "-") lineB++;
    }
    i = stop;
  }
  return `${out.join("\n")}\n`;
}
