// Annotation-set imports run by the job runner on a real PostgreSQL: the report is the one the
// direct route gives for the same files, the import writes what it reports, the uploads do not
// outlive the run, and only the curator who uploaded reads the outcome.
import { afterAll, beforeAll, expect, test } from "vitest";
import type PgBoss from "pg-boss";
import { useTestDatabase } from "@/lib/testing/test-database";
import { asUser, projectAccessOf } from "@/lib/testing/access";

let db: typeof import("@/lib/db").db;
let jobs: typeof import("@/lib/server/import/import-jobs");
let direct: typeof import("@/lib/server/import/import-annotation-sets").importAnnotationFilesFor;
let queue: typeof import("@/lib/server/jobs/queue");
let fixture: Awaited<ReturnType<typeof import("@/lib/testing/tricky-project").createTrickyProject>>;
let runner: PgBoss;

beforeAll(async () => {
  const url = await useTestDatabase();
  ({ db } = await import("@/lib/db"));
  jobs = await import("@/lib/server/import/import-jobs");
  ({ importAnnotationFilesFor: direct } = await import("@/lib/server/import/import-annotation-sets"));
  queue = await import("@/lib/server/jobs/queue");
  fixture = await (await import("@/lib/testing/tricky-project")).createTrickyProject("import-jobs");
  const { startJobRunner } = await import("@/lib/server/jobs/runner");
  runner = await startJobRunner(url, { pollingIntervalSeconds: 0.5, runFigures: async () => undefined });
});

afterAll(async () => {
  await runner.stop({ graceful: false, close: true }).catch(() => undefined);
  await (await queue.senderQueue()).stop({ graceful: false, close: true }).catch(() => undefined);
});

const doccano = (spans: [number, number, string][]) => ({
  name: "more.jsonl",
  bytes: new TextEncoder().encode(JSON.stringify({ text: "Putin visited Pyongyang.", label: spans }) + "\n"),
});

async function finished(userId: string, id: string) {
  await expect.poll(async () => (await jobs.getImportJob(asUser(userId), id)).state, { timeout: 20_000, interval: 100 }).toMatch(/DONE|FAILED/);
  return jobs.getImportJob(asUser(userId), id);
}

test("a dry run's report is the direct route's; the import then writes what it reported; the uploads are gone", async () => {
  const owner = await projectAccessOf(fixture.owner.id, fixture.project.id);
  const file = doccano([[0, 5, "Person"], [14, 23, "Location"], [0, 5, "No such label"]]);
  const expected = await direct(owner, [file], { dryRun: true });

  const dry = await jobs.requestImport(owner, [file], { dryRun: true });
  expect(dry).toMatchObject({ state: "QUEUED", dryRun: true, files: 1, bytes: file.bytes.length });
  const dryDone = await finished(fixture.owner.id, dry.id);
  expect(dryDone.state).toBe("DONE");
  expect(dryDone.report).toEqual(JSON.parse(JSON.stringify(expected)));
  expect(await db.annotation.count({ where: { documentId: fixture.plainId } })).toBe(0);

  const real = await finished(fixture.owner.id, (await jobs.requestImport(owner, [file])).id);
  expect(real.report).toMatchObject({ kind: "annotations", dryRun: false, totals: { accepted: 2, refused: 1 } });
  const stored = await db.annotation.findMany({ where: { documentId: fixture.plainId }, select: { exact: true, authorId: true } });
  expect(stored.map((a) => a.exact).sort()).toEqual(["Putin", "Pyongyang"]);
  expect(stored.every((a) => a.authorId === fixture.owner.id)).toBe(true);
  expect(await db.importUpload.count({ where: { job: { projectId: fixture.project.id } } })).toBe(0);
});

test("annotators cannot upload; nobody but the uploader reads the outcome; a file that cannot be read fails with the reason and writes nothing", async () => {
  await expect(jobs.requestImport(await projectAccessOf(fixture.amina.id, fixture.project.id), [doccano([[0, 5, "Person"]])])).rejects.toThrow("This needs the CURATOR role");
  const owner = await projectAccessOf(fixture.owner.id, fixture.project.id);
  const before = await db.annotation.count({ where: { projectId: fixture.project.id } });
  const bad = await jobs.requestImport(owner, [{ name: "backup.json", bytes: new TextEncoder().encode('{"format":"annotation-workbench","version":99') }]);
  const outcome = await finished(fixture.owner.id, bad.id);
  expect(outcome.state === "FAILED" ? outcome.error : JSON.stringify(outcome.report)).toMatch(/JSON|read|format/i);
  expect(await db.annotation.count({ where: { projectId: fixture.project.id } })).toBe(before);
  await expect(jobs.getImportJob(asUser(fixture.amina.id), bad.id)).rejects.toThrow("No import with this id");
  await expect(jobs.getImportJob(asUser(fixture.owner.id), "not-an-id")).rejects.toThrow("No import with this id");
  await expect(jobs.requestImport(owner, [])).rejects.toThrow("No files");
});

