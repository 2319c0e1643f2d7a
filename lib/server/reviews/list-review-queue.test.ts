// The review queue on a real PostgreSQL: a card carries everything its verdict is about, and the
// queue comes in pages.
import { beforeAll, expect, test } from "vitest";
import { uuidv7 } from "@/lib/ids";
import { useTestDatabase } from "@/lib/testing/test-database";
import { documentAccessOf, projectAccessOf } from "@/lib/testing/access";

let db: typeof import("@/lib/db").db;
let create: typeof import("@/lib/server/annotations/create-annotation").createAnnotation;
let createProject: typeof import("@/lib/server/projects/create-project").createProject;
let listReviewQueue: typeof import("@/lib/server/reviews/list-review-queue").listReviewQueue;

// Every database operation the app's client runs, counted: lib/db.ts takes the client it finds on
// globalThis, so this one is installed before anything uses it.
let operations = 0;

beforeAll(async () => {
  await useTestDatabase();
  const { PrismaPg } = await import("@prisma/adapter-pg");
  const { PrismaClient } = await import("@/lib/generated/prisma/client");
  (globalThis as { prisma?: unknown }).prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: process.env.DATABASE_URL! }) }).$extends({
    query: {
      async $allOperations({ args, query }) {
        operations++;
        return query(args);
      },
    },
  });
  ({ db } = await import("@/lib/db"));
  ({ createAnnotation: create } = await import("@/lib/server/annotations/create-annotation"));
  ({ createProject } = await import("@/lib/server/projects/create-project"));
  ({ listReviewQueue } = await import("@/lib/server/reviews/list-review-queue"));
});

const TEXT = "Kim Jong Un said the summit in Vladivostok was a success.";
const at = (needle: string) => ({ start: TEXT.indexOf(needle), end: TEXT.indexOf(needle) + needle.length, exact: needle });
let n = 0;

async function setup() {
  const owner = await db.user.create({ data: { email: `queue${++n}@q.local`, name: "Owner" } });
  const annotator = await db.user.create({ data: { email: `queue-ann${n}@q.local`, name: "Ann" } });
  const project = await createProject(owner.id, { name: "Queue", description: "" });
  // Pages of many cards are made by tagging the same sentences again.
  await db.project.update({ where: { id: project.id }, data: { allowStackedTags: true } });
  await db.membership.create({ data: { projectId: project.id, userId: annotator.id, role: "ANNOTATOR" } });
  const doc = await db.document.create({ data: { projectId: project.id, title: "Summit", text: TEXT, contentHash: `q${n}`, length: TEXT.length } });
  const labelOf = (kind: "CLAIM" | "EVENT" | "ENTITY") => db.label.findFirstOrThrow({ where: { projectId: project.id, kind }, orderBy: { position: "asc" } });
  const access = await documentAccessOf(annotator.id, doc.id);
  const annotate = async (kind: "CLAIM" | "EVENT" | "ENTITY", needle: string, attributes: Record<string, unknown> = {}, note = "") =>
    (await create(access, { id: uuidv7(), labelId: (await labelOf(kind)).id, ...at(needle), attributes, note })).annotation;
  return { owner, annotator, project, doc, annotate, labelOf, queue: async (q = {}) => listReviewQueue(await projectAccessOf(owner.id, project.id), q) };
}

test("a card shows label, quote in context, attributes by name, relations both ways, the knowledge-base item and the note", async () => {
  const { project, doc, annotator, annotate, labelOf, queue } = await setup();
  const kim = await annotate("ENTITY", "Kim Jong Un", { canonicalName: "Kim Jong Un" });
  const city = await annotate("ENTITY", "Vladivostok");
  const claim = await annotate("CLAIM", "the summit in Vladivostok was a success", { claimantId: kim.id, stance: "supportive" }, "Hedged in the source");
  const item = await db.canonicalItem.create({ data: { projectId: project.id, kind: "ENTITY", name: "Vladivostok (city)" } });
  await db.annotation.update({ where: { id: city.id }, data: { canonicalId: item.id } });
  const type = await db.relationType.findFirstOrThrow({ where: { projectId: project.id } });
  await db.relation.create({ data: { id: uuidv7(), projectId: project.id, documentId: doc.id, typeId: type.id, fromId: claim.id, toId: city.id, authorId: annotator.id } });

  const { items, nextOffset } = await queue({ state: "ALL" });
  expect(nextOffset).toBeNull();
  const card = (id: string) => items.find((i) => i.id === id)!;
  expect(card(claim.id)).toMatchObject({
    label: { name: (await labelOf("CLAIM")).name },
    exact: "the summit in Vladivostok was a success",
    prefix: "Kim Jong Un said ",
    suffix: ".",
    note: "Hedged in the source",
    attributes: [
      { key: "claimantId", name: "Claimant", values: ["“Kim Jong Un”"] },
      { key: "stance", name: "Stance toward the subject", values: ["supportive"] },
    ],
    relations: [{ type: type.name, direction: "out", other: { id: city.id, exact: "Vladivostok", label: (await labelOf("ENTITY")).name } }],
  });
  // The other end sees the same relation, pointing in, and its knowledge-base item.
  expect(card(city.id)).toMatchObject({
    canonical: { name: "Vladivostok (city)", kind: "ENTITY" },
    relations: [{ type: type.name, direction: "in", other: { id: claim.id, exact: "the summit in Vladivostok was a success" } }],
  });
  expect(card(kim.id).attributes).toEqual([{ key: "canonicalName", name: "Canonical name", values: ["Kim Jong Un"] }]);
});

