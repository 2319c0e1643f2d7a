// Property: the one-statement paths (create, update, list annotations; read a document) decide
// exactly as the step-by-step paths do. They check membership, role and API-token scope inside
// their SQL from parameters the permission table generates (lib/server/authz.ts `sqlScope`); the
// step-by-step paths resolve an access value first and ask `authorize`. For random callers —
// browser sessions and API tokens (read-write, read-only, for another project, for a project the
// person has left) of every role and of a stranger — and random ids (live, foreign, stale, not
// ids at all), labels, spans and versions, both answer with the same status and leave the same
// rows: the same annotation and history rows (ids, sequence numbers and times aside), and the same
// number of new rows in every annotation table.
// fast-check prints the seed and the shrunk case of any failure; rerun with `{ seed, path }`.
import fc from "fast-check";
import { beforeAll, expect, test } from "vitest";
import { uuidv7 } from "@/lib/ids";
import type { Caller } from "@/lib/server/authz";
import { AppError } from "@/lib/server/errors";
import { documentAccessOf } from "@/lib/testing/access";
import { useTestDatabase } from "@/lib/testing/test-database";

let db: typeof import("@/lib/db").db;
let create: typeof import("@/lib/server/annotations/create-annotation");
let change: typeof import("@/lib/server/annotations/change-annotation");
let list: typeof import("@/lib/server/annotations/list-annotations");
let read: typeof import("@/lib/server/documents/get-document");
let schemas: typeof import("@/lib/schemas/annotation");

const TEXT = "Kim Jong Un met Vladimir Putin in Vladivostok. 👍 Kim Jong Un said ties would grow.";
const cp = (needle: string) => [...TEXT.slice(0, TEXT.indexOf(needle))].length;
const SPANS = ["Kim Jong Un", "Vladimir Putin", "Vladivostok"].map((w) => ({ start: cp(w), end: cp(w) + [...w].length, exact: w }));

const ROLES = ["OWNER", "CURATOR", "ANNOTATOR", "VIEWER"] as const;
type Person = (typeof ROLES)[number] | "STRANGER";
const PEOPLE: readonly Person[] = [...ROLES, "STRANGER"];

type World = {
  users: Record<Person, string>;
  projectId: string;
  foreignProjectId: string;
  documentId: string;
  foreignDocumentId: string;
  labels: { person: string; location: string; claim: string; foreign: string };
  /** Someone else's annotation in the foreign project. */
  foreignAnnotationId: string;
};
let w: World;

beforeAll(async () => {
  await useTestDatabase();
  ({ db } = await import("@/lib/db"));
  create = await import("@/lib/server/annotations/create-annotation");
  change = await import("@/lib/server/annotations/change-annotation");
  list = await import("@/lib/server/annotations/list-annotations");
  read = await import("@/lib/server/documents/get-document");
  schemas = await import("@/lib/schemas/annotation");
  const { createProject } = await import("@/lib/server/projects/create-project");
  const made = await Promise.all(PEOPLE.map((p) => db.user.create({ data: { email: `${p.toLowerCase()}@paths.test`, name: p } })));
  const users = Object.fromEntries(PEOPLE.map((p, i) => [p, made[i].id])) as Record<Person, string>;
  const project = await createProject(users.OWNER, { name: "Paths", description: "" });
  const foreign = await createProject(users.STRANGER, { name: "Elsewhere", description: "" });
  // Each path acts on its own identical copy of a situation, so the same person tags the same span
  // many times; the refusal of such duplicates is compared path by path in duplicate-tag.test.ts.
  await db.project.updateMany({ where: { id: { in: [project.id, foreign.id] } }, data: { allowStackedTags: true } });
  await db.membership.createMany({
    data: (["CURATOR", "ANNOTATOR", "VIEWER"] as const).map((role) => ({ projectId: project.id, userId: users[role], role })),
  });
  const doc = (projectId: string) => db.document.create({ data: { projectId, title: "Summit", text: TEXT, contentHash: uuidv7(), length: [...TEXT].length } });
  const [document, foreignDocument] = await Promise.all([doc(project.id), doc(foreign.id)]);
  const label = async (projectId: string, name: string) => (await db.label.findFirstOrThrow({ where: { projectId, name } })).id;
  w = {
    users, projectId: project.id, foreignProjectId: foreign.id, documentId: document.id, foreignDocumentId: foreignDocument.id,
    labels: { person: await label(project.id, "Person"), location: await label(project.id, "Location"), claim: await label(project.id, "Claim"), foreign: await label(foreign.id, "Person") },
    foreignAnnotationId: "",
  };
  const stranger = await documentAccessOf(users.STRANGER, foreignDocument.id);
  w.foreignAnnotationId = (await create.createAnnotation(stranger, { id: uuidv7(), labelId: w.labels.foreign, ...SPANS[0], attributes: {}, note: "" })).annotation.id;
});