test("review findings: an upload of more files than an import takes (2,000, written in one statement) is refused before anything is stored; a revoked token's upload is not imported", async () => {
  const { readUpload } = await import("@/lib/server/import/read-upload");
  const form = new FormData();
  for (let i = 0; i < 2001; i++) form.append("files", new File(["x"], `f${i}.txt`));
  await expect(readUpload(new Request("http://workbench.test/api/projects/x/imports", { method: "POST", body: form }))).rejects.toMatchObject({ status: 413, message: "At most 2000 files at once." });

  const token = await db.apiToken.create({ data: { userId: fixture.owner.id, name: "script", tokenHash: `h-import-${fixture.project.id}`, prefix: "awb_xxxx", access: "READ_WRITE" } });
  const { resolveProject, tokenCaller } = await import("@/lib/server/authz");
  const viaToken = await resolveProject(tokenCaller(fixture.owner.id, { tokenId: token.id, projectIds: [fixture.project.id], readOnly: false }), fixture.project.id, "curate");
  await runner.stop({ graceful: true, close: true, wait: true });
  const job = await jobs.requestImport(viaToken, [doccano([[0, 5, "Location"]])]);
  await db.apiToken.delete({ where: { id: token.id } });
  await jobs.runImportJob(job.id);
  expect(await db.importJob.findUniqueOrThrow({ where: { id: job.id } })).toMatchObject({ state: "FAILED", error: expect.stringContaining("revoked") });
  expect(await db.importUpload.count({ where: { jobId: job.id } })).toBe(0);
});

test("a person's identical tag made while an import runs: the import fails whole, and its error names the annotation already there", async () => {
  // The job is run here, at the moment the test chooses.
  await runner.stop({ graceful: true, close: true, wait: true }).catch(() => undefined);
  const { uuidv7 } = await import("@/lib/ids");
  const owner = await projectAccessOf(fixture.owner.id, fixture.project.id);
  const person = fixture.labels.find((l) => l.name === "Person")!.id;
  const before = await db.annotation.count({ where: { documentId: fixture.plainId } });
  const job = await jobs.requestImport(owner, [doccano([[0, 5, "Location"], [6, 13, "Person"]])]);

  // The owner tags "visited" as Person in the viewer while the import runs: their write holds the
  // document's change lock (as every annotation write does) when the import comes to write there.
  const racing = uuidv7();
  let run: Promise<void> | undefined;
  await db.$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${fixture.plainId}))`;
      run = jobs.runImportJob(job.id);
      // The import has checked what is there (not this tag yet) and waits for the lock to write.
      // Asked outside this transaction: within one, pg_stat_activity keeps its first snapshot.
      await expect
        .poll(async () => (await db.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND wait_event = 'advisory' AND datname = current_database()`)[0].n, { timeout: 20_000, interval: 50 })
        .toBeGreaterThan(0);
      await tx.annotation.create({
        data: { id: racing, projectId: fixture.project.id, documentId: fixture.plainId, labelId: person, authorId: fixture.owner.id, start: 6, end: 13, exact: "visited", prefix: "Putin ", suffix: " Pyongyang." },
      });
    },
    { timeout: 30_000 },
  );
  await run;

  const failed = await jobs.getImportJob(asUser(fixture.owner.id), job.id);
  expect(failed.state).toBe("FAILED");
  expect(failed.error).toContain(`tagged “visited” as Person in "Plain" (annotation ${racing})`);
  expect(failed.error).toMatch(/^Nothing was imported/);
  // Whole or nothing: the import's other span (Putin as Location) was not written either.
  expect(await db.annotation.count({ where: { documentId: fixture.plainId } })).toBe(before + 1);

  // As the message says: imported again, that span is reported as already there.
  const again = await direct(owner, [doccano([[0, 5, "Location"], [6, 13, "Person"]])]);
  expect(again).toMatchObject({ totals: { accepted: 1, duplicate: 1 } });
});
