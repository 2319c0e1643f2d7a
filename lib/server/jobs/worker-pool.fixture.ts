// Tasks for worker-pool.test.ts and runner.test.ts: a busy loop, threads that die, a task that
// dies on its first try only. Loaded by pool threads, never by the app.

/** Busy-loops (no await, no timer) until the caller sets `stop[0]`; counts itself in `running[0]` meanwhile. */
export function spin({ stop, running }: { stop: Int32Array; running: Int32Array }): number {
  Atomics.add(running, 0, 1);
  let spins = 0;
  while (Atomics.load(stop, 0) === 0) spins++;
  Atomics.sub(running, 0, 1);
  return spins;
}

export const double = (n: number) => n * 2;

/** Ends its thread: by process.exit (which in a worker ends only the thread), or by an exception nobody catches. */
export function die({ how }: { how: "exit" | "uncaught" }): Promise<never> {
  if (how === "exit") process.exit(3);
  setTimeout(() => {
    throw new Error("uncaught in a timer");
  });
  return new Promise<never>(() => undefined);
}

/** Dies on the first try (`tries[0]` is 0), answers on the next: a job retried after its thread crashed. */
export function dieFirstTime({ tries, id }: { tries: Int32Array; id: string }): string {
  if (Atomics.add(tries, 0, 1) === 0) process.exit(4);
  return id;
}
