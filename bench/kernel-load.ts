import { spawnSync } from "node:child_process";
import { kernelAvailability, withNetns, type Netns } from "../test/support/netns.js";
import { summarise, type Stats } from "./stats.js";

// How long the kernel (through iptables-restore / nft -f) takes to load a payload, each run in a
// fresh throw-away network namespace so the host's rules are never touched.

export const NETNS_PREFIX = "kd";

export type Loader = "iptables-restore" | "nft";

export function canLoad(loader: Loader): { ok: boolean; reason?: string } {
  return kernelAvailability(["ip", loader === "nft" ? "nft" : "iptables-restore"]);
}

export class KernelTimeout extends Error {}

/** Loads a payload and returns the milliseconds it took; throws KernelTimeout past `timeoutMs`. */
function load(ns: Netns, loader: Loader, text: string, noflush: boolean, timeoutMs: number): number {
  const args = loader === "nft" ? ["nft", "-f", "-"] : ["iptables-restore", ...(noflush ? ["--noflush"] : [])];
  const start = process.hrtime.bigint();
  const r = spawnSync("ip", ["netns", "exec", ns.name, ...args], { input: text, encoding: "utf8", timeout: timeoutMs, killSignal: "SIGKILL" });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.error && (r.error as NodeJS.ErrnoException).code === "ETIMEDOUT") throw new KernelTimeout(`${loader} took more than ${timeoutMs / 1000} s`);
  if (r.status !== 0) throw new Error(`${args.join(" ")} failed (${r.status}): ${(r.stderr ?? "").slice(0, 300)}`);
  return ms;
}

/** Stats for a load that timed out: every figure is the limit, read as "more than". */
function timedOut(timeoutMs: number): Stats {
  return { medianMs: timeoutMs, minMs: timeoutMs, maxMs: timeoutMs, runs: 0 };
}

/** Loads `text` into an empty namespace `runs` times (the time includes `ip netns exec`'s start-up). */
export async function timeFullLoad(loader: Loader, text: string, runs: number, timeoutMs: number): Promise<Stats> {
  const samples: number[] = [];
  try {
    for (let i = 0; i < runs; i++) samples.push(await withNetns(NETNS_PREFIX, (ns) => load(ns, loader, text, false, timeoutMs)));
  } catch (err) {
    if (err instanceof KernelTimeout) return timedOut(timeoutMs);
    throw err;
  }
  return summarise(samples);
}

/** Loads `full`, then times loading `delta` on top of it (`iptables-restore --noflush` / `nft -f`). */
export async function timeDeltaLoad(loader: Loader, full: string, delta: string, runs: number, timeoutMs: number): Promise<Stats> {
  const samples: number[] = [];
  try {
    for (let i = 0; i < runs; i++) {
      samples.push(
        await withNetns(NETNS_PREFIX, (ns) => {
          try {
            load(ns, loader, full, false, timeoutMs);
          } catch (err) {
            // Only the delta's own time may be reported as cut; a base that cannot load is no measurement.
            throw err instanceof KernelTimeout ? new Error(`loading the full payload underneath: ${err.message}`) : err;
          }
          return load(ns, loader, delta, true, timeoutMs);
        }),
      );
    }
  } catch (err) {
    if (err instanceof KernelTimeout) return timedOut(timeoutMs);
    throw err;
  }
  return summarise(samples);
}
