import { kernelAvailability, withNetns, type Netns } from "../test/support/netns.js";
import { summarise, type Stats } from "./stats.js";

// How long the kernel (through iptables-restore / nft -f) takes to load a payload, each run in a
// fresh throw-away network namespace so the host's rules are never touched.

export const NETNS_PREFIX = "kd";

export type Loader = "iptables-restore" | "nft";

export function canLoad(loader: Loader): { ok: boolean; reason?: string } {
  return kernelAvailability(["ip", loader === "nft" ? "nft" : "iptables-restore"]);
}

function load(ns: Netns, loader: Loader, text: string, noflush: boolean): void {
  if (loader === "nft") ns.check("nft", ["-f", "-"], text);
  else ns.check("iptables-restore", noflush ? ["--noflush"] : [], text);
}

function timed(fn: () => void): number {
  const start = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** Loads `text` into an empty namespace `runs` times (the time includes `ip netns exec`'s start-up). */
export async function timeFullLoad(loader: Loader, text: string, runs: number): Promise<Stats> {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    samples.push(await withNetns(NETNS_PREFIX, (ns) => timed(() => load(ns, loader, text, false))));
  }
  return summarise(samples);
}

/** Loads `full`, then times loading `delta` on top of it (`iptables-restore --noflush` / `nft -f`). */
export async function timeDeltaLoad(loader: Loader, full: string, delta: string, runs: number): Promise<Stats> {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    samples.push(
      await withNetns(NETNS_PREFIX, (ns) => {
        load(ns, loader, full, false);
        return timed(() => load(ns, loader, delta, true));
      }),
    );
  }
  return summarise(samples);
}
