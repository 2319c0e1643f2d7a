// The shared job queue on a real PostgreSQL: a job outlives the runner that was to run it (none
// running, or one that died mid-job), and two runners never run one job twice.
import { afterAll, afterEach, beforeAll, expect, test } from "vitest";
import { fileURLToPath } from "node:url";
import type PgBoss from "pg-boss";
import type * as Fixture from "@/lib/server/jobs/worker-pool.fixture";
import { uuidv7 } from "@/lib/ids";
import { useTestDatabase } from "@/lib/testing/test-database";

let url: string;
let queue: typeof import("@/lib/server/jobs/queue");
let startJobRunner: typeof import("@/lib/server/jobs/runner").startJobRunner;
const runners: PgBoss[] = [];

beforeAll(async () => {
  // A dead runner's job is given up after 2 s and looked for every second (production: 30 min, 1 min).
  process.env.JOBS_EXPIRE_SECONDS = "2";
  process.env.JOBS_MAINTENANCE_SECONDS = "1";
  process.env.FIGURES_DEBOUNCE_SECONDS = "0";
  url = await useTestDatabase();
  queue = await import("@/lib/server/jobs/queue");
  ({ startJobRunner } = await import("@/lib/server/jobs/runner"));
});

// Each test's runners stop with it, so none takes the next test's jobs.
afterEach(async () => {
  for (const runner of runners.splice(0)) await runner.stop({ graceful: false, close: true }).catch(() => undefined);
});

afterAll(async () => {
  await (await queue.senderQueue()).stop({ graceful: false, close: true });
});

const runner = async (runFigures: (job: { projectId: string }, id: string) => Promise<void>) => {
  const boss = await startJobRunner(url, { pollingIntervalSeconds: 0.5, runFigures });
  runners.push(boss);
  return boss;
};

async function stateOf(id: string, name = queue.FIGURES_QUEUE): Promise<string | undefined> {
  const job = await (await queue.senderQueue()).getJobById(name, id);
  return job?.state;
}

test("a job queued while no runner runs, and one whose runner died mid-job, are run by the next runner", async () => {
  const waiting = (await queue.enqueueFigures({ projectId: uuidv7() }))!;
  const interrupted = (await queue.enqueueFigures({ projectId: uuidv7() }))!;
  expect(await stateOf(waiting)).toBe("created");

  // The first runner takes one job and never finishes it (as a killed process would not).
  let taken = "";
  const dead = await runner(async (_job, id) => {
    taken = id;
    await new Promise(() => undefined);
  });
  await expect.poll(() => taken, { timeout: 10_000 }).not.toBe("");
  // A killed process fetches nothing more: without this it took the expired job again on its retries.
  await dead.offWork(queue.FIGURES_QUEUE);

  const ran: string[] = [];
  await runner(async (_job, id) => {
    ran.push(id);
  });
  // Completion is recorded after the handler returns: wait for the recorded state.
  await expect.poll(async () => [await stateOf(waiting), await stateOf(interrupted)], { timeout: 20_000 }).toEqual(["completed", "completed"]);
  expect([...ran].sort()).toEqual([waiting, interrupted].sort());
});

test("two runners on one queue run each of 30 jobs exactly once", async () => {
  const ids: string[] = [];
  for (let i = 0; i < 30; i++) ids.push((await queue.enqueueFigures({ projectId: uuidv7() }))!);
  const ran: string[] = [];
  const record = async (_job: unknown, id: string) => {
    if (!ids.includes(id)) return;
    ran.push(id);
    await new Promise((resolve) => setTimeout(resolve, 20));
  };
  await Promise.all([runner(record), runner(record)]);
  await expect.poll(async () => (await Promise.all(ids.map((id) => stateOf(id)))).every((state) => state === "completed"), { timeout: 30_000 }).toBe(true);
  // None was handed to both runners.
  expect(ran.length).toBe(30);
  expect(new Set(ran).size).toBe(30);
}, 60_000);

test("a recomputation already waiting is not queued again (debounce per project or document)", async () => {
  const projectId = uuidv7();
  const documentId = uuidv7();
  process.env.FIGURES_DEBOUNCE_SECONDS = "60";
  try {
    const first = await queue.enqueueFigures({ projectId });
    expect(first).not.toBeNull();
    expect(await queue.enqueueFigures({ projectId })).toBeNull();
    // One document's figures are queued on their own.
    expect(await queue.enqueueFigures({ projectId, documentId })).not.toBeNull();
    expect(await queue.enqueueFigures({ projectId, documentId })).toBeNull();
  } finally {
    process.env.FIGURES_DEBOUNCE_SECONDS = "0";
  }
});

test("a job whose worker thread dies fails at once and is retried, and the runner goes on taking jobs", async () => {
  const { createWorkerPool } = await import("@/lib/server/jobs/worker-pool");
  const pool = createWorkerPool<typeof Fixture>({ tasksModule: fileURLToPath(new URL("./worker-pool.fixture.ts", import.meta.url)), size: 1 });
  const tries = new Int32Array(new SharedArrayBuffer(4));
  const exported: string[] = [];
  try {
    // A thread started once (tsx loaded), so each try is quick next to the 2 s expiry of this file.
    expect(await pool.run("double", 1)).toBe(2);
    const boss = await startJobRunner(url, {
      pollingIntervalSeconds: 0.5,
      runFigures: async () => undefined,
      // The thread running the first try exits, as one killed by its heap limit would.
      runExport: async (exportId) => void exported.push(await pool.run("dieFirstTime", { tries, id: exportId })),
    });
    runners.push(boss);
    const id = (await queue.enqueueExport({ exportId: uuidv7() }))!;
    // Retried without waiting for the job to expire (2 s here, 30 min in production).
    await expect.poll(() => stateOf(id, queue.EXPORT_QUEUE), { timeout: 20_000 }).toBe("completed");
    expect(Atomics.load(tries, 0)).toBe(2);
    expect((await (await queue.senderQueue()).getJobById(queue.EXPORT_QUEUE, id))?.retryCount).toBe(1);
    expect(exported).toHaveLength(1);
    // The same runner (and pool) still takes and runs the next job.
    const next = (await queue.enqueueExport({ exportId: uuidv7() }))!;
    await expect.poll(() => stateOf(next, queue.EXPORT_QUEUE), { timeout: 20_000 }).toBe("completed");
    expect(exported).toHaveLength(2);
  } finally {
    await pool.close();
  }
}, 60_000);
