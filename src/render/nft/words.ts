import type { Family } from "../../model/ruleset.js";

// Everything that turns a model value into one nft token goes through here, so that no Service
// field can inject syntax into an `nft -f` file. nft 1.0.6 has no escape sequences inside quoted
// strings and cannot quote object names at all, so the rule is: names must already be safe
// identifiers (we throw otherwise), free text is sanitised.

/** nft's own identifier grammar (scanner.l `string`): a letter first, then letters, digits, `/ - _ .`. */
const IDENTIFIER = /^[A-Za-z][A-Za-z0-9_./-]*$/;

/** Lower-case words are nft keywords more often than not (`ct`, `jump`, `counter`…); these are known safe. */
const SAFE_LOWERCASE = new Set(["nat", "filter", "mangle", "raw", "services", "masquerading"]);

/** nft rejects longer object names (ERANGE above 255 characters). */
const MAX_NAME_LENGTH = 255;

/** A table, chain, set or counter name as nft takes it unquoted; throws on anything else. */
export function nftName(name: string): string {
  if (!IDENTIFIER.test(name) || name.length > MAX_NAME_LENGTH) {
    throw new Error(`cannot write ${JSON.stringify(name)} as an nft name (letters, digits and / - _ . only, 1-255 characters)`);
  }
  if (/^[a-z]+$/.test(name) && !SAFE_LOWERCASE.has(name)) {
    throw new Error(`cannot write ${JSON.stringify(name)} as an nft name: a bare lower-case word may be an nft keyword`);
  }
  return name;
}

/** nft refuses comments over 128 bytes ("comment too long, 128 characters maximum allowed"). */
export const MAX_COMMENT_BYTES = 128;

/**
 * A comment as a quoted nft string. `"` cannot be escaped in nft, so it becomes `'`; control
 * characters (newlines would end the line for a reader) become spaces; the text is cut to 128
 * bytes on a UTF-8 character boundary, as kube-proxy does since PR #139516.
 */
export function nftComment(text: string): string {
  // Fast path for the common case (kube-proxy's comments are short printable ASCII).
  if (text.length <= MAX_COMMENT_BYTES && PLAIN.test(text)) return `"${text}"`;
  const clean = text.replace(/"/g, "'").replace(/[\u0000-\u001f\u007f]/g, " ");
  return `"${truncateUtf8(clean, MAX_COMMENT_BYTES)}"`;
}

/** Printable ASCII without `"`: needs no change. */
const PLAIN = /^[\x20\x21\x23-\x7e]*$/;

const utf8 = new TextEncoder();

function truncateUtf8(text: string, maxBytes: number): string {
  if (utf8.encode(text).length <= maxBytes) return text;
  let out = "";
  let bytes = 0;
  for (const ch of text) {
    const size = utf8.encode(ch).length;
    if (bytes + size > maxBytes) break;
    out += ch;
    bytes += size;
  }
  return out;
}

/** An address or CIDR: hex digits, dots, colons and one `/prefix`; nothing nft could read as syntax. */
const ADDRESS = /^[0-9A-Fa-f.:]+(\/[0-9]{1,3})?$/;

export function nftAddress(text: string): string {
  if (!ADDRESS.test(text) || !/[0-9]/.test(text)) throw new Error(`cannot write ${JSON.stringify(text)} as an nft address`);
  return text;
}

/** A set-element key part: an address, a protocol name or a port number. */
export function nftKeyPart(text: string): string {
  if (/^(tcp|udp|sctp)$/.test(text) || /^[0-9]{1,5}$/.test(text)) return text;
  return nftAddress(text);
}

/**
 * An interface name for `iifname`, quoted. A `*` wildcard (iptables `+`) is appended by the caller's
 * flag; a literal `*` in the name is escaped. Linux names cannot hold `/`, `:` or whitespace; we
 * also refuse `"` and `\`, which nft could not read back.
 */
export function nftInterface(name: string, wildcard: boolean): string {
  if (name.length === 0 || name.length > 15 || /["\\\s/:]/.test(name) || /[\u0000-\u001f\u007f]/.test(name)) {
    throw new Error(`cannot write ${JSON.stringify(name)} as an interface name`);
  }
  return `"${name.replace(/\*/g, "\\*")}${wildcard ? "*" : ""}"`;
}

/** `ip` / `ip6`: the family keyword of tables and of address matches alike. */
export function familyWord(family: Family): "ip" | "ip6" {
  return family === "ipv4" ? "ip" : "ip6";
}

/** Marks in hex: `%#08x` (`0x00004000`) as kube-proxy's production code, or minimal (`0x4000`) as its unit tests. */
export function markText(value: number, shortMarks: boolean): string {
  const hex = (value >>> 0).toString(16);
  return `0x${shortMarks ? hex : hex.padStart(8, "0")}`;
}

/** A mark value in a comparison: kube-proxy writes a zero as `0`. */
export function markValueText(value: number, shortMarks: boolean): string {
  return value === 0 ? "0" : markText(value, shortMarks);
}
