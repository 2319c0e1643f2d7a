// The project's agreement as a sum of stored per-document statistics, on a real PostgreSQL:
// equal to the direct computation over every document at once (random projects), recomputing
// only the documents whose inputs changed, in batches of bounded size.
import { beforeAll, expect, test } from "vitest";
import fc from "fast-check";
import { uuidv7 } from "@/lib/ids";
import { useTestDatabase } from "@/lib/testing/test-database";
import { expectCloseFigures } from "@/lib/testing/expect-figures";

let db: typeof import("@/lib/db").db;
let createProject: typeof import("@/lib/server/projects/create-project").createProject;
let agreement: typeof import("@/lib/server/agreement/project-agreement");
let stats: typeof import("@/lib/server/agreement/document-stats");
let computeFigures: typeof import("@/lib/server/figures/compute-figures").computeFiguresCounted;
let pure: typeof import("@/lib/agreement/document-agreement");
let sums: typeof import("@/lib/agreement/agreement-stats");

beforeAll(async () => {
  await useTestDatabase();
  ({ db } = await import("@/lib/db"));
  ({ createProject } = await import("@/lib/server/projects/create-project"));
  agreement = await import("@/lib/server/agreement/project-agreement");
  stats = await import("@/lib/server/agreement/document-stats");
  ({ computeFiguresCounted: computeFigures } = await import("@/lib/server/figures/compute-figures"));
  pure = await import("@/lib/agreement/document-agreement");
  sums = await import("@/lib/agreement/agreement-stats");
});

const WORDS = ["Kim", "met", "Putin", "in", "Vladivostok", "said", "ties", "would", "grow"];

type Spec = {
  documents: { words: string[]; deleted: boolean; finished: number[] }[];
  annotations: { doc: number; who: number; from: number; length: number; label: number; gold: boolean; deleted: boolean }[];
};

const spec: fc.Arbitrary<Spec> = fc.record({
  documents: fc.array(fc.record({ words: fc.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 12 }), deleted: fc.nat(4).map((x) => x === 0), finished: fc.subarray([0, 1, 2]) }), { minLength: 1, maxLength: 5 }),
  annotations: fc.array(
    fc.record({ doc: fc.nat(4), who: fc.nat(2), from: fc.nat(50), length: fc.integer({ min: 1, max: 20 }), label: fc.nat(1), gold: fc.boolean(), deleted: fc.boolean() }),
    { maxLength: 30 },
  ),
});

let counter = 0;
async function build(s: Spec) {
  const n = ++counter;
  const owner = await db.user.create({ data: { email: `pa-owner-${n}-${uuidv7()}@a.local`, name: "owner" } });
  const project = await createProject(owner.id, { name: `Agreement ${n}`, description: "" });
  // Random spans clipped to short texts often repeat a person's tag on one span: such a project
  // allows stacked tags (else the duplicate-tag trigger refuses the rows), and agreement counts them.
  await db.project.update({ where: { id: project.id }, data: { allowStackedTags: true } });
  const labels = await Promise.all(["Who", "Where"].map((name, i) => db.label.create({ data: { projectId: project.id, name, kind: "ENTITY", color: i ? "#00aa00" : "#aa0000" } })));
  const people: { id: string }[] = [];
  for (const name of ["amina", "bruno", "chen"]) {
    const user = await db.user.create({ data: { email: `pa-${name}-${n}-${uuidv7()}@a.local`, name } });
    await db.membership.create({ data: { projectId: project.id, userId: user.id, role: "ANNOTATOR" } });
    people.push(user);
  }
  const documents: { id: string; text: string; spec: Spec["documents"][number] }[] = [];
  for (const [i, d] of s.documents.entries()) {
    const text = d.words.join(" ");
    const doc = await db.document.create({ data: { projectId: project.id, title: `Doc ${i}`, text, contentHash: `pa${n}-${i}`, length: text.length } });
    documents.push({ ...doc, spec: d });
    for (const p of d.finished) await db.documentAssignment.create({ data: { projectId: project.id, documentId: doc.id, userId: people[p].id, finishedAt: new Date() } });
  }
  const rows = s.annotations
    .filter((a) => a.doc < documents.length)
    .map((a) => {
      const doc = documents[a.doc];
      const start = Math.min(a.from, doc.text.length - 1);
      const end = Math.min(doc.text.length, start + a.length);
      return { id: uuidv7(), projectId: project.id, documentId: doc.id, labelId: labels[a.label].id, authorId: people[a.who].id, start, end, exact: doc.text.slice(start, end), prefix: "", suffix: "", gold: a.gold, deletedAt: a.deleted ? new Date() : null };
    });
  if (rows.length) await db.annotation.createMany({ data: rows });
  // A deleted document's annotations are deleted with it.
  for (const d of documents.filter((x) => x.spec.deleted)) {
    const at = new Date();
    await db.document.update({ where: { id: d.id }, data: { deletedAt: at } });
    await db.annotation.updateMany({ where: { documentId: d.id, deletedAt: null }, data: { deletedAt: at } });
  }
  return { owner, project, labels, people, documents };
}

