import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { withNetns } from "../support/netns.js";

// Batch kernel checks: many payloads are written to a temp directory and checked by ONE shell loop
// inside ONE throw-away network namespace (`iptables-restore --test`, `ip6tables-restore --test`,
// `nft -c -f`), so a few hundred fuzz cases cost one `ip netns add`, not hundreds.

export type KernelFormat = "iptables" | "ip6tables" | "nft";

export interface KernelJob {
  readonly id: string;
  readonly format: KernelFormat;
  readonly text: string;
}

export interface KernelVerdict {
  readonly id: string;
  readonly format: KernelFormat;
  readonly ok: boolean;
  readonly stderr: string;
}

const COMMAND: Record<KernelFormat, string> = {
  iptables: "iptables-restore --test",
  ip6tables: "ip6tables-restore --test",
  nft: "nft -c -f",
};

// iptables-nft's --test does not check that a jump target exists; the legacy backend does, so it
// runs too when installed (same text, same kernel, stricter checker).
const LEGACY: Partial<Record<KernelFormat, string>> = {
  iptables: "iptables-legacy-restore",
  ip6tables: "ip6tables-legacy-restore",
};

// --test never reaches the kernel for iptables; loading the payload for real does (the namespace is
// thrown away, and each payload replaces the nat and filter tables whole, so payloads do not mix).
const APPLY: Partial<Record<KernelFormat, string>> = {
  iptables: "iptables-restore",
  ip6tables: "ip6tables-restore",
};

/** The tools a list of formats needs, for kernelAvailability(). */
export function toolsFor(formats: readonly KernelFormat[]): string[] {
  return ["ip", ...new Set(formats.map((f) => COMMAND[f].split(" ")[0]!))];
}

const NFACCT_COUNTERS = ["ct_state_invalid_dropped_pkts", "localhost_nps_accepted_pkts"];

export async function checkInNetns(prefix: string, jobs: readonly KernelJob[]): Promise<KernelVerdict[]> {
  if (jobs.length === 0) return [];
  const dir = mkdtempSync(join(tmpdir(), `${prefix}-`));
  try {
    // `--nfacct` output counts into the accounting objects kube-proxy creates at start-up; a fresh
    // namespace has none, so they are created first, as kube-proxy would.
    const lines = ["#!/bin/sh", ...NFACCT_COUNTERS.map((name) => `command -v nfacct >/dev/null && nfacct add ${name} >/dev/null 2>&1`)];
    jobs.forEach((job, i) => {
      const file = join(dir, `${i}.in`);
      writeFileSync(file, job.text);
      // nft -c reads the file; the iptables tools read stdin.
      const input = job.format === "nft" ? file : `< ${file}`;
      const legacy = LEGACY[job.format];
      const also = legacy ? ` && { ! command -v ${legacy} >/dev/null || ${legacy} --test ${input}; }` : "";
      // Without the nfacct tool the counters cannot be created, so such payloads are only --test'ed.
      const apply = APPLY[job.format] ? ` && if grep -q -e --nfacct-name ${file} && ! command -v nfacct >/dev/null; then :; else ${APPLY[job.format]} ${input}; fi` : "";
      lines.push(`{ ${COMMAND[job.format]} ${input}${also}${apply}; } 2> ${file}.err; echo $? > ${file}.rc`);
    });
    writeFileSync(join(dir, "run.sh"), `${lines.join("\n")}\n`);
    await withNetns(prefix, (ns) => ns.check("sh", [join(dir, "run.sh")]));
    return jobs.map((job, i) => {
      const file = join(dir, `${i}.in`);
      const rc = readFileSync(`${file}.rc`, "utf8").trim();
      return { id: job.id, format: job.format, ok: rc === "0", stderr: readFileSync(`${file}.err`, "utf8").trim() };
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
