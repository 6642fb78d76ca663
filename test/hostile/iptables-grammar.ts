import { isIP } from "node:net";

// An independent, deliberately strict reader of the iptables-restore text kprc writes. Every line
// must be a table header, a chain declaration, COMMIT, or a rule whose every option is known and
// whose every argument has the expected type (address, port, chain name, number, ...). The only
// free text allowed is a `--comment` argument, and it must be printable ASCII without quotes or
// backslashes inside. So a hostile string from the input can reach the rules only as an inert
// comment — never as an option, a target or a second line.

export interface RuleLine {
  readonly op: "-A" | "-I" | "-X" | "-F" | "-N";
  readonly chain: string;
  readonly tokens: readonly string[];
  /** `--comment` arguments with their quotes removed. */
  readonly comments: readonly string[];
}

const CHAIN = /^[A-Za-z][A-Za-z0-9_-]{0,28}$/;
const TABLES = new Set(["nat", "filter", "mangle", "raw", "security"]);
const MODULES = new Set(["comment", "tcp", "udp", "sctp", "statistic", "recent", "mark", "addrtype", "conntrack", "nfacct", "multiport"]);
const PROTOCOLS = new Set(["tcp", "udp", "sctp"]);
const ADDRTYPES = new Set(["LOCAL", "UNICAST", "BROADCAST", "MULTICAST"]);
const CT_STATES = new Set(["NEW", "ESTABLISHED", "RELATED", "INVALID", "DNAT", "SNAT", "UNTRACKED"]);
const REJECT_WITH = new Set(["icmp-port-unreachable", "icmp6-port-unreachable", "icmp-host-unreachable", "tcp-reset", "icmp6-adm-prohibited", "icmp-admin-prohibited"]);

const isPort = (s: string): boolean => /^\d{1,5}$/.test(s) && Number(s) >= 1 && Number(s) <= 65535;
const isHex = (s: string): boolean => /^0x[0-9a-fA-F]{1,8}$/.test(s);
function isAddress(s: string): boolean {
  const [ip, len, ...rest] = s.split("/");
  if (rest.length > 0 || ip === undefined || isIP(ip) === 0) return false;
  if (len === undefined) return true;
  return /^\d{1,3}$/.test(len) && Number(len) <= (isIP(ip) === 4 ? 32 : 128);
}
function isEndpoint(s: string): boolean {
  const m = /^\[([0-9a-fA-F:.]+)\]:(\d+)$/.exec(s) ?? /^(\d+\.\d+\.\d+\.\d+):(\d+)$/.exec(s);
  return m !== null && isIP(m[1]!) !== 0 && isPort(m[2]!);
}
const isInterface = (s: string): boolean => /^[A-Za-z0-9_.@-]{1,15}\+?$/.test(s);

type ArgCheck = (arg: string) => boolean;
const OPTIONS: Readonly<Record<string, ArgCheck | null>> = {
  "-m": (a) => MODULES.has(a),
  "-p": (a) => PROTOCOLS.has(a),
  "-s": isAddress,
  "-d": isAddress,
  "--dport": isPort,
  "--sport": isPort,
  "-j": (a) => CHAIN.test(a),
  "-g": (a) => CHAIN.test(a),
  "-i": isInterface,
  "-o": isInterface,
  "--comment": () => true,
  "--to-destination": isEndpoint,
  "--mode": (a) => a === "random",
  "--probability": (a) => /^0\.\d{10,11}$/.test(a),
  "--name": (a) => CHAIN.test(a),
  "--mask": (a) => isIP(a) !== 0,
  "--seconds": (a) => /^\d{1,6}$/.test(a),
  "--rcheck": null,
  "--set": null,
  "--update": null,
  "--reap": null,
  "--rsource": null,
  "--mark": (a) => /^0x[0-9a-fA-F]+(\/0x[0-9a-fA-F]+)?$/.test(a),
  "--set-xmark": (a) => /^0x[0-9a-fA-F]+\/0x[0-9a-fA-F]+$/.test(a),
  "--or-mark": isHex,
  "--xor-mark": isHex,
  "--dst-type": (a) => ADDRTYPES.has(a),
  "--src-type": (a) => ADDRTYPES.has(a),
  "--limit-iface-in": null,
  "--ctstate": (a) => a.split(",").every((s) => CT_STATES.has(s)),
  "--nfacct-name": (a) => /^[A-Za-z0-9_-]{1,31}$/.test(a),
  "--reject-with": (a) => REJECT_WITH.has(a),
  "--random-fully": null,
  "--random": null,
};

