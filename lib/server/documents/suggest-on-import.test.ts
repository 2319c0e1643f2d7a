// Suggestions on import as a job, on a real PostgreSQL and the real queue: the import request does
// no matching (it answers with nothing suggested yet and the document marked pending), the queued
// job makes the suggestions on a worker thread of the runner, as the importer with their access
// resolved again, and running it twice adds nothing.
import { afterAll, beforeAll, expect, test } from "vitest";
import type PgBoss from "pg-boss";
import { useTestDatabase } from "@/lib/testing/test-database";
import { documentAccessOf, projectAccessOf } from "@/lib/testing/access";
import type { SuggestionsJobMessage } from "@/lib/server/jobs/queue";

let url: string;
let db: typeof import("@/lib/db").db;
let importDocuments: typeof import("@/lib/server/documents/import-documents").importDocuments;
let onImport: typeof import("@/lib/server/documents/suggest-on-import");
let queue: typeof import("@/lib/server/jobs/queue");
let listSuggestions: typeof import("@/lib/server/knowledge/list-document-suggestions").listDocumentSuggestions;
const runners: PgBoss[] = [];

beforeAll(async () => {
  url = await useTestDatabase();
  ({ db } = await import("@/lib/db"));
  ({ importDocuments } = await import("@/lib/server/documents/import-documents"));
  onImport = await import("@/lib/server/documents/suggest-on-import");
  queue = await import("@/lib/server/jobs/queue");
  ({ listDocumentSuggestions: listSuggestions } = await import("@/lib/server/knowledge/list-document-suggestions"));
});

afterAll(async () => {
  for (const runner of runners) await runner.stop({ graceful: false, close: true }).catch(() => undefined);
  await (await import("@/lib/server/jobs/run-in-worker")).closeWorkers();
  await (await queue.senderQueue()).stop({ graceful: false, close: true }).catch(() => undefined);
});

let n = 0;
async function project({ entity = true } = {}) {
  const { createProject } = await import("@/lib/server/projects/create-project");
  const { createCanonicalItem } = await import("@/lib/server/knowledge/create-canonical-item");
  const owner = await db.user.create({ data: { email: `owner-${++n}-${Date.now()}@soi.test`, name: "owner" } });
  const created = await createProject(owner.id, { name: `Suggest on import ${n}`, description: "", annotatorsSee: "OWN", annotatorsSeeGold: false, viewersSee: "GOLD" });
  const access = await projectAccessOf(owner.id, created.id);
  if (entity) await createCanonicalItem(access, { kind: "ENTITY", name: "Kim Jong Un", aliases: [], description: "" });
  return { owner, projectId: created.id, access };
}

const draft = (name: string, text: string) => ({ name, fileName: name, text, meta: { title: name } });
const codePoints = (text: string, needle: string) => [...text.slice(0, text.indexOf(needle))].length;

/** The messages queued for these documents (and not yet taken by a runner). */
async function queuedFor(documentId: string): Promise<SuggestionsJobMessage[]> {
  const rows = await db.$queryRaw<{ data: SuggestionsJobMessage }[]>`SELECT data FROM pgboss.job WHERE name = ${queue.SUGGESTIONS_QUEUE} AND state = 'created'`;
  return rows.map((r) => r.data).filter((m) => m.documentIds.includes(documentId));
}

test("an import naming a known entity 40,000 times answers before anything is suggested; the job it queued makes the suggestions", async () => {
  const { access, owner } = await project();
  const short = "🇷🇺 Later, Kim Jong Un visited Moscow.";
  const long = "Kim Jong Un spoke. ".repeat(40_000);
  const result = await importDocuments(access, [draft("short.txt", short), draft("long.txt", long)], { trim: false, dryRun: false });
  const [shortId, longId] = result.report.map((r) => r.documentId!);
  // The request did no matching: nothing is suggested yet, and the documents wait for one job.
  expect(await db.suggestion.count({ where: { documentId: { in: [shortId, longId] } } })).toBe(0);
  expect(await onImport.suggestionsPending(longId)).toBe(true);
  expect(await queuedFor(longId)).toEqual([{ projectId: access.projectId, userId: owner.id, tokenId: null, documentIds: [shortId, longId] }]);

  const { startJobRunner } = await import("@/lib/server/jobs/runner");
  const runner = await startJobRunner(url, { pollingIntervalSeconds: 0.5, runFigures: async () => undefined });
  runners.push(runner);
  try {
    await expect.poll(() => onImport.suggestionsPending(longId), { timeout: 60_000, interval: 200 }).toBe(false);
    const suggested = await listSuggestions(await documentAccessOf(owner.id, shortId));
    expect(suggested.map((s) => [s.exact, s.start, s.item.name])).toEqual([["Kim Jong Un", codePoints(short, "Kim"), "Kim Jong Un"]]);
    expect(await db.suggestion.count({ where: { documentId: longId } })).toBeGreaterThan(0);
  } finally {
    await runner.stop({ graceful: false, close: true });
  }
}, 90_000);

test("the job runs as the importer with their access resolved again: demoted before it runs, nothing is suggested", async () => {
  const { access } = await project();
  const curator = await db.user.create({ data: { email: `curator-${Date.now()}@soi.test`, name: "curator" } });
  await db.membership.create({ data: { projectId: access.projectId, userId: curator.id, role: "CURATOR" } });
  const result = await importDocuments(await projectAccessOf(curator.id, access.projectId), [draft("a.txt", "Kim Jong Un met the delegation.")], { trim: false, dryRun: false });
  const documentId = result.report[0].documentId!;
  const [message] = await queuedFor(documentId);
  await db.membership.update({ where: { projectId_userId: { projectId: access.projectId, userId: curator.id } }, data: { role: "ANNOTATOR" } });
  expect(await onImport.runSuggestionsJob(message)).toEqual({ skipped: "the importer may no longer import into this project" });
  expect(await db.suggestion.count({ where: { documentId } })).toBe(0);
  // Not left pending: the viewer stops asking.
  expect(await onImport.suggestionsPending(documentId)).toBe(false);
});

test("running the job again suggests nothing more; an import into a project with nothing to suggest queues no job", async () => {
  const { access } = await project();
  const result = await importDocuments(access, [draft("b.txt", "Kim Jong Un met the delegation.")], { trim: false, dryRun: false });
  const documentId = result.report[0].documentId!;
  const [message] = await queuedFor(documentId);
  expect(await onImport.runSuggestionsJob(message)).toEqual({ suggested: 1 });
  expect(await onImport.runSuggestionsJob(message)).toEqual({ suggested: 0 });
  expect(await db.suggestion.count({ where: { documentId } })).toBe(1);

  const bare = await project({ entity: false });
  const plain = await importDocuments(bare.access, [draft("c.txt", "Kim Jong Un met the delegation.")], { trim: false, dryRun: false });
  const plainId = plain.report[0].documentId!;
  expect(await onImport.suggestionsPending(plainId)).toBe(false);
  expect(await queuedFor(plainId)).toEqual([]);
});
