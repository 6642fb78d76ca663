import { execFileSync, spawnSync } from "node:child_process";

// Kernel checks run inside throw-away network namespaces so they never touch the host's rules.

export interface KernelAvailability {
  readonly ok: boolean;
  /** Why the kernel checks cannot run here, when they cannot. */
  readonly reason?: string;
}

function hasCommand(cmd: string): boolean {
  return spawnSync("sh", ["-c", `command -v ${cmd}`], { stdio: "ignore" }).status === 0;
}

/** Whether this process can create network namespaces and has the given tools. */
export function kernelAvailability(tools: readonly string[] = ["ip", "iptables-restore"]): KernelAvailability {
  if (process.getuid?.() !== 0) return { ok: false, reason: "not running as root: network namespaces need root" };
  const missing = tools.filter((t) => !hasCommand(t));
  if (missing.length > 0) return { ok: false, reason: `missing commands: ${missing.join(", ")} (apt-get install iptables nftables iproute2)` };
  return { ok: true };
}

/** In CI the kernel checks are mandatory: a missing tool is a failure, never a silent skip. */
export function requireKernelInCi(availability: KernelAvailability): void {
  if (!availability.ok && process.env.CI) throw new Error(`kernel checks cannot run in CI: ${availability.reason}`);
}

export interface RunResult {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

let counter = 0;

/** Runs `fn` with a fresh namespace name, deleting the namespace afterwards even on failure. */
export async function withNetns<T>(prefix: string, fn: (ns: Netns) => Promise<T> | T): Promise<T> {
  const name = `${prefix}-${process.pid}-${counter++}`.slice(0, 60);
  execFileSync("ip", ["netns", "add", name]);
  try {
    return await fn(new Netns(name));
  } finally {
    spawnSync("ip", ["netns", "delete", name], { stdio: "ignore" });
  }
}

export class Netns {
  constructor(readonly name: string) {}

  /** Runs a command inside the namespace, with optional stdin. Never throws on a non-zero exit. */
  run(cmd: string, args: readonly string[], input?: string): RunResult {
    const r = spawnSync("ip", ["netns", "exec", this.name, cmd, ...args], {
      input,
      encoding: "utf8",
      maxBuffer: 512 * 1024 * 1024,
    });
    return { status: r.status ?? -1, stdout: r.stdout ?? "", stderr: r.stderr ?? "" };
  }

  /** Like run(), but throws with the command's stderr when it fails. */
  check(cmd: string, args: readonly string[], input?: string): string {
    const r = this.run(cmd, args, input);
    if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed (${r.status}): ${r.stderr.trim()}`);
    return r.stdout;
  }
}
