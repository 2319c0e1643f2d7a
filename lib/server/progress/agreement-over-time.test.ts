// Agreement over time replayed one batch of documents at a time equals the replay of the whole
// history at once (the way the dashboard computed it before), on a real PostgreSQL with
// annotations made, relabelled and deleted through the use cases that write the history.
import { beforeAll, expect, test } from "vitest";
import fc from "fast-check";
import { uuidv7 } from "@/lib/ids";
import { useTestDatabase } from "@/lib/testing/test-database";
import { asUser, documentAccessOf } from "@/lib/testing/access";
import type { LabeledSpan } from "@/lib/agreement/metrics";

let db: typeof import("@/lib/db").db;
let createProject: typeof import("@/lib/server/projects/create-project").createProject;
let createAnnotation: typeof import("@/lib/server/annotations/create-annotation").createAnnotation;
let change: typeof import("@/lib/server/annotations/change-annotation");
let overTime: typeof import("@/lib/server/progress/agreement-over-time");
let corpusAgreement: typeof import("@/lib/agreement/document-agreement").corpusAgreement;

beforeAll(async () => {
  await useTestDatabase();
  ({ db } = await import("@/lib/db"));
  ({ createProject } = await import("@/lib/server/projects/create-project"));
  ({ createAnnotation } = await import("@/lib/server/annotations/create-annotation"));
  change = await import("@/lib/server/annotations/change-annotation");
  overTime = await import("@/lib/server/progress/agreement-over-time");
  ({ corpusAgreement } = await import("@/lib/agreement/document-agreement"));
});

const TEXTS = ["Kim Jong Un met Vladimir Putin in Vladivostok.", "Ties would grow, Kim said.", "Putin flew home on Friday."];

type Step = { kind: "create"; doc: number; who: number; from: number; length: number; label: number } | { kind: "relabel" | "delete"; pick: number } | { kind: "finish"; doc: number; who: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant("create" as const), doc: fc.nat(2), who: fc.nat(2), from: fc.nat(20), length: fc.integer({ min: 1, max: 12 }), label: fc.nat(1) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constantFrom("relabel" as const, "delete" as const), pick: fc.nat(50) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("finish" as const), doc: fc.nat(2), who: fc.nat(2) }) },
);

/** The replay of the whole history at once, as the dashboard computed it before. */
async function replayAtOnce(projectId: string) {
  const labels = await db.label.findMany({ where: { projectId }, select: { id: true, name: true } });
  const assignments = await db.documentAssignment.findMany({ where: { projectId, document: { deletedAt: null } }, select: { documentId: true, userId: true, finishedAt: true } });
  const history = await db.annotationHistory.findMany({
    where: { annotation: { projectId, gold: false }, action: { in: ["CREATE", "UPDATE", "DELETE"] } },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: { annotationId: true, action: true, after: true, createdAt: true, annotation: { select: { authorId: true, documentId: true } } },
  });
  const documents = await db.document.findMany({ where: { projectId, deletedAt: null }, select: { id: true, text: true, language: true } });
  if (!history.length) return { points: [], labels, assignments };
  const labelName = new Map(labels.map((l) => [l.id, l.name]));
  const moments = [...new Set(Array.from({ length: 10 }, (_, k) => Math.ceil(((k + 1) * history.length) / 10) - 1))];
  const state = new Map<string, { authorId: string; documentId: string; span: LabeledSpan }>();
  const points: { at: Date; annotations: number; annotators: number; krippendorffAlpha: number | null; fleissKappa: number | null }[] = [];
  let next = 0;
  for (const index of moments) {
    for (; next <= index; next++) {
      const h = history[next];
      const after = h.after as { labelId?: string; start?: number; end?: number } | null;
      if (h.action === "DELETE" || !after || after.start === undefined || after.end === undefined) state.delete(h.annotationId);
      else state.set(h.annotationId, { ...h.annotation, span: { start: after.start, end: after.end, label: labelName.get(after.labelId ?? "") ?? "?" } });
    }
    const at = history[index].createdAt;
    const spans = new Map<string, Map<string, LabeledSpan[]>>();
    for (const { authorId, documentId, span } of state.values()) {
      if (!spans.has(authorId)) spans.set(authorId, new Map());
      spans.get(authorId)!.set(documentId, [...(spans.get(authorId)!.get(documentId) ?? []), span]);
    }
    const finished = new Map<string, Set<string>>();
    for (const a of assignments) {
      if (!a.finishedAt || (index !== history.length - 1 && a.finishedAt > at)) continue;
      finished.set(a.documentId, new Set([...(finished.get(a.documentId) ?? []), a.userId]));
    }
    const figures = corpusAgreement({ documents, spans, finished });
    points.push({ at, annotations: state.size, annotators: figures.annotators.length, krippendorffAlpha: figures.krippendorffAlpha, fleissKappa: figures.fleissKappa });
  }
  return { points, labels, assignments };
}

