// No request reads a whole project (security review finding 7): the assignment board, the claim
// tracker, the timeline and a knowledge item's mentions answer a page at a time. With more rows
// than the maximum, one answer holds at most the maximum, and paging through with nextOffset
// returns every row exactly once. Real routes, real PostgreSQL; only the session is stubbed.
import { beforeAll, expect, test, vi } from "vitest";
import { uuidv7 } from "@/lib/ids";
import { PAGE_SIZES } from "@/lib/schemas/page-query";
import { useTestDatabase } from "@/lib/testing/test-database";

const session = vi.hoisted(() => ({ userId: "" }));
vi.mock("@/lib/auth", () => ({ auth: async () => (session.userId ? { user: { id: session.userId } } : null) }));

let db: typeof import("@/lib/db").db;
let createProject: typeof import("@/lib/server/projects/create-project").createProject;
let routes: {
  assignments: typeof import("@/app/api/projects/[id]/assignments/route");
  claims: typeof import("@/app/api/projects/[id]/claims/route");
  timeline: typeof import("@/app/api/projects/[id]/timeline/route");
  item: typeof import("@/app/api/projects/[id]/knowledge/[itemId]/route");
};
let CLAIM_MENTIONS_SHOWN: number;
let EVENT_MENTIONS_SHOWN: number;

beforeAll(async () => {
  await useTestDatabase();
  ({ db } = await import("@/lib/db"));
  ({ createProject } = await import("@/lib/server/projects/create-project"));
  routes = {
    assignments: await import("@/app/api/projects/[id]/assignments/route"),
    claims: await import("@/app/api/projects/[id]/claims/route"),
    timeline: await import("@/app/api/projects/[id]/timeline/route"),
    item: await import("@/app/api/projects/[id]/knowledge/[itemId]/route"),
  };
  ({ CLAIM_MENTIONS_SHOWN } = await import("@/lib/server/knowledge/list-claim-tracker"));
  ({ EVENT_MENTIONS_SHOWN } = await import("@/lib/server/knowledge/list-timeline"));
});

type Page = { total: number; offset: number; limit: number; nextOffset: number | null };
// Any route's GET: each one types its own params; the test passes the right ones.
type Handler = (req: Request, ctx: { params: Promise<never> }) => Promise<Response>;

async function get<T>(handler: Handler, params: Record<string, string>, path: string, userId: string): Promise<{ status: number; body: T }> {
  session.userId = userId;
  const res = await handler(new Request(`http://local${path}`), { params: Promise.resolve(params) as Promise<never> });
  return { status: res.status, body: (await res.json()) as T };
}

/** Every row of a list, following nextOffset from 0 with the largest allowed page; checks each answer's size. */
async function pageThrough<T extends Page>(fetchPage: (offset: number) => Promise<T>, rows: (page: T) => string[], max: number) {
  const seen: string[] = [];
  let offset: number | null = 0;
  let answers = 0;
  while (offset !== null) {
    const page: T = await fetchPage(offset);
    expect(rows(page).length).toBeLessThanOrEqual(max);
    seen.push(...rows(page));
    offset = page.nextOffset;
    if (++answers > 100) throw new Error("paging did not end");
  }
  return { seen, answers };
}

let n = 0;
async function corpus(documentCount: number) {
  const tag = `${++n}-${uuidv7()}`;
  const owner = await db.user.create({ data: { email: `owner-${tag}@bounds.test`, name: "owner" } });
  const annotator = await db.user.create({ data: { email: `annotator-${tag}@bounds.test`, name: "annotator" } });
  const project = await createProject(owner.id, { name: `Bounds ${tag}`, description: "" });
  await db.membership.create({ data: { projectId: project.id, userId: annotator.id, role: "ANNOTATOR" } });
  const text = "Kim Jong Un met Vladimir Putin.";
  const documents = Array.from({ length: documentCount }, (_, i) => ({
    id: uuidv7(), projectId: project.id, title: `Doc ${String(i).padStart(4, "0")}`, publishedOn: i % 3 ? `20${10 + (i % 10)}-0${1 + (i % 9)}` : null,
    text, contentHash: `${tag}-${i}`, length: text.length,
  }));
  await db.document.createMany({ data: documents });
  const label = await db.label.findFirstOrThrow({ where: { projectId: project.id }, select: { id: true } });
  /** `count` one-character mentions of `canonicalId` by `authorId`, spread round robin over the documents (a span per tag and author at most). */
  const mentions = (canonicalId: string, count: number, authorId = owner.id) =>
    db.annotation.createMany({
      data: Array.from({ length: count }, (_, i) => {
        const start = Math.floor(i / documents.length);
        return {
          id: uuidv7(), projectId: project.id, documentId: documents[i % documents.length].id, labelId: label.id, authorId,
          start, end: start + 1, exact: text[start], prefix: text.slice(0, start), suffix: text.slice(start + 1), canonicalId,
        };
      }),
    });
  return { owner, annotator, project, documents, mentions };
}

