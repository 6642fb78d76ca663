import { ReadError } from "./errors.js";

// Splits one iptables-save / iptables-restore line into arguments the way iptables-restore does:
// whitespace separates, double quotes group, and inside quotes a backslash escapes the next
// character (iptables-save writes `\"` and `\\` there, xtables_save_string).

export function tokenizeLine(line: string, lineNumber: number): string[] {
  const tokens: string[] = [];
  let current = "";
  let inToken = false;
  let inQuotes = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (inQuotes) {
      if (c === "\\" && i + 1 < line.length) {
        current += line[++i];
      } else if (c === '"') {
        inQuotes = false;
      } else {
        current += c;
      }
    } else if (c === '"') {
      inQuotes = true;
      inToken = true;
    } else if (c === " " || c === "\t") {
      if (inToken) tokens.push(current);
      current = "";
      inToken = false;
    } else {
      current += c;
      inToken = true;
    }
  }
  if (inQuotes) throw new ReadError(lineNumber, "unterminated double quote");
  if (inToken) tokens.push(current);
  return tokens;
}

/** Writes an argument back so that tokenizeLine reads it unchanged (used for kept-verbatim text). */
export function quoteToken(token: string): string {
  if (token !== "" && /^[A-Za-z0-9_.:/,+!=@-]+$/.test(token)) return token;
  return `"${token.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}