/** Assigned and finished now (kept as first finished when it already was). */
const finish = (projectId: string, documentId: string, userId: string) =>
  db.documentAssignment.upsert({ where: { documentId_userId: { documentId, userId } }, create: { projectId, documentId, userId, finishedAt: new Date() }, update: {} });

let counter = 0;
async function setup() {
  const n = ++counter;
  const owner = await db.user.create({ data: { email: `ot-owner-${n}-${uuidv7()}@a.local`, name: "owner" } });
  const project = await createProject(owner.id, { name: `Over time ${n}`, description: "" });
  // The random steps may tag one span twice alike (or relabel into a twin): stacked tags allowed,
  // or the duplicate-tag trigger refuses the step and the property fails for a reason not its own.
  await db.project.update({ where: { id: project.id }, data: { allowStackedTags: true } });
  const labels = await Promise.all(["Who", "Where"].map((name, i) => db.label.create({ data: { projectId: project.id, name, kind: "ENTITY", color: i ? "#00aa00" : "#aa0000" } })));
  const people: { id: string }[] = [];
  for (const name of ["amina", "bruno", "chen"]) {
    const user = await db.user.create({ data: { email: `ot-${name}-${n}-${uuidv7()}@a.local`, name } });
    await db.membership.create({ data: { projectId: project.id, userId: user.id, role: "ANNOTATOR" } });
    people.push(user);
  }
  const documents: { id: string }[] = [];
  for (const [i, text] of TEXTS.entries()) documents.push(await db.document.create({ data: { projectId: project.id, title: `Doc ${i}`, text, contentHash: `ot${n}-${i}`, length: text.length } }));
  const annotate = async (who: number, doc: number, label: number, start: number, end: number) =>
    createAnnotation(await documentAccessOf(people[who].id, documents[doc].id), { id: uuidv7(), labelId: labels[label].id, start, end, exact: TEXTS[doc].slice(start, end), attributes: {}, note: "" });
  return { project, labels, people, documents, annotate };
}

const summary = (points: { at: Date | string; annotations: number; annotators: number }[]) => points.map((p) => [new Date(p.at).toISOString(), p.annotations, p.annotators]);

test("replayed per document in batches, the points equal the replay of the whole history at once", async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 16 }), fc.boolean(), async (steps, deleteOne) => {
      const { project, labels, people, documents } = await setup();
      const made: { id: string; authorId: string; version: number; labelId: string }[] = [];
      for (const s of steps) {
        if (s.kind === "create") {
          const text = TEXTS[s.doc];
          const start = Math.min(s.from, text.length - 1);
          const end = Math.min(text.length, start + s.length);
          const { annotation } = await createAnnotation(await documentAccessOf(people[s.who].id, documents[s.doc].id), { id: uuidv7(), labelId: labels[s.label].id, start, end, exact: text.slice(start, end), attributes: {}, note: "" });
          made.push({ id: annotation.id, authorId: people[s.who].id, version: annotation.version, labelId: labels[s.label].id });
        } else if (s.kind === "finish") {
          await finish(project.id, documents[s.doc].id, people[s.who].id);
        } else if (made.length) {
          const a = made[s.pick % made.length];
          if (s.kind === "delete") {
            await change.deleteAnnotation(asUser(a.authorId), a.id, a.version);
            made.splice(made.indexOf(a), 1);
          } else {
            const labelId = a.labelId === labels[0].id ? labels[1].id : labels[0].id;
            const updated = await change.updateAnnotation(asUser(a.authorId), a.id, { version: a.version, labelId });
            Object.assign(a, { version: updated.version, labelId });
          }
        }
      }
      // A deleted document's annotations still count among the annotations of each moment, not in agreement.
      if (deleteOne) {
        const at = new Date();
        await db.document.update({ where: { id: documents[0].id }, data: { deletedAt: at } });
        await db.annotation.updateMany({ where: { documentId: documents[0].id, deletedAt: null }, data: { deletedAt: at } });
      }
      const expected = await replayAtOnce(project.id);
      const report = { documents: 0, batches: 0, largestBatch: 0 };
      const points = await overTime.agreementOverTime(project.id, expected.labels, expected.assignments, { batchSize: 2, report });
      if (!expected.points.length) {
        expect(points).toEqual([]);
        return;
      }
      expect(report).toEqual({ documents: 3, batches: 2, largestBatch: 2 });
      expect(points.map((p) => [p.at.toISOString(), p.annotations, p.annotators])).toEqual(expected.points.map((p) => [p.at.toISOString(), p.annotations, p.annotators]));
      points.forEach((p, i) => {
        for (const key of ["krippendorffAlpha", "fleissKappa"] as const) {
          const [x, y] = [p[key], expected.points[i][key]];
          if (x === null || y === null) expect(x).toBe(y);
          // Rounded to three decimals; the two ways may round a last digit apart.
          else expect(Math.abs(x - y)).toBeLessThanOrEqual(0.0011);
        }
      });
    }),
    { numRuns: 10 },
  );
});

