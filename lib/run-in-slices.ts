// Work that may take long on the server's one thread, written as a generator that yields now and
// then (every few thousand items of its loops): run at once where nobody waits on the thread (a
// worker, a test, a benchmark), or in slices of a few milliseconds between other requests'
// tasks where a request does it. The same code either way.

/** A computation that yields (nothing) at its pause points and returns its result. */
export type Steps<T> = Generator<void, T, void>;

/** Runs the steps straight through. */
export function runAtOnce<T>(steps: Steps<T>): T {
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
  }
}

/**
 * Runs the steps, letting the event loop run other tasks (I/O, timers, other requests) whenever
 * `sliceMs` have passed since the last time it did: one request's long matching does not hold
 * everyone else's.
 */
export async function runInSlices<T>(steps: Steps<T>, sliceMs = 4): Promise<T> {
  const pause = slicer(sliceMs);
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
    await pause();
  }
}

/** Lets the tasks waiting (I/O, timers, other requests) run before going on (a browser has no setImmediate: a timer there). */
export const nextTurn = () => new Promise<void>((resolve) => (typeof setImmediate === "function" ? setImmediate(resolve) : setTimeout(resolve, 0)));

/**
 * For a long loop in async code: `await pause()` at each turn lets other tasks run (setImmediate)
 * once `sliceMs` have passed since the last time, and costs nothing otherwise.
 */
export function slicer(sliceMs = 4): () => Promise<void> | undefined {
  let until = performance.now() + sliceMs;
  return () => {
    if (performance.now() < until) return undefined;
    return nextTurn().then(() => {
      until = performance.now() + sliceMs;
    });
  };
}
