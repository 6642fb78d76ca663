// Renderers write into a Sink rather than returning one string, so a 40 MB ruleset can stream to a
// file or stdout without being held twice in memory.
export interface Sink {
  write(text: string): void;
}

/** Collects everything written into one string. */
export function toText(render: (sink: Sink) => void): string {
  const parts: string[] = [];
  render({ write: (text) => parts.push(text) });
  return parts.join("");
}
