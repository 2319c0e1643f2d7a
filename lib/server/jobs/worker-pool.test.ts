// The runner's worker threads (piscina, running TypeScript through tsx): a busy task leaves the
// calling thread's event loop free, two tasks run at once, and a thread that dies fails its own
// task only. Counted with timer ticks and shared counters, never with wall-clock time.
import { afterAll, expect, test } from "vitest";
import { fileURLToPath } from "node:url";
import { createWorkerPool } from "@/lib/server/jobs/worker-pool";
import type * as Fixture from "@/lib/server/jobs/worker-pool.fixture";

const pool = createWorkerPool<typeof Fixture>({ tasksModule: fileURLToPath(new URL("./worker-pool.fixture.ts", import.meta.url)), size: 2 });
const shared = () => new Int32Array(new SharedArrayBuffer(4));

afterAll(() => pool.close());

test("a busy-looping task runs off the main thread: the main thread's timer keeps firing until it tells the task to stop", async () => {
  const stop = shared();
  const running = shared();
  let ticks = 0;
  // Ticks counted while the task loops; on the main thread the loop would never yield, this timer
  // never fire and the task never end.
  const timer = setInterval(() => {
    if (Atomics.load(running, 0) === 1 && ++ticks === 20) Atomics.store(stop, 0, 1);
  }, 5);
  try {
    const spins = await pool.run("spin", { stop, running });
    expect(ticks).toBeGreaterThanOrEqual(20);
    expect(spins).toBeGreaterThan(0);
  } finally {
    clearInterval(timer);
  }
});

test("two tasks run at once on a pool of two threads", async () => {
  const stop = shared();
  const running = shared();
  const both = Promise.all([pool.run("spin", { stop, running }), pool.run("spin", { stop, running })]);
  // Both loops are counted as running at the same moment before either is told to stop.
  await expect.poll(() => Atomics.load(running, 0), { timeout: 30_000 }).toBe(2);
  Atomics.store(stop, 0, 1);
  expect((await both).every((spins) => spins > 0)).toBe(true);
});

test("a thread that dies fails its own task only; the next task runs on a new thread", async () => {
  await expect(pool.run("die", { how: "exit" })).rejects.toThrow(/exit|code/i);
  await expect(pool.run("die", { how: "uncaught" })).rejects.toThrow("uncaught in a timer");
  expect(await pool.run("double", 21)).toBe(42);
});
