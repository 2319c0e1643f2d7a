// The knowledge-base API routes at the HTTP edge: statuses and answer shapes, with the session
// stubbed (everything below it — authorization, use cases, database — is real).
import { beforeAll, expect, test, vi } from "vitest";
import { uuidv7 } from "@/lib/ids";
import { callRoute } from "@/lib/testing/api-routes";
import { useTestDatabase } from "@/lib/testing/test-database";
import { documentAccessOf } from "@/lib/testing/access";

// Annotators (and viewers) see each other's work here, as these tests assume; lib/server/visibility.test.ts covers the default.
const SHARED = { annotatorsSee: "EVERYONE", viewersSee: "EVERYONE" } as const;

const session = vi.hoisted(() => ({ userId: "" }));
vi.mock("@/lib/auth", () => ({ auth: async () => (session.userId ? { user: { id: session.userId } } : null) }));

let db: typeof import("@/lib/db").db;
let createProject: typeof import("@/lib/server/projects/create-project").createProject;
let createAnnotation: typeof import("@/lib/server/annotations/create-annotation").createAnnotation;

beforeAll(async () => {
  await useTestDatabase();
  ({ db } = await import("@/lib/db"));
  ({ createProject } = await import("@/lib/server/projects/create-project"));
  ({ createAnnotation } = await import("@/lib/server/annotations/create-annotation"));
});

const call = callRoute;