/** The direct computation: every live document's text and every annotation loaded at once. */
async function everythingAtOnce(projectId: string, precise: boolean) {
  const documents = await db.document.findMany({ where: { projectId, deletedAt: null }, orderBy: [{ createdAt: "asc" }, { id: "asc" }], select: { id: true, text: true, language: true } });
  const annotations = await db.annotation.findMany({
    where: { projectId, deletedAt: null, gold: false },
    orderBy: [{ documentId: "asc" }, { start: "asc" }, { end: "asc" }, { id: "asc" }],
    select: { authorId: true, documentId: true, start: true, end: true, label: { select: { name: true } } },
  });
  const finishedRows = await db.documentAssignment.findMany({ where: { projectId, finishedAt: { not: null } }, select: { documentId: true, userId: true } });
  const spans = new Map<string, Map<string, { start: number; end: number; label: string }[]>>();
  for (const a of annotations) {
    if (!spans.has(a.authorId)) spans.set(a.authorId, new Map());
    const byDoc = spans.get(a.authorId)!;
    byDoc.set(a.documentId, [...(byDoc.get(a.documentId) ?? []), { start: a.start, end: a.end, label: a.label.name }]);
  }
  const finished = new Map<string, Set<string>>();
  for (const f of finishedRows) finished.set(f.documentId, new Set([...(finished.get(f.documentId) ?? []), f.userId]));
  const input = { documents, spans, finished };
  return {
    overall: pure.corpusAgreement(input, { precise }),
    documents: documents.map((d) => ({ id: d.id, ...pure.documentAgreement(input, d.id, { precise }) })).filter((d) => d.figures.annotators.length > 0),
  };
}

// Rounded to three decimals, the two ways may round a last digit apart; unrounded they agree to 1e-9.
const ROUNDED = 0.0011;
const PRECISE = 1e-9;


test("the sum of the stored per-document statistics equals the computation over everything at once (random projects)", async () => {
  await fc.assert(
    fc.asyncProperty(spec, async (s) => {
      const { project } = await build(s);
      const result = await agreement.computeProjectAgreement(project.id);
      // Unrounded: the stored statistics summed give the direct computation's numbers.
      const summed = new sums.AgreementSums();
      for await (const batch of stats.storedDocumentStats(project.id, 2)) batch.forEach((d) => summed.add(d.stats));
      const precise = await everythingAtOnce(project.id, true);
      expectCloseFigures(sums.figuresFromSums(summed, { precise: true }), precise.overall, PRECISE);
      const direct = await everythingAtOnce(project.id, false);
      expectCloseFigures(result.overall, direct.overall, ROUNDED);
      expect(result.documents.map((d) => d.id)).toEqual(direct.documents.map((d) => d.id));
      result.documents.forEach((d, i) => {
        expectCloseFigures(d.figures, direct.documents[i].figures, ROUNDED);
        expect(d.disagreementRegions).toBe(direct.documents[i].disagreements.length);
      });
    }),
    {
      numRuns: 15,
      // Found by CI: the same person's same tag twice on one span (a two-letter text clips both alike).
      examples: [[{ documents: [{ words: ["Kim"], deleted: false, finished: [] }], annotations: [0, 1].map(() => ({ doc: 0, who: 2, from: 2, length: 1, label: 0, gold: false, deleted: false })) }]],
    },
  );
});

async function manyDocuments(count: number) {
  const s: Spec = {
    documents: Array.from({ length: count }, (_, i) => ({ words: WORDS.slice(0, 3 + (i % 6)), deleted: false, finished: [] })),
    annotations: Array.from({ length: count }, (_, i) => [
      { doc: i, who: 0, from: 0, length: 3, label: 0, gold: false, deleted: false },
      { doc: i, who: 1, from: 0, length: 3 + (i % 2), label: i % 2, gold: false, deleted: false },
    ]).flat(),
  };
  return build(s);
}

