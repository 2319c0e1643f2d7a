import os from "node:os";
import { fileURLToPath } from "node:url";
import { createWorkerPool, type TaskInput, type TaskOutput, type WorkerPool } from "@/lib/server/jobs/worker-pool";
import type * as WorkerTasks from "@/lib/server/jobs/worker-tasks";

// The job runner's pool of worker threads, started on first use. Its size is WORKER_THREADS
// (default: 2, or the machine's cores up to 4): the threads share the machine with PostgreSQL and
// the Next server, so more would mostly wait for them.

type Tasks = typeof WorkerTasks;

/** How much lower than the server's the runner's priority is (JOBS_NICE, 0–19). */
export const runnerNiceness = () => {
  const value = Number(process.env.JOBS_NICE ?? 10);
  return Number.isInteger(value) && value >= 0 && value <= 19 ? value : 10;
};

/** How many threads the runner's pool has (WORKER_THREADS). */
export const workerThreads = () => Number(process.env.WORKER_THREADS ?? Math.min(4, Math.max(2, os.availableParallelism())));

const globalForPool = globalThis as unknown as { workbenchWorkers?: WorkerPool<Tasks> };

function appPool(warm = 0): WorkerPool<Tasks> {
  globalForPool.workbenchWorkers ??= createWorkerPool<Tasks>({
    tasksModule: fileURLToPath(new URL("./worker-tasks.ts", import.meta.url)),
    size: workerThreads(),
    warm,
    heapMb: Number(process.env.WORKER_HEAP_MB ?? 2048),
  });
  return globalForPool.workbenchWorkers;
}

/**
 * Runs one of worker-tasks.ts's tasks on a thread of the runner's pool: `runInWorker("exportFile",
 * { exportId })`. A task for agreement over loaded inputs, say, is one more export there.
 */
export function runInWorker<N extends keyof Tasks & string>(task: N, input: TaskInput<Tasks[N]>): Promise<TaskOutput<Tasks[N]>> {
  return appPool().run(task, input);
}

/**
 * Starts the pool ahead of the first job with one thread kept, its tasks loaded (tsx, Prisma, the
 * formats): a job — and the viewer waiting for a new document's suggestions — does not wait
 * seconds for a thread to start. The runner process calls it once started.
 */
export function warmWorkers(): void {
  appPool(1);
}

/** Stops the pool's threads (the runner stopping). */
export async function closeWorkers(): Promise<void> {
  const pool = globalForPool.workbenchWorkers;
  globalForPool.workbenchWorkers = undefined;
  await pool?.close();
}