test("between replays the earlier points are kept and only now is recomputed; a tenth more history, or a deleted document, replays", async () => {
  const { project, documents, people, annotate } = await setup();
  // 20 changes over two documents by two annotators.
  for (let i = 0; i < 10; i++) {
    await annotate(0, i % 2, i % 2, i, i + 3);
    await annotate(1, i % 2, 0, i, i + 3);
  }
  const inputs = () => replayAtOnce(project.id);
  const first = await inputs();
  let report = { documents: 0, batches: 0, largestBatch: 0 };
  const replayed = await overTime.agreementOverTimeKept(project.id, first.labels, first.assignments, null, { report });
  expect(report.documents).toBe(3);
  expect(summary(replayed.points)).toEqual(summary(first.points));
  expect(replayed.basis.changes).toBe(20);

  // One more change (5 %): no replay; the earlier points stay, the last is now.
  await annotate(0, 2, 0, 0, 5);
  const second = await inputs();
  report = { documents: 0, batches: 0, largestBatch: 0 };
  const kept = await overTime.agreementOverTimeKept(project.id, second.labels, second.assignments, replayed, { report });
  expect(report.documents).toBe(0);
  expect(summary(kept.points.slice(0, -1))).toEqual(summary(replayed.points.slice(0, -1)));
  expect(summary(kept.points.slice(-1))).toEqual(summary(second.points.slice(-1)));
  expect(kept.points.at(-1)!.krippendorffAlpha).toBeCloseTo(second.points.at(-1)!.krippendorffAlpha!, 2);
  expect(kept.basis).toEqual(replayed.basis);

  // A second one makes it a tenth more than the replay saw: replayed, the same points as at once.
  await annotate(1, 2, 0, 0, 5);
  const third = await inputs();
  report = { documents: 0, batches: 0, largestBatch: 0 };
  const again = await overTime.agreementOverTimeKept(project.id, third.labels, third.assignments, kept, { report });
  expect(report.documents).toBe(3);
  expect(summary(again.points)).toEqual(summary(third.points));

  // Finishing a document now changes the last point only: no replay.
  await finish(project.id, documents[2].id, people[1].id);
  const finished = await inputs();
  report = { documents: 0, batches: 0, largestBatch: 0 };
  const afterFinish = await overTime.agreementOverTimeKept(project.id, finished.labels, finished.assignments, again, { report });
  expect(report.documents).toBe(0);
  expect(summary(afterFinish.points)).toEqual(summary(finished.points));

  // A deleted document leaves every earlier point: replayed even without new changes.
  await db.document.update({ where: { id: documents[1].id }, data: { deletedAt: new Date() } });
  const fourth = await inputs();
  report = { documents: 0, batches: 0, largestBatch: 0 };
  const afterDeletion = await overTime.agreementOverTimeKept(project.id, fourth.labels, fourth.assignments, afterFinish, { report });
  expect(report.documents).toBe(3);
  expect(summary(afterDeletion.points)).toEqual(summary(fourth.points));
});