// ---- random callers and ids ----------------------------------------------------------------------
// Weighted towards requests that are valid in every respect but the caller, so that most cases
// reach the point where only authorization decides.
const weighted = <T,>(...choices: [weight: number, value: T][]) => fc.oneof(...choices.map(([weight, value]) => ({ weight, arbitrary: fc.constant(value) })));

type CallerSpec = { person: Person; token: null | { projects: ("this" | "foreign")[]; readOnly: boolean } };
const callerSpec: fc.Arbitrary<CallerSpec> = fc.record({
  person: fc.constantFrom(...PEOPLE),
  token: fc.option(fc.record({ projects: fc.subarray(["this", "foreign"] as ("this" | "foreign")[]), readOnly: fc.boolean() }), { freq: 2 }),
});
const callerOf = ({ person, token }: CallerSpec): Caller => ({
  userId: w.users[person],
  token: token && {
    tokenId: uuidv7(),
    projectIds: token.projects.map((p) => (p === "this" ? w.projectId : w.foreignProjectId)),
    readOnly: token.readOnly,
  },
});

type DocumentRef = "live" | "upper-case" | "foreign" | "stale" | "not-an-id";
const documentRef = weighted<DocumentRef>([8, "live"], [1, "upper-case"], [1, "foreign"], [1, "stale"], [1, "not-an-id"]);
const documentIdOf = (ref: DocumentRef) =>
  ({ live: w.documentId, "upper-case": w.documentId.toUpperCase(), foreign: w.foreignDocumentId, stale: uuidv7(), "not-an-id": "summit" })[ref];

type LabelRef = keyof World["labels"] | "stale";
const labelRef = weighted<LabelRef>([8, "person"], [1, "location"], [1, "claim"], [1, "foreign"], [1, "stale"]);
const labelIdOf = (ref: LabelRef) => (ref === "stale" ? uuidv7() : w.labels[ref]);

const attributes = weighted<Record<string, unknown>>([6, {}], [2, { canonicalName: "Kim Jong Un" }], [1, { stance: "supportive" }], [1, { date: "2019-04" }], [1, { nonsense: 1 }]);
const note = fc.constantFrom("", "checked", "x".repeat(300));

type Outcome = { status: number; body: unknown };
async function outcome(run: () => Promise<unknown>): Promise<Outcome> {
  try {
    const result = await run();
    return { status: (result as { created?: boolean })?.created === false ? 200 : (result as { created?: boolean })?.created ? 201 : 200, body: result };
  } catch (error) {
    if (error instanceof AppError) return { status: error.status, body: error.code };
    return { status: 500, body: String(error) };
  }
}

/** What is stored about an annotation, without what differs between two copies (ids, sequence, times). */
async function stored(id: string) {
  const row = await db.annotation.findUnique({
    where: { id },
    select: {
      projectId: true, documentId: true, labelId: true, authorId: true, start: true, end: true, exact: true, prefix: true, suffix: true,
      attributes: true, note: true, version: true, reviewState: true, gold: true, deletedAt: true,
    },
  });
  const history = await db.annotationHistory.findMany({ where: { annotationId: id }, orderBy: { version: "asc" }, select: { action: true, version: true, actorId: true, before: true, after: true } });
  return row && { ...row, deletedAt: row.deletedAt !== null, history };
}

