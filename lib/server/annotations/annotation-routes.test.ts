// The annotation routes that check access inside their one statement (create, update, list): the
// same answers as checking first — 401, 404 for strangers, 403 for viewers, 400/422 for bad input
// — plus what a live client relies on: a NOTIFY per committed change, ids in canonical form, and a
// change sequence that a client catching up with ?since never skips under concurrent writes.
import { beforeAll, expect, test, vi } from "vitest";
import pg from "pg";
import { uuidv7 } from "@/lib/ids";
import { useTestDatabase } from "@/lib/testing/test-database";
import { asUser, documentAccessOf } from "@/lib/testing/access";

// Annotators (and viewers) see each other's work here, as these tests assume; lib/server/visibility.test.ts covers the default.
const SHARED = { annotatorsSee: "EVERYONE", viewersSee: "EVERYONE" } as const;

const session = vi.hoisted(() => ({ userId: "" }));
vi.mock("@/lib/auth", () => ({ auth: async () => (session.userId ? { user: { id: session.userId } } : null) }));

let url: string;
let db: typeof import("@/lib/db").db;
let createProject: typeof import("@/lib/server/projects/create-project").createProject;
let annotations: typeof import("@/app/api/documents/[id]/annotations/route");
let annotation: typeof import("@/app/api/annotations/[id]/route");
let sqlPool: typeof import("@/lib/server/db/sql-pool").sqlPool;

beforeAll(async () => {
  url = await useTestDatabase();
  ({ db } = await import("@/lib/db"));
  ({ createProject } = await import("@/lib/server/projects/create-project"));
  ({ sqlPool } = await import("@/lib/server/db/sql-pool"));
  annotations = await import("@/app/api/documents/[id]/annotations/route");
  annotation = await import("@/app/api/annotations/[id]/route");
});

