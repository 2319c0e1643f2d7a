import { pathToFileURL } from "node:url";
import { SHARE_ENV } from "node:worker_threads";
import { Piscina } from "piscina";

// A small pool of worker threads (piscina) for the job runner (lib/cli/worker.ts): a CPU-bound
// task runs on a thread of its own, so the runner's main thread keeps polling the queue, hearing
// annotation changes and taking the next job meanwhile, and as many tasks run at once as there
// are threads. A thread that dies mid-task (an uncaught exception, process.exit, its heap limit)
// fails that task alone; piscina starts a new thread for the next one.
//
// A task module's named exports are its tasks: functions taking and returning structured-clone
// values (plain data — never a Prisma client or an open stream). worker-tasks.ts is the app's.
// The threads run the app's TypeScript through tsx with the react-server condition the server's
// modules are written for, as the runner process itself does (README.md, "Where jobs run"):
// worker-bootstrap.mjs registers tsx in each thread, then loads the task module.

/** The functions a task module offers, by export name. */
export type TaskTable = Record<string, (input: never) => unknown>;
export type TaskInput<F> = F extends (input: infer I) => unknown ? I : never;
export type TaskOutput<F> = F extends (input: never) => infer O ? Awaited<O> : never;

export type WorkerPoolOptions = {
  /** The task module (absolute path or file URL) the threads load. */
  tasksModule: string | URL;
  /** Threads at most; each past `warm` is started when first needed. */
  size: number;
  /** Threads started at once and kept while idle, their task module loaded: the first task does not wait for one. */
  warm?: number;
  /** A thread idle this long is stopped (its memory and database connections given back). */
  idleMs?: number;
  /** Heap limit of one thread in MB: a task past it fails alone instead of the whole process. */
  heapMb?: number;
};

export type WorkerPool<Tasks extends TaskTable> = {
  /** Runs `task` on a free thread (queued until one is): its output, or its error. */
  run<N extends keyof Tasks & string>(task: N, input: TaskInput<Tasks[N]>): Promise<TaskOutput<Tasks[N]>>;
  /** Threads running now. */
  readonly threads: number;
  /** Stops every thread; tasks still queued or running are rejected. */
  close(): Promise<void>;
};

export function createWorkerPool<Tasks extends TaskTable>({ tasksModule, size, warm = 0, idleMs = 60_000, heapMb }: WorkerPoolOptions): WorkerPool<Tasks> {
  const maxThreads = Math.max(1, size);
  const pool = new Piscina({
    filename: new URL("./worker-bootstrap.mjs", import.meta.url).href,
    workerData: { tasksModule: tasksModule instanceof URL ? tasksModule.href : pathToFileURL(tasksModule).href },
    minThreads: Math.min(warm, maxThreads),
    maxThreads,
    idleTimeout: idleMs,
    // A thread waits for its next task on its message port, not in Atomics.wait: between tasks its
    // event loop keeps running (database pools' timers, a connection's end).
    atomics: "disabled",
    execArgv: ["--conditions=react-server"],
    // Settings changed after start (tests do) reach the threads too.
    env: SHARE_ENV,
    ...(heapMb ? { resourceLimits: { maxOldGenerationSizeMb: heapMb } } : {}),
  });
  return {
    run: (task, input) => pool.run({ task, input }),
    get threads() {
      return pool.threads.length;
    },
    close: () => pool.destroy(),
  };
}