test("the assignment board: at most 500 documents an answer (100 by default), every document once across pages, deleted ones left out", async () => {
  const max = PAGE_SIZES.assignments.max;
  const { owner, project, documents } = await corpus(max + 2);
  await db.document.update({ where: { id: documents[7].id }, data: { deletedAt: new Date() } });
  const params = { id: project.id };
  const first = await get<Page & { documents: { id: string }[] }>(routes.assignments.GET, params, `/api/projects/${project.id}/assignments`, owner.id);
  expect(first.status).toBe(200);
  expect(first.body.documents).toHaveLength(PAGE_SIZES.assignments.fallback);
  expect(first.body.total).toBe(max + 1);
  const { seen, answers } = await pageThrough(
    async (offset) => (await get<Page & { documents: { id: string }[] }>(routes.assignments.GET, params, `/api/projects/${project.id}/assignments?offset=${offset}&limit=${max}`, owner.id)).body,
    (p) => p.documents.map((d) => d.id),
    max,
  );
  expect(answers).toBe(2);
  expect(new Set(seen).size).toBe(seen.length);
  expect(seen.sort()).toEqual(documents.filter((_, i) => i !== 7).map((d) => d.id).sort());
  const tooMany = await get<{ error: string }>(routes.assignments.GET, params, `/api/projects/${project.id}/assignments?limit=${max + 1}`, owner.id);
  expect(tooMany.status).toBe(400);
  expect(JSON.stringify(tooMany.body)).toContain(`at most ${max}`);
});

test("a knowledge item's mentions: at most 500 an answer, every mention once across pages; counts and documents over all of them, as the reader may see", async () => {
  const max = PAGE_SIZES.itemMentions.max;
  const { owner, annotator, project, mentions } = await corpus(40);
  const item = await db.canonicalItem.create({ data: { projectId: project.id, kind: "ENTITY", name: "Kim Jong Un" } });
  await mentions(item.id, max + 3);
  await mentions(item.id, 4, annotator.id);
  const params = { id: project.id, itemId: item.id };
  type ItemPage = Page & { item: { mentionCount: number; documentCount: number }; mentions: { annotationId: string }[]; documents: { id: string; mentionCount: number }[] };
  const first = (await get<ItemPage>(routes.item.GET, params, `/api/projects/${project.id}/knowledge/${item.id}`, owner.id)).body;
  expect(first.mentions).toHaveLength(PAGE_SIZES.itemMentions.fallback);
  expect(first).toMatchObject({ total: max + 7, item: { mentionCount: max + 7, documentCount: 40 } });
  expect(first.documents.reduce((sum, d) => sum + d.mentionCount, 0)).toBe(max + 7);
  const { seen } = await pageThrough(
    async (offset) => (await get<ItemPage>(routes.item.GET, params, `/api/projects/${project.id}/knowledge/${item.id}?offset=${offset}&limit=${max}`, owner.id)).body,
    (p) => p.mentions.map((m) => m.annotationId),
    max,
  );
  const all = await db.annotation.findMany({ where: { canonicalId: item.id }, select: { id: true } });
  expect(new Set(seen).size).toBe(seen.length);
  expect(seen.sort()).toEqual(all.map((a) => a.id).sort());
  // Independent annotation: an annotator's counts and pages hold only their own mentions.
  const own = (await get<ItemPage>(routes.item.GET, params, `/api/projects/${project.id}/knowledge/${item.id}`, annotator.id)).body;
  expect(own).toMatchObject({ total: 4, item: { mentionCount: 4, documentCount: 4 }, nextOffset: null });
  expect(own.mentions).toHaveLength(4);
});

