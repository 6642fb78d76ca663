// A line-level check of nft text: nft has no line-oriented grammar as small as iptables-restore's,
// so this checks what injection would need — printable ASCII only, quotes balanced on each line,
// and nothing inside a quoted string that could end it early (a quote or a backslash). Whether the
// text is valid nft is the kernel check's job (`nft -c -f`).

export function checkNftText(text: string): void {
  if (!/^[\x20-\x7e\n\t]*$/.test(text)) throw new Error("nft text holds a byte outside printable ASCII");
  text.split("\n").forEach((line, i) => {
    const unquoted = line.replace(/"[^"\\]*"/g, "STRING");
    if (unquoted.includes('"') || line.includes("\\")) throw new Error(`line ${i + 1}: unbalanced or escaped quote: ${JSON.stringify(line)}`);
    if (/(^|\s)#/.test(unquoted)) throw new Error(`line ${i + 1}: a # outside a string starts an nft comment: ${JSON.stringify(line)}`);
  });
}