test("after one document of many changed, a recomputation recomputes that document alone", async () => {
  const p = await manyDocuments(12);
  expect((await computeFigures({ projectId: p.project.id })).documentsComputed).toBe(12);
  // Nothing changed: nothing recomputed, the same figures.
  const before = await agreement.computeProjectAgreementCounted(p.project.id);
  expect(before.refresh.computed).toBe(0);

  const doc = p.documents[7];
  await db.annotation.create({ data: { id: uuidv7(), projectId: p.project.id, documentId: doc.id, labelId: p.labels[1].id, authorId: p.people[2].id, start: 0, end: 3, exact: doc.text.slice(0, 3), prefix: "", suffix: "" } });
  const report = await computeFigures({ projectId: p.project.id });
  expect(report.documentsComputed).toBe(1);
  const after = await agreement.computeProjectAgreement(p.project.id);
  expect(after.overall.annotators).toHaveLength(3);
  expect(after.documents.find((d) => d.id === doc.id)!.figures.annotators).toHaveLength(3);
  expectCloseFigures(after.overall, (await everythingAtOnce(p.project.id, false)).overall, ROUNDED);

  // Finishing an assignment, and deleting an annotation, each touch one document.
  await db.documentAssignment.create({ data: { projectId: p.project.id, documentId: p.documents[3].id, userId: p.people[2].id, finishedAt: new Date() } });
  expect((await agreement.computeProjectAgreementCounted(p.project.id)).refresh.computed).toBe(1);
  const one = await db.annotation.findFirstOrThrow({ where: { documentId: p.documents[5].id } });
  await db.annotation.update({ where: { id: one.id }, data: { deletedAt: new Date() } });
  expect((await agreement.computeProjectAgreementCounted(p.project.id)).refresh.computed).toBe(1);

  // Renaming a label changes every document's spans (compared by name): all are recomputed.
  await db.label.update({ where: { id: p.labels[0].id }, data: { name: "Somebody" } });
  const renamed = await agreement.computeProjectAgreementCounted(p.project.id);
  expect(renamed.refresh.computed).toBe(12);
  expect(Object.keys(renamed.figures.overall.perLabel)).toContain("Somebody");
});

test("the one-document agreement job stores that document's new statistics: the project's stored figures count them, and the project's next run recomputes nothing", async () => {
  const p = await manyDocuments(4);
  await computeFigures({ projectId: p.project.id });
  const doc = p.documents[2];
  const stored = () => db.documentAgreementStats.findUniqueOrThrow({ where: { documentId: doc.id } });
  expect((await stored()).counted).toBe(2);

  await db.annotation.create({ data: { id: uuidv7(), projectId: p.project.id, documentId: doc.id, labelId: p.labels[0].id, authorId: p.people[2].id, start: 0, end: 3, exact: doc.text.slice(0, 3), prefix: "", suffix: "" } });
  await computeFigures({ projectId: p.project.id, documentId: doc.id });
  expect((await stored()).counted).toBe(3);
  let counted = 0;
  for await (const batch of stats.storedDocumentStats(p.project.id)) for (const d of batch) counted += d.counted;
  expect(counted).toBe(4 * 2 + 1);

  const project = await agreement.computeProjectAgreementCounted(p.project.id);
  expect(project.refresh.computed).toBe(0);
  expect(project.figures.independence.counted).toBe(9);
  expect(project.figures.documents.find((d) => d.id === doc.id)!.figures.annotators).toHaveLength(3);
  expectCloseFigures(project.figures.overall, (await everythingAtOnce(p.project.id, false)).overall, ROUNDED);
});

test("documents are recomputed in batches of at most N documents and of bounded text", async () => {
  const p = await manyDocuments(11);
  const batched = await stats.refreshDocumentStats(p.project.id, { batchSize: 4 });
  expect(batched).toEqual({ computed: 11, batches: 3, largestBatch: 4 });

  // A character budget smaller than any two texts: one document per batch.
  await db.label.update({ where: { id: p.labels[1].id }, data: { name: "Somewhere" } });
  const shortest = Math.min(...p.documents.map((d) => d.text.length));
  expect(await stats.refreshDocumentStats(p.project.id, { batchSize: 4, batchCharacters: shortest })).toMatchObject({ computed: 11, largestBatch: 1 });

  // The sum read back in batches is the same whatever the batch size.
  const whole = (await agreement.computeProjectAgreementCounted(p.project.id, { batchSize: 100 })).figures;
  const small = (await agreement.computeProjectAgreementCounted(p.project.id, { batchSize: 3 })).figures;
  expect(small).toEqual(whole);
});

test("a deleted document leaves the project's figures; restored, it is counted again", async () => {
  const p = await manyDocuments(3);
  const all = await agreement.computeProjectAgreement(p.project.id);
  const doc = p.documents[1];
  await db.document.update({ where: { id: doc.id }, data: { deletedAt: new Date() } });
  const without = await agreement.computeProjectAgreement(p.project.id);
  expect(without.documents.map((d) => d.id)).not.toContain(doc.id);
  expect(without.overall.tokens).toBe(all.overall.tokens - all.documents.find((d) => d.id === doc.id)!.figures.tokens);
  await db.document.update({ where: { id: doc.id }, data: { deletedAt: null } });
  expect(await agreement.computeProjectAgreement(p.project.id)).toEqual(all);
});
