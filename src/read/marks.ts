// Mark numbers as iptables prints them: hex (`0x4000`, `0x00004000`) or decimal.

/** `0x4000/0x4000` → value and mask; a bare value has the full mask. */
export function parseMarkMask(text: string): { value: number; mask: number } | undefined {
  const [value, mask] = text.split("/");
  const v = parseMarkNumber(value ?? "");
  const m = mask === undefined ? 0xffffffff : parseMarkNumber(mask);
  return v === undefined || m === undefined ? undefined : { value: v, mask: m };
}

export function parseMarkNumber(text: string): number | undefined {
  if (!/^(0x[0-9a-fA-F]+|\d+)$/.test(text)) return undefined;
  const n = Number(text);
  return n <= 0xffffffff ? n : undefined;
}
