import { ReadError } from "./errors.js";

// nft's words: whitespace separates, `{ } ; ,` stand alone, double quotes group (nft has no escape
// sequences inside quotes). A quoted word keeps its quotes so a reader knows it was a string.

export function tokenizeNft(line: string, lineNumber: number): string[] {
  const tokens: string[] = [];
  let current = "";
  const flush = (): void => {
    if (current !== "") tokens.push(current);
    current = "";
  };
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (c === '"') {
      const end = line.indexOf('"', i + 1);
      if (end < 0) throw new ReadError(lineNumber, "unterminated double quote");
      flush();
      tokens.push(line.slice(i, end + 1));
      i = end;
    } else if (c === " " || c === "\t") {
      flush();
    } else if ("{};,".includes(c)) {
      flush();
      tokens.push(c);
    } else {
      current += c;
    }
  }
  flush();
  return tokens;
}

export function unquote(token: string): string {
  return token.startsWith('"') && token.endsWith('"') && token.length >= 2 ? token.slice(1, -1) : token;
}
