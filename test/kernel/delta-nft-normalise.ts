// `nft list ruleset` in a form two kernels holding the same rules agree on: the listing order of
// chains and sets follows their creation order (a delta creates chains later than a full load
// does) and set elements come in hash order, so blocks are sorted by name and elements sorted.
// Rules inside a chain keep their order: it is meaningful.

interface Block {
  readonly header: string;
  readonly lines: string[];
}

function sortElements(lines: readonly string[]): string[] {
  const text = lines.join(" ");
  const match = /elements = \{(.*)\}/s.exec(text);
  if (!match) return [...lines];
  const elements = match[1]!.split(",").map((e) => e.trim()).filter((e) => e !== "").sort();
  return [...lines.filter((l) => !/elements = \{/.test(l) && !/^[^{}]*[,}]\s*$/.test(l) ), `elements = { ${elements.join(", ")} }`];
}

function splitTable(lines: readonly string[]): Block[] {
  const blocks: Block[] = [];
  let current: Block | undefined;
  for (const line of lines) {
    if (current === undefined) {
      if (line.endsWith("{")) current = { header: line, lines: [] };
      else if (line !== "") blocks.push({ header: line, lines: [] });
    } else if (line === "}") {
      blocks.push(current);
      current = undefined;
    } else {
      current.lines.push(line);
    }
  }
  return blocks;
}

export function normaliseNftList(text: string): string {
  const out: string[] = [];
  const lines = text.split("\n").map((l) => l.trim());
  let i = 0;
  const tables: string[] = [];
  while (i < lines.length) {
    const line = lines[i]!;
    if (!line.startsWith("table ")) {
      i++;
      continue;
    }
    const body: string[] = [];
    let depth = 1;
    for (i++; i < lines.length && depth > 0; i++) {
      const l = lines[i]!;
      if (l.endsWith("{") && !l.startsWith("elements")) depth++;
      if (l === "}") depth--;
      if (depth > 0) body.push(l);
    }
    const blocks = splitTable(body)
      .map((b) => [b.header, ...(b.header.startsWith("set ") || b.header.startsWith("map ") ? sortElements(b.lines) : b.lines)].join("\n"))
      .sort();
    tables.push([line, ...blocks].join("\n"));
  }
  out.push(...tables.sort());
  return out.join("\n\n");
}