test("the claim tracker: at most 100 claims an answer (20 by default), every claim once across pages in ranking order; a much-repeated claim is read with capped mentions but counted in full", async () => {
  const max = PAGE_SIZES.claims.max;
  const { owner, annotator, project, mentions } = await corpus(30);
  await db.canonicalItem.createMany({ data: Array.from({ length: max + 5 }, (_, i) => ({ projectId: project.id, kind: "CLAIM" as const, name: `Claim ${String(i).padStart(3, "0")}` })) });
  const top = await db.canonicalItem.create({ data: { projectId: project.id, kind: "CLAIM", name: "Repeated everywhere" } });
  await mentions(top.id, CLAIM_MENTIONS_SHOWN + 20);
  await mentions(top.id, 2, annotator.id);
  type ClaimPage = Page & { claims: { id: string; name: string; mentionCount: number; documentCount: number; mentions: unknown[]; mentionsTruncated: boolean }[] };
  const params = { id: project.id };
  const first = (await get<ClaimPage>(routes.claims.GET, params, `/api/projects/${project.id}/claims`, owner.id)).body;
  expect(first.claims).toHaveLength(PAGE_SIZES.claims.fallback);
  expect(first.total).toBe(max + 6);
  expect(first.claims[0]).toMatchObject({ id: top.id, mentionCount: CLAIM_MENTIONS_SHOWN + 22, documentCount: 30, mentionsTruncated: true });
  expect(first.claims[0].mentions).toHaveLength(CLAIM_MENTIONS_SHOWN);
  const { seen, answers } = await pageThrough(
    async (offset) => (await get<ClaimPage>(routes.claims.GET, params, `/api/projects/${project.id}/claims?offset=${offset}&limit=${max}`, owner.id)).body,
    (p) => p.claims.map((c) => c.id),
    max,
  );
  expect(answers).toBe(2);
  const all = await db.canonicalItem.findMany({ where: { projectId: project.id, kind: "CLAIM" }, orderBy: { name: "asc" }, select: { id: true } });
  expect(new Set(seen).size).toBe(seen.length);
  expect([...seen].sort()).toEqual(all.map((c) => c.id).sort());
  // The most repeated first, then (all unmentioned) by name.
  expect(seen).toEqual([top.id, ...all.map((c) => c.id).filter((id) => id !== top.id)]);
  const own = (await get<ClaimPage>(routes.claims.GET, params, `/api/projects/${project.id}/claims?limit=1`, annotator.id)).body;
  expect(own.claims[0]).toMatchObject({ id: top.id, mentionCount: 2, mentionsTruncated: false });
  expect((await get<unknown>(routes.claims.GET, params, `/api/projects/${project.id}/claims?limit=${max + 1}`, owner.id)).status).toBe(400);
});

test("the timeline: at most 500 events an answer, every event once across pages, the dated in time order before the undated; a much-mentioned event is read with capped mentions", async () => {
  const max = PAGE_SIZES.timeline.max;
  const { owner, project, mentions } = await corpus(10);
  const dated = Array.from({ length: max }, (_, i) => ({ projectId: project.id, kind: "EVENT" as const, name: `Dated ${i}`, date: `${1900 + (i % 120)}` }));
  const undated = Array.from({ length: 7 }, (_, i) => ({ projectId: project.id, kind: "EVENT" as const, name: `Undated ${i}` }));
  await db.canonicalItem.createMany({ data: [...dated, ...undated] });
  const busy = await db.canonicalItem.create({ data: { projectId: project.id, kind: "EVENT", name: "Busy", date: "2019-04-25" } });
  await mentions(busy.id, EVENT_MENTIONS_SHOWN + 5);
  type Event = { id: string; date: string | null; mentionCount: number; documentCount: number; mentions: unknown[]; mentionsTruncated: boolean };
  type TimelinePage = Page & { events: Event[]; undated: Event[]; datedTotal: number };
  const params = { id: project.id };
  const first = (await get<TimelinePage>(routes.timeline.GET, params, `/api/projects/${project.id}/timeline?limit=${max}`, owner.id)).body;
  expect(first.events.length + first.undated.length).toBe(max);
  expect(first).toMatchObject({ total: max + 8, datedTotal: max + 1 });
  const { seen, answers } = await pageThrough(
    async (offset) => (await get<TimelinePage>(routes.timeline.GET, params, `/api/projects/${project.id}/timeline?offset=${offset}&limit=${max}`, owner.id)).body,
    (p) => [...p.events, ...p.undated].map((e) => `${e.date ?? "undated"} ${e.id}`),
    max,
  );
  expect(answers).toBe(2);
  const ids = seen.map((s) => s.split(" ")[1]);
  const all = await db.canonicalItem.findMany({ where: { projectId: project.id, kind: "EVENT" }, select: { id: true } });
  expect(new Set(ids).size).toBe(ids.length);
  expect([...ids].sort()).toEqual(all.map((e) => e.id).sort());
  const dates = seen.map((s) => s.split(" ")[0]);
  expect(dates.slice(-7)).toEqual(Array(7).fill("undated"));
  const datedOnly = dates.slice(0, -7);
  expect(datedOnly).toEqual([...datedOnly].sort());
  const busyEvent = [...first.events].find((e) => e.id === busy.id) ?? (await get<TimelinePage>(routes.timeline.GET, params, `/api/projects/${project.id}/timeline?offset=${max}&limit=${max}`, owner.id)).body.events.find((e) => e.id === busy.id)!;
  expect(busyEvent).toMatchObject({ mentionCount: EVENT_MENTIONS_SHOWN + 5, documentCount: 10, mentionsTruncated: true });
  expect(busyEvent.mentions).toHaveLength(EVENT_MENTIONS_SHOWN);
});