test("the queue comes in pages that together hold every annotation once", async () => {
  const { annotate, queue } = await setup();
  const words = ["Kim", "Jong", "Un", "said", "summit", "Vladivostok", "success"];
  for (const w of words) await annotate("ENTITY", w);
  const first = await queue({ limit: 3 });
  expect(first.items).toHaveLength(3);
  expect(first.nextOffset).toBe(3);
  const second = await queue({ limit: 3, offset: 3 });
  const third = await queue({ limit: 3, offset: 6 });
  expect(third.nextOffset).toBeNull();
  const seen = [...first.items, ...second.items, ...third.items].map((i) => i.exact);
  expect(seen).toEqual(["Kim", "Jong", "Un", "said", "summit", "Vladivostok", "success"]);
});

test("a page costs the same number of database operations whether it shows 2 cards or 12, with attributes and relations", async () => {
  const { owner, project, doc, annotator, annotate } = await setup();
  const access = await projectAccessOf(owner.id, project.id);
  const type = await db.relationType.findFirstOrThrow({ where: { projectId: project.id } });
  const kim = await annotate("ENTITY", "Kim Jong Un");
  for (let i = 0; i < 11; i++) {
    const claim = await annotate("CLAIM", "the summit in Vladivostok was a success", { claimantId: kim.id, stance: "supportive" }, `note ${i}`);
    await db.relation.create({ data: { id: uuidv7(), projectId: project.id, documentId: doc.id, typeId: type.id, fromId: claim.id, toId: kim.id, authorId: annotator.id } });
  }
  const cost = async (limit: number) => {
    const before = operations;
    const page = await listReviewQueue(access, { limit });
    expect(page.items).toHaveLength(limit);
    return operations - before;
  };
  const small = await cost(2);
  expect(await cost(12)).toBe(small);
  // The page itself, and the quotes its attributes link to.
  expect(small).toBe(2);
});

test("under blind annotation a card carries nothing of another annotator's hidden work: relation ends and linked quotes stay out", async () => {
  const { owner, annotator, project, doc, annotate, labelOf } = await setup();
  await db.project.update({ where: { id: project.id }, data: { annotatorsSee: "OWN", annotatorsSeeGold: false } });
  const other = await db.user.create({ data: { email: `queue-other${n}@q.local`, name: "Other" } });
  await db.membership.create({ data: { projectId: project.id, userId: other.id, role: "ANNOTATOR" } });
  const hidden = (await create(await documentAccessOf(other.id, doc.id), { id: uuidv7(), labelId: (await labelOf("ENTITY")).id, ...at("Kim Jong Un"), attributes: {}, note: "" })).annotation;
  const claim = await annotate("CLAIM", "the summit in Vladivostok was a success");
  // Linked by a curator, or while the project still shared everything: the rows exist.
  await db.annotation.update({ where: { id: claim.id }, data: { attributes: { claimantId: hidden.id } } });
  const type = await db.relationType.findFirstOrThrow({ where: { projectId: project.id } });
  for (const [fromId, toId] of [[claim.id, hidden.id], [hidden.id, claim.id]]) {
    await db.relation.create({ data: { id: uuidv7(), projectId: project.id, documentId: doc.id, typeId: type.id, fromId, toId, authorId: owner.id } });
  }

  const mine = await listReviewQueue(await projectAccessOf(annotator.id, project.id), { state: "ALL" });
  expect(mine.items.map((i) => i.id)).toEqual([claim.id]);
  expect(mine.items[0].relations).toEqual([]);
  expect(mine.items[0].attributes).toEqual([{ key: "claimantId", name: "Claimant", values: ["(an annotation removed or not shown to you)"] }]);
  // The owner sees everyone's work, so both ends and the claimant's quote.
  const all = await listReviewQueue(await projectAccessOf(owner.id, project.id), { state: "ALL" });
  const card = all.items.find((i) => i.id === claim.id)!;
  expect(card.relations.map((r) => r.other.exact)).toEqual(["Kim Jong Un", "Kim Jong Un"]);
  expect(card.attributes).toContainEqual({ key: "claimantId", name: "Claimant", values: ["“Kim Jong Un”"] });
});