const counts = async () => ({ annotations: await db.annotation.count(), history: await db.annotationHistory.count() });
const delta = (before: Awaited<ReturnType<typeof counts>>, after: Awaited<ReturnType<typeof counts>>) => ({
  annotations: after.annotations - before.annotations,
  history: after.history - before.history,
});

// ---- the properties --------------------------------------------------------------------------------

test("create: the one statement and the step-by-step path give the same status and store the same annotation", async () => {
  await fc.assert(
    fc.asyncProperty(
      callerSpec, documentRef, labelRef, fc.constantFrom(...SPANS), weighted([8, "exact"], [1, "wrong quote"], [1, "out of range"]), attributes, note,
      weighted([8, "fresh"], [1, "retry of own"], [1, "taken by someone else"]),
      async (spec, docRef, label, span, quote, attrs, text, idKind) => {
        const caller = callerOf(spec);
        const documentId = documentIdOf(docRef);
        const at = quote === "exact" ? span : quote === "wrong quote" ? { ...span, exact: "Someone" } : { start: 1000, end: 1005, exact: "Putin" };
        // Each path gets its own id (and, for a retry, its own earlier annotation), so the two
        // runs act on copies of the same situation.
        const idFor = async () => {
          if (idKind === "fresh") return uuidv7();
          const author = idKind === "retry of own" ? spec.person : "OWNER";
          if (author === "STRANGER" || author === "VIEWER") return w.foreignAnnotationId;
          const first = await create.createAnnotation(await documentAccessOf(w.users[author], w.documentId), { id: uuidv7(), labelId: w.labels.person, ...SPANS[0], attributes: {}, note: "" });
          return first.annotation.id;
        };
        const [idFast, idSteps] = [await idFor(), await idFor()];
        const input = (id: string) => schemas.createAnnotationSchema.parse({ id, labelId: labelIdOf(label), ...at, attributes: attrs, note: text });

        const before1 = await counts();
        const fast = await outcome(() => create.createAnnotationAsMember(caller, documentId, input(idFast)));
        const after1 = await counts();
        const steps = await outcome(() => create.createAnnotationStepByStep(caller, documentId, input(idSteps)));
        const after2 = await counts();

        expect(fast.status).not.toBe(500);
        expect(fast.status).toBe(steps.status);
        expect(delta(before1, after1)).toEqual(delta(after1, after2));
        expect(await stored(idFast)).toEqual(await stored(idSteps));
      },
    ),
    { numRuns: 100 },
  );
});

test("update: the one statement and the step-by-step path give the same status and leave the same rows", async () => {
  await fc.assert(
    fc.asyncProperty(
      callerSpec, fc.constantFrom<Person>("OWNER", "ANNOTATOR", "ANNOTATOR", "CURATOR", "VIEWER"), weighted([3, true], [1, false]),
      weighted([8, "live"], [1, "deleted"], [1, "foreign"], [1, "stale"]),
      fc.option(labelRef), fc.option(attributes), fc.option(note),
      fc.oneof({ weight: 8, arbitrary: fc.constantFrom("current", "current", "current", "previous", "next") }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 2_147_483_647 }) }),
      async (spec, author, callerIsAuthor, target, label, attrs, text, versionChoice) => {
        // Mostly the author (with any kind of token), since only the author may change an annotation.
        const caller = callerOf(callerIsAuthor ? { ...spec, person: author } : spec);
        // Two identical annotations by `author` (version 2 after one edit), one for each path. A
        // viewer's were written before a demotion: made by an annotator, then credited to them.
        const copy = async () => {
          if (target === "foreign") return w.foreignAnnotationId;
          if (target === "stale") return uuidv7();
          const writer = author === "VIEWER" ? "ANNOTATOR" : author;
          const access = await documentAccessOf(w.users[writer], w.documentId);
          const { annotation } = await create.createAnnotation(access, { id: uuidv7(), labelId: w.labels.person, ...SPANS[1], attributes: {}, note: "" });
          const writerCaller = { userId: w.users[writer], token: null };
          await change.updateAnnotationStepByStep(writerCaller, annotation.id, { version: 1, note: "first edit" });
          if (target === "deleted") await change.deleteAnnotation(writerCaller, annotation.id, 2);
          if (author === "VIEWER") await db.annotation.update({ where: { id: annotation.id }, data: { authorId: w.users.VIEWER } });
          return annotation.id;
        };
        const [idFast, idSteps] = [await copy(), await copy()];
        const current = target === "deleted" ? 3 : 2;
        const version = versionChoice === "current" ? current : versionChoice === "previous" ? current - 1 : versionChoice === "next" ? current + 1 : versionChoice;
        const input = schemas.updateAnnotationSchema.parse({
          version, ...(label !== null ? { labelId: labelIdOf(label) } : {}), ...(attrs !== null ? { attributes: attrs } : {}), ...(text !== null ? { note: text } : {}),
        });

        const before1 = await counts();
        const fast = await outcome(() => change.updateAnnotation(caller, idFast, input));
        const after1 = await counts();
        const steps = await outcome(() => change.updateAnnotationStepByStep(caller, idSteps, input));
        const after2 = await counts();

        expect(fast.status).not.toBe(500);
        expect(fast.status).toBe(steps.status);
        expect(delta(before1, after1)).toEqual(delta(after1, after2));
        expect(await stored(idFast)).toEqual(await stored(idSteps));
      },
    ),
    { numRuns: 100 },
  );
});

