import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

// What the dataplane suite needs from the machine: a Docker engine, the locally built node image
// (scripts/prepare-dataplane.sh), and the probe compiled statically on the host. Nothing is pulled:
// there is no registry here, so testcontainers' Ryuk reaper is off and the suite cleans up itself.

process.env.TESTCONTAINERS_RYUK_DISABLED = "true";
// /.dockerenv exists on these VMs; without this testcontainers would try to pull alpine to find the host.
process.env.TESTCONTAINERS_HOST_OVERRIDE ??= "localhost";

const here = dirname(fileURLToPath(import.meta.url));

export interface Availability {
  readonly ok: boolean;
  readonly reason?: string;
}

/** The tag scripts/prepare-dataplane.sh builds: a content hash of the image recipe, so it is built once. */
export function nodeImageTag(): string {
  const recipe = ["Dockerfile", "packages.txt"].map((f) => readFileSync(join(here, "image", f))).join("");
  return `kprc-node:${createHash("sha256").update(recipe).digest("hex").slice(0, 12)}`;
}

function run(cmd: string, args: readonly string[], timeoutMs = 15_000): { status: number | null; out: string } {
  const r = spawnSync(cmd, args, { encoding: "utf8", timeout: timeoutMs });
  return { status: r.status, out: `${r.stdout ?? ""}${r.stderr ?? ""}${r.error ? String(r.error) : ""}`.trim() };
}

/** Whether Docker answers and the node image exists; the reason says what to do when not. */
export function dockerAvailability(): Availability {
  const info = run("docker", ["info", "--format", "{{.ServerVersion}}"]);
  if (info.status !== 0) {
    return { ok: false, reason: `Docker engine not reachable (${info.out.split("\n")[0] ?? "no output"}); run scripts/prepare-dataplane.sh as root` };
  }
  const image = nodeImageTag();
  if (run("docker", ["image", "inspect", image]).status !== 0) {
    return { ok: false, reason: `node image ${image} missing; run scripts/prepare-dataplane.sh (builds it without a registry)` };
  }
  if (run("gcc", ["--version"]).status !== 0) return { ok: false, reason: "gcc missing (apt-get install gcc libc6-dev)" };
  return { ok: true };
}

/** In CI a missing Docker engine is a failure, never a silent skip. */
export const dataplaneRequired = process.env.CI === "true" || process.env.CI === "1";

/** `docker run --privileged` fails on these machines (no CAP_SYS_RESOURCE in the bounding set): opt-in only. */
export const privilegedRequested = process.env.KPRC_DATAPLANE_PRIVILEGED === "1";

/** Label on every container the suite starts: the pid of the run that owns it. */
export const OWNER_LABEL = "kprc.dataplane.pid";

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Without Ryuk nothing reaps what a killed run left behind: remove containers of runs whose process is
 * gone, then the test networks nothing uses any more (Docker's address pool is small).
 */
export function removeLeftovers(): void {
  const listed = run("docker", ["ps", "-a", "--filter", `label=${OWNER_LABEL}`, "--format", `{{.ID}} {{.Label "${OWNER_LABEL}"}}`]);
  const stale = listed.out
    .split("\n")
    .map((l) => l.trim().split(" "))
    .filter(([id, pid]) => id && pid && !alive(Number(pid)))
    .map(([id]) => id!);
  if (stale.length > 0) run("docker", ["rm", "-f", ...stale], 60_000);
  run("docker", ["network", "prune", "-f", "--filter", "label=org.testcontainers=true"], 60_000);
}

/** Compiles test/dataplane/probe/kprc-probe.c into a static binary that runs in any Linux container. */
export function buildProbe(): string {
  const out = join(mkdtempSync(join(tmpdir(), "kprc-probe-")), "kprc-probe");
  const r = run("gcc", ["-O2", "-static", "-Wall", "-o", out, join(here, "probe", "kprc-probe.c")], 60_000);
  if (r.status !== 0) throw new Error(`building the probe failed:\n${r.out}`);
  return out;
}
