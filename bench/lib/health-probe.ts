// The stall probe the benchmarks share: while an action runs, a second client asks GET /api/health
// every 20 ms, one request at a time; the answer is the action's own duration and status, the
// health latencies during it (p50, p99, max) and the Next server's peak RSS (from /proc).
import fs from "node:fs";
import { percentile, type BenchServer } from "./workbench-server";

const ACTION_TIMEOUT_MS = Number(process.env.BENCH_ACTION_TIMEOUT_MS ?? 300_000);

/** The Next server process under the launcher (its RSS is what the target is about). */
export function nextServerPid(launcher: number): number | null {
  const children = new Map<number, number[]>();
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // gone
    }
  }
  const queue = [launcher];
  while (queue.length) {
    const pid = queue.shift()!;
    try {
      const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8");
      if (/next[\\/]dist[\\/]bin[\\/]next/.test(cmd) || /next-server/.test(cmd)) return pid;
    } catch {
      // gone
    }
    queue.push(...(children.get(pid) ?? []));
  }
  return null;
}

export const rssMb = (pid: number | null) => {
  if (!pid) return NaN;
  try {
    const kb = /VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
    return kb ? Number(kb) / 1024 : NaN;
  } catch {
    return NaN;
  }
};

export type Measure = { seconds: number; status: string; healthP50: number; healthP99: number; healthMax: number; rssMb: number };

/** Runs `action` while probing /api/health; the probe's latencies and the peak RSS are the result. */
export async function measure(server: BenchServer, serverPid: number | null, action: () => Promise<string>): Promise<Measure> {
  const latencies: number[] = [];
  let done = false;
  let peak = rssMb(serverPid);
  const probe = (async () => {
    while (!done) {
      const t0 = performance.now();
      await fetch(`${server.url}/api/health`).then((r) => r.arrayBuffer()).catch(() => undefined);
      latencies.push(performance.now() - t0);
      peak = Math.max(peak, rssMb(serverPid));
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  const t0 = performance.now();
  let status: string;
  try {
    status = await Promise.race([
      action(),
      new Promise<string>((resolve) => setTimeout(() => resolve(`timed out after ${ACTION_TIMEOUT_MS / 1000} s`), ACTION_TIMEOUT_MS)),
    ]);
  } catch (error) {
    status = `failed: ${(error as Error).message.slice(0, 80)}`;
  }
  const seconds = (performance.now() - t0) / 1000;
  done = true;
  await probe;
  return { seconds, status, healthP50: percentile(latencies, 50), healthP99: percentile(latencies, 99), healthMax: Math.max(...latencies), rssMb: peak };
}


/** The measured cells of a table row, "| took | p50 | p99 | max | RSS | targets |": the targets are health p99 < 100 ms and RSS < 1 GB. */
export function measuredCells(m: Measure): string {
  const met = m.healthP99 < 100 && m.rssMb < 1024 ? "met" : `MISSED (${[m.healthP99 >= 100 ? "p99" : "", m.rssMb >= 1024 ? "RSS" : ""].filter(Boolean).join(", ")})`;
  return `${m.seconds.toFixed(1)} s | ${m.healthP50.toFixed(0)} ms | ${m.healthP99.toFixed(0)} ms | ${m.healthMax.toFixed(0)} ms | ${m.rssMb.toFixed(0)} MB | ${met} |`;
}

/** Runs the script's main, then exits: an idle keep-alive socket of fetch must not keep it waiting. */
export function runBench(main: () => Promise<void>) {
  main().then(
    () => process.exit(0),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}