test("reads: the one-statement list and document read answer exactly as the step-by-step paths", async () => {
  await fc.assert(
    fc.asyncProperty(callerSpec, documentRef, fc.option(fc.integer({ min: 0, max: 10_000 })), fc.boolean(), async (spec, docRef, since, withRaw) => {
      const caller = callerOf(spec);
      const documentId = documentIdOf(docRef);
      const sinceArg = since ?? undefined;
      const [fastList, stepList] = [
        await outcome(() => list.listAnnotationsAsMember(caller, documentId, sinceArg)),
        await outcome(() => list.listAnnotationsStepByStep(caller, documentId, sinceArg)),
      ];
      expect(fastList.status).not.toBe(500);
      expect(fastList).toEqual(stepList);
      const [fastDoc, stepDoc] = [
        await outcome(() => read.getDocumentAsMember(caller, documentId, { withRaw })),
        await outcome(() => read.getDocumentStepByStep(caller, documentId, { withRaw })),
      ];
      expect(fastDoc.status).not.toBe(500);
      expect(fastDoc).toEqual(stepDoc);
    }),
    { numRuns: 80 },
  );
});

test("API tokens get the table's answer on the one-statement paths: read-write writes, read-only is refused, another project's token finds nothing", async () => {
  const token = (readOnly: boolean): Caller => ({ userId: w.users.ANNOTATOR, token: { tokenId: uuidv7(), projectIds: [w.projectId], readOnly } });
  const input = () => schemas.createAnnotationSchema.parse({ id: uuidv7(), labelId: w.labels.location, ...SPANS[2], attributes: {}, note: "" });
  const { annotation, created } = await create.createAnnotationAsMember(token(false), w.documentId, input());
  expect(created).toBe(true);
  expect((await change.updateAnnotation(token(false), annotation.id, { version: 1, note: "by script" })).version).toBe(2);
  await expect(create.createAnnotationAsMember(token(true), w.documentId, input())).rejects.toMatchObject({ status: 403, message: expect.stringMatching(/read-only/) });
  await expect(change.updateAnnotation(token(true), annotation.id, { version: 2, note: "x" })).rejects.toMatchObject({ status: 403 });
  const other: Caller = { userId: w.users.ANNOTATOR, token: { tokenId: uuidv7(), projectIds: [w.foreignProjectId], readOnly: false } };
  await expect(create.createAnnotationAsMember(other, w.documentId, input())).rejects.toMatchObject({ status: 404 });
  await expect(list.listAnnotationsAsMember(other, w.documentId)).rejects.toMatchObject({ status: 404 });
});
