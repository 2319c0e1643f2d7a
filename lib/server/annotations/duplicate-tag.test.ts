// Issue 16: "The same person tagging the same span with the same label twice is refused with a
// message naming the existing annotation (a project setting may allow stacking)."
import pg from "pg";
import { beforeAll, expect, test, vi } from "vitest";
import { uuidv7 } from "@/lib/ids";
import { useTestDatabase } from "@/lib/testing/test-database";
import { asUser } from "@/lib/testing/access";

const session = vi.hoisted(() => ({ userId: "" }));
vi.mock("@/lib/auth", () => ({ auth: async () => (session.userId ? { user: { id: session.userId } } : null) }));

let db: typeof import("@/lib/db").db;
let createProject: typeof import("@/lib/server/projects/create-project").createProject;
let route: typeof import("@/app/api/documents/[id]/annotations/route");
let stepByStep: typeof import("@/lib/server/annotations/create-annotation").createAnnotationStepByStep;
let change: typeof import("@/lib/server/annotations/change-annotation");

beforeAll(async () => {
  await useTestDatabase();
  ({ db } = await import("@/lib/db"));
  ({ createProject } = await import("@/lib/server/projects/create-project"));
  ({ createAnnotationStepByStep: stepByStep } = await import("@/lib/server/annotations/create-annotation"));
  change = await import("@/lib/server/annotations/change-annotation");
  route = await import("@/app/api/documents/[id]/annotations/route");
});

const TEXT = "Kim Jong Un met Putin in Vladivostok.";
let n = 0;

