// Exports made by the job runner on a real PostgreSQL: the file a member downloads is byte for byte
// the export the request would have streamed, holds only what they may see, is theirs alone, and
// a check, a cancellation, a lost membership, too many at once and expiry behave as a person expects.
import { afterAll, beforeAll, expect, test } from "vitest";
import type PgBoss from "pg-boss";
import { useTestDatabase } from "@/lib/testing/test-database";
import { asUser, projectAccessOf } from "@/lib/testing/access";

let db: typeof import("@/lib/db").db;
let jobs: typeof import("@/lib/server/export/export-jobs");
let exportProjectFor: typeof import("@/lib/server/export/export-project").exportProjectFor;
let schema: typeof import("@/lib/schemas/export").exportOptionsSchema;
let queue: typeof import("@/lib/server/jobs/queue");
let fixture: Awaited<ReturnType<typeof import("@/lib/testing/tricky-project").createTrickyProject>>;
let runner: PgBoss | null = null;
let url: string;

beforeAll(async () => {
  process.env.JOBS_EXPIRE_SECONDS = "60";
  url = await useTestDatabase();
  ({ db } = await import("@/lib/db"));
  jobs = await import("@/lib/server/export/export-jobs");
  ({ exportProjectFor } = await import("@/lib/server/export/export-project"));
  ({ exportOptionsSchema: schema } = await import("@/lib/schemas/export"));
  queue = await import("@/lib/server/jobs/queue");
  fixture = await (await import("@/lib/testing/tricky-project")).createTrickyProject("export-jobs");
});

afterAll(async () => {
  await runner?.stop({ graceful: false, close: true }).catch(() => undefined);
  await (await queue.senderQueue()).stop({ graceful: false, close: true }).catch(() => undefined);
});

async function startRunner() {
  if (runner) return;
  const { startJobRunner } = await import("@/lib/server/jobs/runner");
  runner = await startJobRunner(url, { pollingIntervalSeconds: 0.5, runFigures: async () => undefined });
}

async function finished(userId: string, id: string) {
  await expect.poll(async () => (await jobs.getExportJob(asUser(userId), id)).state, { timeout: 20_000, interval: 100 }).toMatch(/DONE|FAILED/);
  return jobs.getExportJob(asUser(userId), id);
}

async function bytesOf(stream: ReadableStream<Uint8Array>) {
  const parts: Uint8Array[] = [];
  const reader = stream.getReader();
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    parts.push(value);
  }
  return Buffer.concat(parts);
}

test("the runner makes the file: the same bytes the request would have streamed, for its requester only", async () => {
  await startRunner();
  const access = await projectAccessOf(fixture.amina.id, fixture.project.id);
  const params = { format: "conll", layers: "annotators" };
  const job = await jobs.requestExport(access, params, "https://wb.example");
  expect(job).toMatchObject({ state: "QUEUED", check: false, fileUrl: null });
  const done = await finished(fixture.amina.id, job.id);
  expect(done).toMatchObject({ state: "DONE", fileUrl: `/api/exports/${job.id}/file`, fileName: expect.stringMatching(/-conll\.zip$/) });
  expect(done.summary).toMatchObject({ layout: "annotators" });

  const file = await jobs.exportFile(asUser(fixture.amina.id), job.id);
  const stored = await bytesOf(file.body);
  expect(stored.length).toBe(done.bytes);
  const direct = await exportProjectFor(access, schema.parse(params), "https://wb.example");
  const streamed: Uint8Array[] = [];
  for await (const chunk of direct.result.body) streamed.push(chunk);
  // The archives carry the time they were written: compare their entries.
  const { readZip } = await import("@/lib/formats/import/zip-reader");
  const names = (zip: Buffer) => readZip(zip).map((e) => [e.path, Buffer.from(e.data).toString("utf8")]);
  expect(names(stored)).toEqual(names(Buffer.concat(streamed)));

  // Someone else — even the project's owner — cannot see or fetch it: it holds what Amina may see.
  await expect(jobs.getExportJob(asUser(fixture.owner.id), job.id)).rejects.toThrow("No export with this id");
  await expect(jobs.exportFile(asUser(fixture.bruno.id), job.id)).rejects.toThrow("No export with this id");
  expect((await jobs.listExportJobs(await projectAccessOf(fixture.owner.id, fixture.project.id))).map((j) => j.id)).not.toContain(job.id);
});

