// The job runner `npm start` starts next to the Next server (see lib/server/jobs/README.md):
// figures, exports, imports and suggestions on import are made here, off the server's request
// thread, each on a worker thread of this process's pool.
import os from "node:os";
import { startJobRunner } from "@/lib/server/jobs/runner";
import { runnerNiceness, warmWorkers } from "@/lib/server/jobs/run-in-worker";

// Background work yields the processor to the web server: on a machine with few cores the
// figures of a large project (minutes of computation on every pool thread) would otherwise take
// its share from the requests everyone is waiting for. Set before the pool's threads start, which
// inherit it (Linux counts niceness per thread). JOBS_NICE=0 keeps the normal priority.
try {
  os.setPriority(Math.min(19, os.getPriority() + runnerNiceness()));
} catch (error) {
  console.warn(`[jobs] could not lower the runner's priority: ${(error as Error).message}`);
}

const url = process.env.DATABASE_URL;
if (!url) {
  console.error("[jobs] DATABASE_URL is not set.");
  process.exit(1);
}

warmWorkers();
const boss = await startJobRunner(url);
console.log("[jobs] runner started");

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  // Running jobs get a few seconds to finish; an unfinished one is retried by another runner.
  await boss.stop({ graceful: true, timeout: 5_000, wait: true }).catch(() => undefined);
  process.exit(0);
}
process.on("SIGINT", () => void stop());
process.on("SIGTERM", () => void stop());