async function setup(settings: { allowStackedTags?: boolean } = {}) {
  n++;
  const [owner, annotator] = await Promise.all(["owner", "annotator"].map((r) => db.user.create({ data: { email: `${r}${n}@dup-tag.test`, name: r } })));
  const project = await createProject(owner.id, { name: `Dup ${n}`, description: "" });
  if (settings.allowStackedTags) await db.project.update({ where: { id: project.id }, data: { allowStackedTags: true } });
  await db.membership.create({ data: { projectId: project.id, userId: annotator.id, role: "ANNOTATOR" } });
  const doc = await db.document.create({ data: { projectId: project.id, title: "Doc", text: TEXT, contentHash: `dup${n}`, length: TEXT.length } });
  const labels = await db.label.findMany({ where: { projectId: project.id } });
  const label = (name: string) => labels.find((l) => l.name === name)!.id;
  const putin = (labelId: string) => ({ id: uuidv7(), labelId, start: 16, end: 21, exact: "Putin", attributes: {}, note: "" });
  async function post(userId: string, body: unknown) {
    session.userId = userId;
    const req = new Request("http://local/x", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    const response = await route.POST(req, { params: Promise.resolve({ id: doc.id }) });
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- answers are checked field by field below
    return { status: response.status, body: (await response.json()) as any };
  }
  return { owner, annotator, project, doc, label, putin, post };
}

test("the same person's same label on the same span is refused with 409 naming the existing annotation; nothing is written", async () => {
  const { annotator, doc, label, putin, post } = await setup();
  const first = await post(annotator.id, putin(label("Person")));
  expect(first.status).toBe(201);
  const second = await post(annotator.id, putin(label("Person")));
  expect(second.status).toBe(409);
  expect(second.body.error).toContain("“Putin”");
  expect(second.body.error).toContain("Person");
  expect(second.body.error).toContain(first.body.id);
  expect(second.body.details.existing).toEqual({ id: first.body.id, label: "Person", labelId: label("Person"), quote: "Putin" });
  expect(await db.annotation.count({ where: { documentId: doc.id } })).toBe(1);
  // The step-by-step path (what the one statement falls back to) refuses alike.
  await expect(stepByStep(asUser(annotator.id), doc.id, putin(label("Person")))).rejects.toMatchObject({ status: 409, details: { existing: { id: first.body.id } } });
  // A retry of the first create is still answered as a retry, not as a duplicate.
  const retry = await post(annotator.id, { ...putin(label("Person")), id: first.body.id });
  expect(retry.status).toBe(200);
});

test("a different label, another person, another span or a deleted earlier tag do not count as duplicates", async () => {
  const { owner, annotator, doc, label, putin, post } = await setup();
  const first = await post(annotator.id, putin(label("Person")));
  expect((await post(annotator.id, putin(label("Location")))).status).toBe(201);
  expect((await post(owner.id, putin(label("Person")))).status).toBe(201);
  expect((await post(annotator.id, { ...putin(label("Person")), start: 25, end: 36, exact: "Vladivostok" })).status).toBe(201);
  await change.deleteAnnotation(asUser(annotator.id), first.body.id, first.body.version);
  expect((await post(annotator.id, putin(label("Person")))).status).toBe(201);
  expect(await db.annotation.count({ where: { documentId: doc.id, deletedAt: null } })).toBe(4);
});

test("a project that allows stacking accepts the same tag twice", async () => {
  const { annotator, doc, label, putin, post } = await setup({ allowStackedTags: true });
  expect((await post(annotator.id, putin(label("Person")))).status).toBe(201);
  expect((await post(annotator.id, putin(label("Person")))).status).toBe(201);
  await stepByStep(asUser(annotator.id), doc.id, putin(label("Person")));
  expect(await db.annotation.count({ where: { documentId: doc.id } })).toBe(3);
});

// The database refuses the duplicate (trigger annotation_no_duplicate_tag), so neither a race nor
// an update gets round it.

async function patch(userId: string, id: string, body: unknown) {
  session.userId = userId;
  const annotationRoute = await import("@/app/api/annotations/[id]/route");
  const req = new Request("http://local/x", { method: "PATCH", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  const response = await annotationRoute.PATCH(req, { params: Promise.resolve({ id }) });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- answers are checked field by field below
  return { status: response.status, body: (await response.json()) as any };
}

/**
 * Runs `run` while another transaction holds the document's change lock, and lets go once
 * `waiters` requests queue for it: they all started (and took their snapshots) before any of them
 * wrote — the race, made certain instead of left to timing.
 */
async function whileDocumentLocked<T>(documentId: string, waiters: number, run: () => Promise<T>): Promise<T> {
  const holder = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await holder.connect();
  try {
    await holder.query("BEGIN");
    await holder.query("SELECT pg_advisory_xact_lock(hashtext($1))", [documentId]);
    const running = run();
    const queued = async () =>
      Number((await holder.query(`SELECT count(*) AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`)).rows[0].n);
    await expect.poll(queued, { timeout: 10_000 }).toBe(waiters);
    await holder.query("COMMIT");
    return await running;
  } finally {
    await holder.end();
  }
}

test("identical creates sent at once: exactly one is created, the others get 409 naming it", async () => {
  const { annotator, doc, label, putin, post } = await setup();
  await post(annotator.id, { ...putin(label("Other entity")), start: 0, end: 3, exact: "Kim" }); // the document's text cached, as in a running server
  // Straight through the route handler (one statement each), all in flight together.
  const send = () => {
    session.userId = annotator.id;
    const req = new Request("http://local/x", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(putin(label("Person"))) });
    return route.POST(req, { params: Promise.resolve({ id: doc.id }) }).then(async (r) => ({ status: r.status, body: await r.json() }));
  };
  const answers = await whileDocumentLocked(doc.id, 6, () => Promise.all(Array.from({ length: 6 }, send)));
  expect(answers.map((a) => a.status).sort()).toEqual([201, 409, 409, 409, 409, 409]);
  const kept = await db.annotation.findMany({ where: { documentId: doc.id, labelId: label("Person"), deletedAt: null } });
  expect(kept).toHaveLength(1);
  for (const refused of answers.filter((a) => a.status === 409)) {
    expect(refused.body.error).toContain(kept[0].id);
    expect(refused.body.details.existing).toEqual({ id: kept[0].id, label: "Person", labelId: label("Person"), quote: "Putin" });
  }
  // The step-by-step path racing the one statement: the same.
  const viaSteps = () => stepByStep(asUser(annotator.id), doc.id, putin(label("Location"))).then(() => 201, (e: { status?: number }) => e.status ?? 500);
  const mixed = await whileDocumentLocked(doc.id, 3, () => Promise.all([post(annotator.id, putin(label("Location"))).then((a) => a.status), viaSteps(), viaSteps()]));
  expect(mixed.sort()).toEqual([201, 409, 409]);
  expect(await db.annotation.count({ where: { documentId: doc.id, labelId: label("Location"), deletedAt: null } })).toBe(1);
});

test("a relabel or a moved span that makes the annotation the same as another of the same person's is refused with 409; nothing changes", async () => {
  const { owner, annotator, doc, label, putin, post } = await setup();
  const person = (await post(annotator.id, putin(label("Person")))).body;
  const location = (await post(annotator.id, putin(label("Location")))).body;
  // PATCH relabel (the one-statement path).
  const relabel = await patch(annotator.id, location.id, { version: location.version, labelId: label("Person") });
  expect(relabel.status).toBe(409);
  expect(relabel.body.error).toContain("“Putin”");
  expect(relabel.body.error).toContain(person.id);
  expect(relabel.body.details.existing).toMatchObject({ id: person.id, label: "Person" });
  // PATCH moving a span onto the same tag (the step-by-step path).
  const elsewhere = (await post(annotator.id, { ...putin(label("Person")), start: 25, end: 36, exact: "Vladivostok" })).body;
  const moved = await patch(annotator.id, elsewhere.id, { version: elsewhere.version, start: 16, end: 21, exact: "Putin" });
  expect(moved.status).toBe(409);
  expect(moved.body.details.existing.id).toBe(person.id);
  // The same through the step-by-step update directly (what undo and redo send is a PATCH like these).
  await expect(change.updateAnnotationStepByStep(asUser(annotator.id), location.id, { version: location.version, labelId: label("Person") })).rejects.toMatchObject({ status: 409 });
  const after = await db.annotation.findMany({ where: { documentId: doc.id }, orderBy: { createdAt: "asc" }, select: { id: true, labelId: true, start: true, version: true } });
  expect(after).toEqual([
    { id: person.id, labelId: label("Person"), start: 16, version: 1 },
    { id: location.id, labelId: label("Location"), start: 16, version: 1 },
    { id: elsewhere.id, labelId: label("Person"), start: 25, version: 1 },
  ]);
  // Changing only the note of an annotation is no new duplicate; another person's same tag is none either.
  expect((await patch(annotator.id, person.id, { version: person.version, note: "checked" })).status).toBe(200);
  const theirs = (await post(owner.id, putin(label("Location")))).body;
  expect((await patch(owner.id, theirs.id, { version: theirs.version, labelId: label("Person") })).status).toBe(200);
  // Once the first is deleted, the relabel goes through.
  await change.deleteAnnotation(asUser(annotator.id), person.id, 2);
  expect((await patch(annotator.id, location.id, { version: location.version, labelId: label("Person") })).status).toBe(200);
});

test("no write path gets round it: a plain INSERT or UPDATE is refused by the database, and any route answers 409, not 500", async () => {
  const { annotator, project, doc, label, putin, post } = await setup();
  const first = (await post(annotator.id, putin(label("Person")))).body;
  const insert = db.$executeRaw`
    INSERT INTO "Annotation" (id, "projectId", "documentId", "labelId", "authorId", start, "end", exact, prefix, suffix, "updatedAt")
    VALUES (${uuidv7()}::uuid, ${project.id}::uuid, ${doc.id}::uuid, ${label("Person")}::uuid, ${annotator.id}::uuid, 16, 21, 'Putin', '', '', now())`;
  const error = await insert.catch((e: unknown) => e);
  const { duplicateTagConflict } = await import("@/lib/server/annotations/duplicate-tag");
  expect(duplicateTagConflict(error)).toMatchObject({ status: 409, details: { existing: { id: first.id } } });
  const { errorResponse } = await import("@/lib/server/http/route");
  const response = errorResponse(error);
  expect(response.status).toBe(409);
  expect((await response.json()).error).toContain(first.id);
  const second = (await post(annotator.id, { ...putin(label("Location")) })).body;
  await expect(db.annotation.update({ where: { id: second.id }, data: { labelId: label("Person") } })).rejects.toSatisfy((e: unknown) => duplicateTagConflict(e)?.status === 409);
  // Gold copies of the same span are a separate layer.
  await db.annotation.create({ data: { id: uuidv7(), projectId: project.id, documentId: doc.id, labelId: label("Person"), authorId: annotator.id, start: 16, end: 21, exact: "Putin", prefix: "", suffix: "", gold: true } });
  expect(await db.annotation.count({ where: { documentId: doc.id, deletedAt: null } })).toBe(3);
});

test("a project that allows stacking accepts a relabel onto the same tag", async () => {
  const { annotator, label, putin, post } = await setup({ allowStackedTags: true });
  await post(annotator.id, putin(label("Person")));
  const other = (await post(annotator.id, putin(label("Location")))).body;
  expect((await patch(annotator.id, other.id, { version: other.version, labelId: label("Person") })).status).toBe(200);
});

test("putting back what was there is no new tag: a deleted document comes back with the stacked tags it had, after stacking was switched off", async () => {
  const { owner, annotator, project, doc, label, putin, post } = await setup({ allowStackedTags: true });
  await post(annotator.id, putin(label("Person")));
  await post(annotator.id, putin(label("Person")));
  await db.project.update({ where: { id: project.id }, data: { allowStackedTags: false } });
  const { documentAccessOf, projectAccessOf } = await import("@/lib/testing/access");
  const documents = await import("@/lib/server/documents/delete-document");
  await documents.deleteDocument(await documentAccessOf(owner.id, doc.id));
  const restored = await documents.restoreDocument(await projectAccessOf(owner.id, project.id), doc.id);
  expect(restored.annotations).toBe(2);
  expect(await db.annotation.count({ where: { documentId: doc.id, deletedAt: null } })).toBe(2);
  // A new one is still refused.
  expect((await post(annotator.id, putin(label("Person")))).status).toBe(409);
});