test("routes answer with the right statuses and shapes", async () => {
  const knowledge = await import("@/app/api/projects/[id]/knowledge/route");
  const item = await import("@/app/api/projects/[id]/knowledge/[itemId]/route");
  const candidates = await import("@/app/api/projects/[id]/knowledge/candidates/route");
  const suggest = await import("@/app/api/projects/[id]/knowledge/suggest/route");
  const canonical = await import("@/app/api/annotations/[id]/canonical/route");
  const suggestions = await import("@/app/api/documents/[id]/suggestions/route");
  const decide = await import("@/app/api/suggestions/[id]/route");
  const timeline = await import("@/app/api/projects/[id]/timeline/route");
  const claims = await import("@/app/api/projects/[id]/claims/route");
  const merge = await import("@/app/api/projects/[id]/knowledge/[itemId]/merge/route");
  const split = await import("@/app/api/projects/[id]/knowledge/[itemId]/split/route");

  const [owner, viewer, stranger] = await Promise.all(["owner", "viewer", "stranger"].map((n) => db.user.create({ data: { email: `${n}@routes.test`, name: n } })));
  const project = await createProject(owner.id, { name: "Routes", description: "", ...SHARED });
  await db.membership.create({ data: { projectId: project.id, userId: viewer.id, role: "VIEWER" } });
  const text = "👍 Kim Jong Un met Putin. Kim Jong Un again.";
  const doc = await db.document.create({ data: { projectId: project.id, title: "Doc", text, contentHash: "r1", length: [...text].length } });
  const person = (await db.label.findFirstOrThrow({ where: { projectId: project.id, name: "Person" } })).id;
  const { annotation } = await createAnnotation(await documentAccessOf(owner.id, doc.id), { id: uuidv7(), labelId: person, start: 2, end: 13, exact: "Kim Jong Un", attributes: {}, note: "" });
  const p = { id: project.id };

  session.userId = "";
  expect((await call(knowledge.GET, p)).status).toBe(401);
  session.userId = stranger.id;
  expect((await call(knowledge.GET, p)).status).toBe(404);
  session.userId = viewer.id;
  expect((await call(knowledge.POST, p, { method: "POST", body: { kind: "ENTITY", name: "x" } })).status).toBe(403);
  session.userId = owner.id;
  expect((await call(knowledge.POST, p, { method: "POST", body: { kind: "PERSON", name: "" } })).status).toBe(400);
  const created = await call(knowledge.POST, p, { method: "POST", body: { kind: "ENTITY", name: "Kim Jong Un", aliases: ["Marshal"] } });
  expect(created).toMatchObject({ status: 201, body: { kind: "ENTITY", name: "Kim Jong Un", aliases: ["Marshal"], mentionCount: 0 } });
  const kimId = created.body.id;
  expect((await call(knowledge.GET, p, { query: "?kind=ENTITY" })).body.items).toHaveLength(1);

  const linked = await call(canonical.PUT, { id: annotation.id }, { method: "PUT", body: { canonicalId: kimId } });
  expect(linked).toMatchObject({ status: 200, body: { changed: true, annotation: { canonicalId: kimId }, canonical: { id: kimId } } });
  expect(typeof linked.body.annotation.seq).toBe("number");
  session.userId = viewer.id;
  expect((await call(canonical.PUT, { id: annotation.id }, { method: "PUT", body: { canonicalId: null } })).status).toBe(403);
  expect((await call(item.GET, { ...p, itemId: kimId })).body).toMatchObject({ item: { mentionCount: 1 }, mentions: [{ exact: "Kim Jong Un", prefix: "👍 " }], documents: [{ title: "Doc" }] });
  expect((await call(item.GET, { ...p, itemId: "nope" })).status).toBe(404);
  expect((await call(candidates.GET, p, { query: "?q=kim%20jong-un&kind=ENTITY" })).body.candidates.map((c: { id: string }) => c.id)).toContain(kimId);
  expect((await call(candidates.GET, p)).status).toBe(400);
  expect((await call(suggest.POST, p, { method: "POST", body: {} })).status).toBe(403);

  session.userId = owner.id;
  expect((await call(suggest.POST, p, { method: "POST", body: {} })).body).toEqual({ documents: 1, created: 1 });
  const listed = await call(suggestions.GET, { id: doc.id });
  expect(listed.body.suggestions).toMatchObject([{ exact: "Kim Jong Un", start: 25, end: 36, item: { name: "Kim Jong Un" }, label: { name: "Person" } }]);
  const accepted = await call(decide.POST, { id: listed.body.suggestions[0].id }, { method: "POST", body: { decision: "accept" } });
  expect(accepted).toMatchObject({ status: 200, body: { suggestion: { status: "ACCEPTED" }, annotation: { canonicalId: kimId, start: 25 } } });
  expect((await call(decide.POST, { id: listed.body.suggestions[0].id }, { method: "POST", body: { decision: "reject" } })).status).toBe(409);
  expect((await call(decide.POST, { id: listed.body.suggestions[0].id }, { method: "POST", body: { decision: "maybe" } })).status).toBe(400);

  const other = (await call(knowledge.POST, p, { method: "POST", body: { kind: "ENTITY", name: "Kim Jong-un" } })).body.id;
  const merged = await call(merge.POST, { ...p, itemId: kimId }, { method: "POST", body: { otherIds: [other] } });
  expect(merged).toMatchObject({ status: 200, body: { item: { aliases: ["Marshal"], mentionCount: 2 }, merged: [other] } });
  const parted = await call(split.POST, { ...p, itemId: kimId }, { method: "POST", body: { annotationIds: [annotation.id], name: "Someone else" } });
  expect(parted).toMatchObject({ status: 201, body: { item: { name: "Someone else", mentionCount: 1 }, from: { mentionCount: 1 } } });
  expect((await call(item.PATCH, { ...p, itemId: kimId }, { method: "PATCH", body: { date: "2019" } })).status).toBe(400);
  expect((await call(item.DELETE, { ...p, itemId: kimId }, { method: "DELETE" })).body).toMatchObject({ id: kimId, unlinked: 1 });
  expect((await call(timeline.GET, p)).body).toEqual({ events: [], undated: [], participants: [], total: 0, offset: 0, limit: 100, nextOffset: null, datedTotal: 0 });
  expect((await call(timeline.GET, p, { query: "?participant=x" })).status).toBe(400);
  expect((await call(claims.GET, p)).body).toEqual({ claims: [], total: 0, offset: 0, limit: 20, nextOffset: null });
});