/** Splits a rule line like iptables-restore does: spaces separate, double quotes group. */
export function tokenize(line: string): string[] {
  const tokens = [...line.matchAll(/"[^"\\]*"|[^\s"]+/g)].map((m) => m[0]);
  // kube-proxy joins arguments with single spaces; anything else (stray quote, tab, double space) is
  // text the grammar did not expect.
  if (tokens.join(" ") !== line) throw new Error(`unbalanced quoting or stray whitespace`);
  return tokens;
}

const unquote = (t: string): string => (t.startsWith('"') && t.endsWith('"') && t.length >= 2 ? t.slice(1, -1) : t);

function checkComment(token: string): string {
  const text = unquote(token);
  if (!/^[\x20-\x7e]*$/.test(text) || /["\\]/.test(text)) throw new Error(`comment is not inert printable ASCII: ${JSON.stringify(token)}`);
  if (token === text && !/^[A-Za-z0-9_/:.=-]+$/.test(text)) throw new Error(`unquoted comment with special characters: ${JSON.stringify(token)}`);
  if (text.length > 256) throw new Error(`comment longer than the kernel's 256 bytes: ${text.length}`);
  return text;
}

function parseRule(line: string): RuleLine {
  const tokens = tokenize(line);
  const [op, chain, ...rest] = tokens;
  if (op !== "-A" && op !== "-I" && op !== "-X" && op !== "-F" && op !== "-N") throw new Error(`unknown command ${op}`);
  if (chain === undefined || !CHAIN.test(chain)) throw new Error(`bad chain name ${JSON.stringify(chain)}`);
  if ((op === "-X" || op === "-N" || op === "-F") && rest.length > 0) throw new Error(`${op} takes only a chain`);
  const comments: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    let opt = rest[i]!;
    if (opt === "!") opt = rest[++i] ?? "";
    if (!(opt in OPTIONS)) throw new Error(`unknown option ${JSON.stringify(opt)}`);
    const check = OPTIONS[opt];
    if (check === null || check === undefined) continue;
    const arg = rest[++i];
    if (arg === undefined) throw new Error(`option ${opt} without argument`);
    if (opt === "--comment") comments.push(checkComment(arg));
    else if (!check(arg)) throw new Error(`bad argument for ${opt}: ${JSON.stringify(arg)}`);
  }
  return { op, chain, tokens: rest, comments };
}

/** Parses a whole payload; throws with the line number on the first line outside the grammar. */
export function parseIptablesRestore(text: string): RuleLine[] {
  if (text !== "" && !text.endsWith("\n")) throw new Error("payload does not end with a newline");
  if (!/^[\x20-\x7e\n]*$/.test(text)) throw new Error("payload holds a byte outside printable ASCII");
  const rules: RuleLine[] = [];
  let table: string | undefined;
  text.split("\n").slice(0, -1).forEach((line, i) => {
    try {
      if (line.startsWith("*")) {
        if (table !== undefined || !TABLES.has(line.slice(1))) throw new Error("bad or nested table header");
        table = line.slice(1);
      } else if (line === "COMMIT") {
        if (table === undefined) throw new Error("COMMIT outside a table");
        table = undefined;
      } else if (line.startsWith(":")) {
        if (!/^:[A-Za-z][A-Za-z0-9_-]{0,28} (-|ACCEPT|DROP) \[\d+:\d+\]$/.test(line)) throw new Error("bad chain declaration");
      } else {
        if (table === undefined) throw new Error("rule outside a table");
        rules.push(parseRule(line));
      }
    } catch (e) {
      throw new Error(`line ${i + 1}: ${(e as Error).message}: ${JSON.stringify(line)}`);
    }
  });
  if (table !== undefined) throw new Error(`table ${table} has no COMMIT`);
  return rules;
}
