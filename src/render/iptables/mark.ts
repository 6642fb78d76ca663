// Mark values: kube-proxy's unit tests use `0x4000`, production formats `1 << bit` with Go's `%#08x`,
// which pads the hex digits to 8 (`0x00004000`).

export type MarkFormat = "short" | "padded";

export function markText(value: number, format: MarkFormat): string {
  const hex = (value >>> 0).toString(16);
  return format === "padded" ? `0x${hex.padStart(8, "0")}` : `0x${hex}`;
}