test("a check keeps no file; a cancelled export is not made; someone removed from the project meanwhile gets a failure, not a file", async () => {
  const owner = await projectAccessOf(fixture.owner.id, fixture.project.id);
  await startRunner();
  const check = await jobs.requestExport(owner, { format: "w3c" }, "https://wb.example", { check: true });
  const checked = await finished(fixture.owner.id, check.id);
  expect(checked).toMatchObject({ state: "DONE", check: true, fileUrl: null, annotations: expect.any(Number) });
  expect(checked.bytes).toBeGreaterThan(100);
  await expect(jobs.exportFile(asUser(fixture.owner.id), check.id)).rejects.toThrow("has no file");
  expect(await db.exportChunk.count({ where: { exportId: check.id } })).toBe(0);

  // Stop the runner, queue, then take away what the runner would need.
  await runner!.stop({ graceful: false, close: true });
  runner = null;
  const cancelled = await jobs.requestExport(owner, { format: "csv" }, "https://wb.example");
  await jobs.deleteExportJob(asUser(fixture.owner.id), cancelled.id);
  const bruno = await projectAccessOf(fixture.bruno.id, fixture.project.id);
  const removed = await jobs.requestExport(bruno, { format: "csv" }, "https://wb.example");
  await db.membership.delete({ where: { projectId_userId: { projectId: fixture.project.id, userId: fixture.bruno.id } } });
  await startRunner();
  await expect.poll(async () => (await db.exportJob.findUnique({ where: { id: removed.id } }))?.state, { timeout: 20_000, interval: 100 }).toBe("FAILED");
  expect(await db.exportJob.findUnique({ where: { id: cancelled.id } })).toBeNull();
  expect(await db.exportChunk.count({ where: { exportId: removed.id } })).toBe(0);
  // And he cannot read what is left of it either.
  await expect(jobs.getExportJob(asUser(fixture.bruno.id), removed.id)).rejects.toThrow("No export with this id");
  await db.membership.create({ data: { projectId: fixture.project.id, userId: fixture.bruno.id, role: "ANNOTATOR" } });
});

test("at most three exports wait or run per person and project; a bad option is refused before anything is queued; old ones expire", async () => {
  await runner?.stop({ graceful: false, close: true });
  runner = null;
  const amina = await projectAccessOf(fixture.amina.id, fixture.project.id);
  await expect(jobs.requestExport(amina, { format: "xlsx" }, "https://wb.example")).rejects.toThrow("format must be one of");
  const before = await db.exportJob.count();
  for (let i = 0; i < 3; i++) await jobs.requestExport(amina, { format: "csv" }, "https://wb.example");
  await expect(jobs.requestExport(amina, { format: "csv" }, "https://wb.example")).rejects.toMatchObject({ status: 429 });
  expect(await db.exportJob.count()).toBe(before + 3);
  // Others are not held up by her queue.
  const owner = await projectAccessOf(fixture.owner.id, fixture.project.id);
  await expect(jobs.requestExport(owner, { format: "csv" }, "https://wb.example")).resolves.toMatchObject({ state: "QUEUED" });

  const tomorrow = new Date(Date.now() + 25 * 3600_000);
  expect(await jobs.purgeExpiredExports(tomorrow)).toBeGreaterThanOrEqual(4);
  expect(await db.exportJob.count({ where: { projectId: fixture.project.id } })).toBe(0);
});