type Handler<P> = (req: Request, ctx: { params: Promise<P> }) => Promise<Response>;
async function call<P extends Record<string, string>>(handler: Handler<P>, params: P, { method = "GET", query = "", body }: { method?: string; query?: string; body?: unknown } = {}) {
  const req = new Request(`http://local/x${query}`, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
  const response = await handler(req, { params: Promise.resolve(params) });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- answers are checked field by field below
  return { status: response.status, body: (await response.json()) as any };
}

const TEXT = "👍 Kim Jong Un met Putin in Vladivostok. Kim Jong Un again.";
const cp = (s: string, from = 0) => [...TEXT.slice(0, TEXT.indexOf(s, from))].length;
let n = 0;

async function setup() {
  n++;
  const [owner, annotator, viewer, stranger] = await Promise.all(
    ["owner", "annotator", "viewer", "stranger"].map((r) => db.user.create({ data: { email: `${r}${n}@one-statement.test`, name: r } })),
  );
  const project = await createProject(owner.id, { name: `One statement ${n}`, description: "", ...SHARED });
  await db.membership.createMany({ data: [{ projectId: project.id, userId: annotator.id, role: "ANNOTATOR" }, { projectId: project.id, userId: viewer.id, role: "VIEWER" }] });
  const doc = await db.document.create({ data: { projectId: project.id, title: "Doc", text: TEXT, contentHash: `one${n}`, length: [...TEXT].length } });
  const labels = await db.label.findMany({ where: { projectId: project.id } });
  const label = (name: string) => labels.find((l) => l.name === name)!.id;
  const span = (word: string, from = 0) => ({ start: cp(word, from), end: cp(word, from) + [...word].length, exact: word });
  return { owner, annotator, viewer, stranger, project, doc, label, span };
}

async function listen() {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const heard: { documentId: string; id: string }[] = [];
  client.on("notification", (m) => heard.push(JSON.parse(m.payload!)));
  await client.query("LISTEN annotation_changes");
  return {
    heard,
    async settle() {
      await client.query("SELECT 1");
      await new Promise((r) => setTimeout(r, 50));
    },
    end: () => client.end(),
  };
}

test("create: 401, 404 for strangers (even with a bad body), 403 for viewers, then 201 with a NOTIFY; a retry is 200", async () => {
  const { annotator, viewer, stranger, doc, label, span } = await setup();
  const body = { id: uuidv7(), labelId: label("Person"), ...span("Putin"), attributes: {}, note: "" };
  const p = { id: doc.id };
  session.userId = "";
  expect((await call(annotations.POST, p, { method: "POST", body })).status).toBe(401);
  session.userId = stranger.id;
  expect((await call(annotations.POST, p, { method: "POST", body })).status).toBe(404);
  expect((await call(annotations.POST, p, { method: "POST", body: "{not json" })).status).toBe(404);
  expect((await call(annotations.POST, { id: uuidv7() }, { method: "POST", body })).status).toBe(404);
  session.userId = viewer.id;
  expect((await call(annotations.POST, p, { method: "POST", body })).status).toBe(403);
  session.userId = annotator.id;
  expect((await call(annotations.POST, p, { method: "POST", body: { ...body, id: "not-a-uuid" } })).status).toBe(400);

  const live = await listen();
  // An upper-case document id in the URL stores and announces the canonical id.
  const created = await call(annotations.POST, { id: doc.id.toUpperCase() }, { method: "POST", body });
  expect(created.status).toBe(201);
  expect(created.body).toMatchObject({ id: body.id, documentId: doc.id, authorId: annotator.id, start: body.start, exact: "Putin", prefix: "👍 Kim Jong Un met ", suffix: " in Vladivostok. Kim Jong Un aga", version: 1, deleted: false });
  expect(typeof created.body.seq).toBe("number");
  await live.settle();
  expect(live.heard).toEqual([{ documentId: doc.id, id: body.id }]);
  const history = await db.annotationHistory.findMany({ where: { annotationId: body.id } });
  expect(history.map((h) => [h.action, h.version, h.actorId, h.before])).toEqual([["CREATE", 1, annotator.id, null]]);
  expect(history[0].after).toEqual({ labelId: body.labelId, start: body.start, end: body.end, exact: "Putin", attributes: {}, note: "", version: 1 });

  const retry = await call(annotations.POST, p, { method: "POST", body });
  expect(retry.status).toBe(200);
  expect(retry.body.seq).toBe(created.body.seq);
  // Someone else reusing the id: 409, and nothing announced for either.
  session.userId = viewer.id;
  await db.membership.update({ where: { projectId_userId: { projectId: doc.projectId, userId: viewer.id } }, data: { role: "ANNOTATOR" } });
  expect((await call(annotations.POST, p, { method: "POST", body })).status).toBe(409);
  await live.settle();
  expect(live.heard).toHaveLength(1);
  await live.end();
});

test("create: bad spans, labels of another project and attributes of the wrong kind are refused and leave nothing behind", async () => {
  const { owner, doc, label, span } = await setup();
  const other = await setup();
  session.userId = owner.id;
  const p = { id: doc.id };
  const base = { labelId: label("Person"), attributes: {}, note: "" };
  const utf16 = TEXT.indexOf("Putin");
  expect((await call(annotations.POST, p, { method: "POST", body: { ...base, id: uuidv7(), start: utf16, end: utf16 + 5, exact: "Putin" } })).status).toBe(422);
  expect((await call(annotations.POST, p, { method: "POST", body: { ...base, id: uuidv7(), start: 3, end: 3, exact: "x" } })).status).toBe(400);
  expect((await call(annotations.POST, p, { method: "POST", body: { ...base, id: uuidv7(), labelId: other.label("Person"), ...span("Putin") } })).status).toBe(400);
  expect((await call(annotations.POST, p, { method: "POST", body: { ...base, id: uuidv7(), ...span("Putin"), attributes: { stance: "critical" } } })).status).toBe(400);
  expect((await call(annotations.POST, p, { method: "POST", body: { ...base, id: uuidv7(), labelId: label("Claim"), ...span("met Putin"), attributes: { claimantId: uuidv7() } } })).status).toBe(400);
  expect(await db.annotation.count({ where: { documentId: doc.id } })).toBe(0);
  expect(await db.annotationHistory.count({ where: { annotation: { documentId: doc.id } } })).toBe(0);

  const kim = await call(annotations.POST, p, { method: "POST", body: { ...base, id: uuidv7(), ...span("Kim Jong Un"), attributes: { canonicalName: " Kim Jong Un " } } });
  expect(kim.body.attributes).toEqual({ canonicalName: "Kim Jong Un" });
  const claim = await call(annotations.POST, p, { method: "POST", body: { ...base, id: uuidv7(), labelId: label("Claim"), ...span("met Putin"), attributes: { claimantId: kim.body.id, stance: "supportive" } } });
  expect(claim.status).toBe(201);
  expect(claim.body.attributes).toEqual({ claimantId: kim.body.id, stance: "supportive" });
});

test("update: strangers 404, others' annotations 403, stale versions 409 with the current state; a change is announced and logged with before and after", async () => {
  const { owner, annotator, stranger, doc, label, span } = await setup();
  session.userId = annotator.id;
  const made = (await call(annotations.POST, { id: doc.id }, { method: "POST", body: { id: uuidv7(), labelId: label("Person"), ...span("Putin"), attributes: {}, note: "" } })).body;
  const p = { id: made.id };
  session.userId = stranger.id;
  expect((await call(annotation.PATCH, p, { method: "PATCH", body: { version: 1, note: "x" } })).status).toBe(404);
  session.userId = owner.id;
  expect((await call(annotation.PATCH, p, { method: "PATCH", body: { version: 1, note: "x" } })).status).toBe(403);

  session.userId = annotator.id;
  const live = await listen();
  const changed = await call(annotation.PATCH, p, { method: "PATCH", body: { version: 1, note: "President of Russia", labelId: label("Location") } });
  expect(changed.status).toBe(200);
  expect(changed.body).toMatchObject({ version: 2, note: "President of Russia", labelId: label("Location"), reviewState: "PENDING", exact: "Putin" });
  expect(changed.body.seq).toBeGreaterThan(made.seq);
  await live.settle();
  expect(live.heard).toEqual([{ documentId: doc.id, id: made.id }]);
  const [, update] = await db.annotationHistory.findMany({ where: { annotationId: made.id }, orderBy: { version: "asc" } });
  expect(update).toMatchObject({ action: "UPDATE", version: 2, actorId: annotator.id });
  expect(update.before).toMatchObject({ labelId: label("Person"), note: "", version: 1 });
  expect(update.after).toMatchObject({ labelId: label("Location"), note: "President of Russia", version: 2 });

  const stale = await call(annotation.PATCH, p, { method: "PATCH", body: { version: 1, note: "stale" } });
  expect(stale.status).toBe(409);
  expect(stale.body.details.current).toMatchObject({ version: 2, note: "President of Russia" });
  await live.settle();
  expect(live.heard).toHaveLength(1);
  await live.end();

  // Attributes are checked against the (new) label's kind, stored ones too when the label changes.
  expect((await call(annotation.PATCH, p, { method: "PATCH", body: { version: 2, attributes: { stance: "critical" } } })).status).toBe(400);
  const named = await call(annotation.PATCH, p, { method: "PATCH", body: { version: 2, attributes: { canonicalName: "Vladimir Putin" } } });
  expect(named.body).toMatchObject({ version: 3, attributes: { canonicalName: "Vladimir Putin" } });
  expect((await call(annotation.PATCH, p, { method: "PATCH", body: { version: 3, labelId: label("Claim") } })).status).toBe(400);
  const moved = await call(annotation.PATCH, p, { method: "PATCH", body: { version: 3, ...span("Vladivostok") } });
  expect(moved.body).toMatchObject({ version: 4, exact: "Vladivostok", prefix: "👍 Kim Jong Un met Putin in " });
});

test("numbers past PostgreSQL's 32-bit integer are refused as bad input (400), never a 500, and change nothing", async () => {
  const { annotator, doc, label, span } = await setup();
  session.userId = annotator.id;
  const made = (await call(annotations.POST, { id: doc.id }, { method: "POST", body: { id: uuidv7(), labelId: label("Person"), ...span("Putin"), attributes: {}, note: "" } })).body;
  const p = { id: made.id };
  for (const big of [2 ** 31, 2 ** 53, 1e300]) {
    const patched = await call(annotation.PATCH, p, { method: "PATCH", body: { version: big, note: "x" } });
    expect(patched.status, `version ${big}`).toBe(400);
    expect(patched.body.issues[0].path).toBe("version");
    expect((await call(annotation.PATCH, p, { method: "PATCH", body: { version: 1, start: big, end: big + 1, exact: "x" } })).status).toBe(400);
    expect((await call(annotation.DELETE, p, { method: "DELETE", query: `?version=${big}` })).status).toBe(400);
    expect((await call(annotation.DELETE, p, { method: "DELETE", body: { version: big } })).status).toBe(400);
    expect((await call(annotations.POST, { id: doc.id }, { method: "POST", body: { id: uuidv7(), labelId: label("Person"), start: big, end: big + 5, exact: "Putin" } })).status).toBe(400);
  }
  expect(await db.annotation.findUniqueOrThrow({ where: { id: made.id } })).toMatchObject({ version: 1, note: "", deletedAt: null });
  expect(await db.annotation.count({ where: { documentId: doc.id } })).toBe(1);
});

test("list: 404 for strangers (even with a bad cursor), the cursor of a document without live annotations, and ?since with tombstones", async () => {
  const { annotator, viewer, stranger, doc, label, span } = await setup();
  const p = { id: doc.id };
  session.userId = stranger.id;
  expect((await call(annotations.GET, p)).status).toBe(404);
  expect((await call(annotations.GET, p, { query: "?since=-1" })).status).toBe(404);
  session.userId = viewer.id;
  expect(await call(annotations.GET, p)).toEqual({ status: 200, body: { annotations: [], cursor: 0 } });
  expect((await call(annotations.GET, p, { query: "?since=-1" })).status).toBe(400);

  session.userId = annotator.id;
  const first = (await call(annotations.POST, p, { method: "POST", body: { id: uuidv7(), labelId: label("Location"), ...span("Vladivostok"), attributes: {}, note: "" } })).body;
  const second = (await call(annotations.POST, p, { method: "POST", body: { id: uuidv7(), labelId: label("Person"), ...span("Kim Jong Un"), attributes: {}, note: "" } })).body;
  session.userId = viewer.id;
  const all = await call(annotations.GET, p);
  expect(all.body.annotations.map((a: { id: string }) => a.id)).toEqual([second.id, first.id]);
  expect(all.body.cursor).toBe(second.seq);

  session.userId = annotator.id;
  const deleted = await call(annotation.DELETE, { id: second.id }, { method: "DELETE", query: "?version=1" });
  session.userId = viewer.id;
  const since = await call(annotations.GET, p, { query: `?since=${first.seq}` });
  expect(since.body.annotations.map((a: { id: string; deleted: boolean }) => [a.id, a.deleted])).toEqual([[second.id, true]]);
  expect(since.body.cursor).toBe(deleted.body.seq);
  expect((await call(annotations.GET, p)).body).toEqual({ annotations: [expect.objectContaining({ id: first.id })], cursor: deleted.body.seq });
});

test("creates, updates and lists are one statement each", async () => {
  const { annotator, doc, label, span } = await setup();
  session.userId = annotator.id;
  const p = { id: doc.id };
  await call(annotations.GET, p); // loads the document's text into the cache
  const query = vi.spyOn(sqlPool(), "query");
  try {
    const made = await call(annotations.POST, p, { method: "POST", body: { id: uuidv7(), labelId: label("Person"), ...span("Putin"), attributes: {}, note: "" } });
    await call(annotation.PATCH, { id: made.body.id }, { method: "PATCH", body: { version: 1, note: "checked" } });
    await call(annotations.GET, p);
    expect(query).toHaveBeenCalledTimes(3);
  } finally {
    query.mockRestore();
  }
});

test("a client catching up with ?since never misses a change committed while many annotators write to the same document", async () => {
  const { project, doc, label, span } = await setup();
  // Each writer tags the same span many times over: stacking must be allowed for that.
  await db.project.update({ where: { id: project.id }, data: { allowStackedTags: true } });
  const writers = await Promise.all(Array.from({ length: 8 }, (_, i) => db.user.create({ data: { email: `w${i}-${n}@one-statement.test`, name: `w${i}` } })));
  await db.membership.createMany({ data: writers.map((w) => ({ projectId: project.id, userId: w.id, role: "ANNOTATOR" as const })) });
  const { createAnnotationAsMember } = await import("@/lib/server/annotations/create-annotation");
  const { updateAnnotation } = await import("@/lib/server/annotations/change-annotation");
  const { listDocumentAnnotations } = await import("@/lib/server/annotations/list-annotations");
  const seen = new Map<string, number>();
  const docAccess = await documentAccessOf(writers[0].id, doc.id);
  let cursor = 0;
  let writing = true;
  const poller = (async () => {
    while (writing) {
      const { annotations: changes, cursor: next } = await listDocumentAnnotations(docAccess, cursor);
      for (const a of changes) seen.set(a.id, a.version);
      cursor = next;
    }
  })();
  const written = new Map<string, number>();
  await Promise.all(
    writers.map(async (w) => {
      for (let i = 0; i < 15; i++) {
        const { annotation: a } = await createAnnotationAsMember(asUser(w.id), doc.id, { id: uuidv7(), labelId: label("Person"), ...span("Kim Jong Un"), attributes: {}, note: "" });
        written.set(a.id, a.version);
        if (i % 3 === 0) written.set(a.id, (await updateAnnotation(asUser(w.id), a.id, { version: 1, note: `edit ${i}` })).version);
      }
    }),
  );
  writing = false;
  await poller;
  const { annotations: rest } = await listDocumentAnnotations(docAccess, cursor);
  for (const a of rest) seen.set(a.id, a.version);
  expect(seen).toEqual(written);
});
