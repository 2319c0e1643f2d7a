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
