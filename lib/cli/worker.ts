// The job runner `npm start` starts next to the Next server (see lib/server/jobs/README.md):
// figures, exports, imports and suggestions on import are made here, off the server's request
// thread, each on a worker thread of this process's pool.
import { startJobRunner } from "@/lib/server/jobs/runner";
import { warmWorkers } from "@/lib/server/jobs/run-in-worker";

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