test("review findings: only the export's own options are kept; a day's worth of jobs is capped; two runs of one job give one whole file", async () => {
  await runner?.stop({ graceful: false, close: true });
  runner = null;
  const { EXPORT_OPTION_NAMES } = jobs;
  // The list of kept options is the schema's (but the retired `layer`).
  const id = fixture.owner.id;
  expect([...EXPORT_OPTION_NAMES].sort()).toEqual(Object.keys(schema.parse({ format: "csv", documents: id, annotators: id, kinds: "ENTITY" })).sort());
  const bruno = await projectAccessOf(fixture.bruno.id, fixture.project.id);
  const job = await jobs.requestExport(bruno, { format: "conll", junk: "x".repeat(10_000) }, "https://wb.example");
  expect(job.options).toEqual({ format: "conll" });

  // The runner taken for dead while it still runs: a second run starts; the first writes no more.
  await Promise.all([jobs.runExportJob(job.id), jobs.runExportJob(job.id)]);
  const done = await jobs.getExportJob(asUser(fixture.bruno.id), job.id);
  expect(done.state).toBe("DONE");
  const stored = await bytesOf((await jobs.exportFile(asUser(fixture.bruno.id), job.id)).body);
  expect(stored.length).toBe(done.bytes);
  const { readZip } = await import("@/lib/formats/import/zip-reader");
  expect(readZip(stored).map((e) => e.path)).toContain(`${done.fileName!.replace(/\.zip$/, "")}/layers.json`);

  process.env.MAX_JOBS_PER_DAY = "2";
  try {
    await jobs.requestExport(bruno, { format: "csv" }, "https://wb.example");
    await expect(jobs.requestExport(bruno, { format: "csv" }, "https://wb.example")).rejects.toThrow("in the last 24 hours");
  } finally {
    delete process.env.MAX_JOBS_PER_DAY;
    await db.exportJob.deleteMany({ where: { userId: fixture.bruno.id } });
  }
});

test("review findings: a file made while its requester saw everyone's work is refused once they see less; a revoked token's export is not made", async () => {
  const owner = fixture.owner;
  // A curator exports everyone's layers, then is demoted to annotator in a project where annotators see only their own work.
  await db.membership.update({ where: { projectId_userId: { projectId: fixture.project.id, userId: fixture.amina.id } }, data: { role: "CURATOR" } });
  const job = await jobs.requestExport(await projectAccessOf(fixture.amina.id, fixture.project.id), { format: "csv" }, "https://wb.example");
  await jobs.runExportJob(job.id);
  expect((await jobs.getExportJob(asUser(fixture.amina.id), job.id)).state).toBe("DONE");
  await db.membership.update({ where: { projectId_userId: { projectId: fixture.project.id, userId: fixture.amina.id } }, data: { role: "ANNOTATOR" } });
  await db.project.update({ where: { id: fixture.project.id }, data: { annotatorsSee: "OWN" } });
  try {
    await expect(jobs.exportFile(asUser(fixture.amina.id), job.id)).rejects.toThrow("No export with this id");
  } finally {
    await db.project.update({ where: { id: fixture.project.id }, data: { annotatorsSee: "EVERYONE" } });
  }

  const token = await db.apiToken.create({ data: { userId: owner.id, name: "script", tokenHash: `h-${job.id}`, prefix: "awb_xxxx", access: "READ_WRITE" } });
  const { resolveProject, tokenCaller } = await import("@/lib/server/authz");
  const viaToken = await resolveProject(tokenCaller(owner.id, { tokenId: token.id, projectIds: [fixture.project.id], readOnly: false }), fixture.project.id, "export");
  const queued = await jobs.requestExport(viaToken, { format: "csv" }, "https://wb.example");
  await db.apiToken.delete({ where: { id: token.id } });
  await jobs.runExportJob(queued.id);
  const row = await db.exportJob.findUniqueOrThrow({ where: { id: queued.id } });
  expect(row).toMatchObject({ state: "FAILED", error: expect.stringContaining("revoked") });
});
