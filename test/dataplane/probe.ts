import type { Host } from "./topology.js";
import { PROBE_PATH } from "./topology.js";

// Drives `kprc-probe send` inside a container and parses its tally. Every connection has its own
// deadline inside the probe; the exec as a whole also has one, so nothing can hang the suite.

export interface ProbeRequest {
  readonly protocol: "tcp" | "udp";
  readonly address: string;
  readonly port: number;
  readonly count: number;
  /** Connections in flight at once. */
  readonly parallel?: number;
  /** Per-connection deadline (connect + answer). */
  readonly timeoutMs?: number;
}

export interface ProbeTally {
  /** Answers by `ip:port` of the endpoint that answered. */
  readonly answers: ReadonlyMap<string, number>;
  /** Source addresses the endpoints saw, with counts. */
  readonly peers: ReadonlyMap<string, number>;
  /** Failures by reason (refused, timeout, reset, unreachable, ...). */
  readonly failures: ReadonlyMap<string, number>;
  readonly elapsedMs: number;
}

const DEFAULT_PARALLEL = 64;
// Long enough for one SYN retransmission (after 1 s) on a busy 2-core machine, short enough that a
// blackholed service costs seconds, not minutes.
const DEFAULT_TIMEOUT_MS = 3000;

function add(map: Map<string, number>, key: string, n: number): void {
  map.set(key, (map.get(key) ?? 0) + n);
}

export function parseTally(text: string): ProbeTally {
  const answers = new Map<string, number>();
  const peers = new Map<string, number>();
  const failures = new Map<string, number>();
  let elapsedMs = Number.NaN;
  for (const line of text.split("\n")) {
    const f = line.trim().split(/\s+/);
    if (f[0] === "ok" && f.length === 4) {
      add(answers, f[1]!, Number(f[3]));
      add(peers, f[2]!, Number(f[3]));
    } else if (f[0] === "fail" && f.length === 3) {
      add(failures, f[1]!, Number(f[2]));
    } else if (f[0] === "elapsed_ms") {
      elapsedMs = Number(f[1]);
    }
  }
  if (Number.isNaN(elapsedMs)) throw new Error(`probe output has no elapsed_ms line:\n${text}`);
  return { answers, peers, failures, elapsedMs };
}

function withDeadline<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no result after ${ms} ms`)), ms);
  });
  return Promise.race([p, deadline]).finally(() => clearTimeout(timer));
}

export async function probe(from: Host, req: ProbeRequest): Promise<ProbeTally> {
  const parallel = req.parallel ?? DEFAULT_PARALLEL;
  const timeoutMs = req.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const cmd = [PROBE_PATH, "send", req.protocol, req.address, String(req.port), String(req.count), String(parallel), String(timeoutMs)];
  // Worst case every connection times out: count / parallel rounds of timeoutMs, plus slack.
  const budget = Math.ceil(req.count / parallel) * timeoutMs + 15_000;
  const what = `probe ${req.protocol} ${req.address}:${req.port} from ${from.ip}`;
  const r = await withDeadline(from.container.exec(cmd), budget, what);
  if (r.exitCode !== 0) throw new Error(`${what} exited ${r.exitCode}:\n${r.output}`);
  return parseTally(r.stdout);
}

export function total(map: ReadonlyMap<string, number>): number {
  let n = 0;
  for (const v of map.values()) n += v;
  return n;
}

/** One tally of two probe runs (a priming connection and the rest). */
export function mergeTallies(a: ProbeTally, b: ProbeTally): ProbeTally {
  const merge = (x: ReadonlyMap<string, number>, y: ReadonlyMap<string, number>) => {
    const m = new Map(x);
    for (const [k, v] of y) add(m, k, v);
    return m;
  };
  return { answers: merge(a.answers, b.answers), peers: merge(a.peers, b.peers), failures: merge(a.failures, b.failures), elapsedMs: a.elapsedMs + b.elapsedMs };
}
