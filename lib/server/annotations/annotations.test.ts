// Integration tests of annotation create/update/delete on a real PostgreSQL.
import { beforeAll, expect, test } from "vitest";
import { uuidv7 } from "@/lib/ids";
import { useTestDatabase } from "@/lib/testing/test-database";
import { asUser, documentAccessOf } from "@/lib/testing/access";

// Annotators (and viewers) see each other's work here, as these tests assume; lib/server/visibility.test.ts covers the default.
const SHARED = { annotatorsSee: "EVERYONE", viewersSee: "EVERYONE" } as const;

let db: typeof import("@/lib/db").db;
let create: typeof import("@/lib/server/annotations/create-annotation").createAnnotation;
let change: typeof import("@/lib/server/annotations/change-annotation");
let list: typeof import("@/lib/server/annotations/list-annotations").listDocumentAnnotations;
let createProject: typeof import("@/lib/server/projects/create-project").createProject;

beforeAll(async () => {
  await useTestDatabase();
  ({ db } = await import("@/lib/db"));
  ({ createAnnotation: create } = await import("@/lib/server/annotations/create-annotation"));
  change = await import("@/lib/server/annotations/change-annotation");
  ({ listDocumentAnnotations: list } = await import("@/lib/server/annotations/list-annotations"));
  ({ createProject } = await import("@/lib/server/projects/create-project"));
});

// Canonical (NFC) like every stored text: the combining accent becomes one code point.
const TEXT = "Summit 🤝 in Vladivostok.\n\n金正恩 met Putin; Cafe\u0301 talks followed.".normalize("NFC");
let n = 0;

async function setup() {
  const owner = await db.user.create({ data: { email: `o${++n}@t.local`, name: "Owner" } });
  const other = await db.user.create({ data: { email: `a${n}@t.local`, name: "Other" } });
  const project = await createProject(owner.id, { name: "P", description: "", ...SHARED });
  await db.membership.create({ data: { projectId: project.id, userId: other.id, role: "ANNOTATOR" } });
  const doc = await db.document.create({ data: { projectId: project.id, title: "t", text: TEXT, contentHash: `h${n}`, length: [...TEXT].length } });
  const labels = await db.label.findMany({ where: { projectId: project.id } });
  const label = (name: string) => labels.find((l) => l.name === name)!.id;
  const access = await documentAccessOf(owner.id, doc.id);
  return { owner, other, project, doc, label, access };
}

const cp = (s: string) => [...TEXT.slice(0, TEXT.indexOf(s))].length;

test("create stores code-point offsets with quote and context; a retry returns the same annotation", async () => {
  const { access, label } = await setup();
  const start = cp("Vladivostok");
  const input = { id: uuidv7(), labelId: label("Location"), start, end: start + 11, exact: "Vladivostok", attributes: {}, note: "" };
  const first = await create(access, input);
  expect(first.created).toBe(true);
  expect(first.annotation).toMatchObject({ start: 12, end: 23, exact: "Vladivostok", prefix: "Summit 🤝 in ", suffix: ".\n\n金正恩 met Putin; Café talks fol", version: 1 });
  const retry = await create(access, input);
  expect(retry.created).toBe(false);
  expect(retry.annotation.id).toBe(first.annotation.id);
  expect(await db.annotation.count({ where: { documentId: access.documentId } })).toBe(1);
});

test("the server refuses spans that do not anchor: 422 for a wrong quote, 400 for empty or out of range", async () => {
  const { access, label } = await setup();
  const base = { labelId: label("Person"), attributes: {}, note: "" };
  // UTF-16 offsets (what a naive client sends) are off by one after the emoji.
  const utf16 = TEXT.indexOf("Putin");
  await expect(create(access, { ...base, id: uuidv7(), start: utf16, end: utf16 + 5, exact: "Putin" })).rejects.toMatchObject({ status: 422 });
  await expect(create(access, { ...base, id: uuidv7(), start: 3, end: 3, exact: "x" })).rejects.toMatchObject({ status: 400 });
  await expect(create(access, { ...base, id: uuidv7(), start: 0, end: 10_000, exact: "x" })).rejects.toMatchObject({ status: 400 });
  const start = cp("Putin");
  const ok = await create(access, { ...base, id: uuidv7(), start, end: start + 5, exact: "Putin" });
  expect(ok.annotation.exact).toBe("Putin");
  // A span across the paragraph break, and one over a combining sequence (NFC made it one code point).
  const across = await create(access, { ...base, labelId: label("Claim"), id: uuidv7(), start: cp("Vladivostok"), end: cp("金正恩") + 3, exact: "Vladivostok.\n\n金正恩" });
  expect(across.annotation.end - across.annotation.start).toBe(17);
  const cafe = cp("Café");
  expect((await create(access, { ...base, id: uuidv7(), start: cafe, end: cafe + 4, exact: "Café" })).created).toBe(true);
});

test("attributes are checked against the label's kind and links must be annotations of the same document", async () => {
  const { access, label } = await setup();
  const kim = await create(access, { id: uuidv7(), labelId: label("Person"), start: cp("金正恩"), end: cp("金正恩") + 3, exact: "金正恩", attributes: { canonicalName: "Kim Jong Un" }, note: "" });
  const claimStart = cp("met Putin");
  const claim = { id: uuidv7(), labelId: label("Claim"), start: claimStart, end: claimStart + 9, exact: "met Putin", note: "" };
  await expect(create(access, { ...claim, attributes: { stance: "enthusiastic" } })).rejects.toMatchObject({ status: 400 });
  await expect(create(access, { ...claim, attributes: { date: "2019-04-25" } })).rejects.toMatchObject({ status: 400 });
  await expect(create(access, { ...claim, attributes: { claimantId: uuidv7() } })).rejects.toThrow(/not a live annotation in this document/);
  const ok = await create(access, { ...claim, attributes: { claimantId: kim.annotation.id, stance: "supportive", modality: "factual" } });
  expect(ok.annotation.attributes).toEqual({ claimantId: kim.annotation.id, stance: "supportive", modality: "factual" });
  const event = { id: uuidv7(), labelId: label("Meeting/Visit"), start: claimStart + 4, end: claimStart + 9, exact: "Putin", note: "" };
  await expect(create(access, { ...event, attributes: { date: "2019-13" } })).rejects.toMatchObject({ status: 400 });
  expect((await create(access, { ...event, attributes: { date: "2019-04", participantIds: [kim.annotation.id] } })).created).toBe(true);
});

test("updates need the current version (409 with the current state), only the author may change, deletes leave tombstones", async () => {
  const { owner, other, access, label } = await setup();
  const start = cp("Putin");
  const { annotation } = await create(access, { id: uuidv7(), labelId: label("Person"), start, end: start + 5, exact: "Putin", attributes: {}, note: "" });
  const v2 = await change.updateAnnotation(asUser(owner.id), annotation.id, { version: 1, note: "President of Russia" });
  expect(v2).toMatchObject({ version: 2, note: "President of Russia" });
  expect(v2.seq).toBeGreaterThan(annotation.seq);
  await expect(change.updateAnnotation(asUser(owner.id), annotation.id, { version: 1, note: "stale" })).rejects.toMatchObject({
    status: 409,
    details: { current: { version: 2, note: "President of Russia" } },
  });
  await expect(change.updateAnnotation(asUser(other.id), annotation.id, { version: 2, note: "not mine" })).rejects.toMatchObject({ status: 403 });
  await expect(change.deleteAnnotation(asUser(other.id), annotation.id, 2)).rejects.toMatchObject({ status: 403 });
  const stranger = await db.user.create({ data: { email: `s${n}@t.local`, name: "S" } });
  await expect(change.updateAnnotation(asUser(stranger.id), annotation.id, { version: 2 })).rejects.toMatchObject({ status: 404 });

  const { cursor } = await list(access);
  const tomb = await change.deleteAnnotation(asUser(owner.id), annotation.id, 2);
  expect(tomb).toMatchObject({ deleted: true, version: 3 });
  expect((await list(access)).annotations).toEqual([]);
  const since = await list(access, cursor);
  expect(since.annotations.map((a) => [a.id, a.deleted])).toEqual([[annotation.id, true]]);
  expect(since.cursor).toBe(tomb.seq);
  await expect(change.updateAnnotation(asUser(owner.id), annotation.id, { version: 3, note: "x" })).rejects.toMatchObject({ status: 409 });
});

test("concurrent updates with the same version: exactly one wins, the other gets 409", async () => {
  const { owner, access, label } = await setup();
  const start = cp("Summit");
  const { annotation } = await create(access, { id: uuidv7(), labelId: label("Meeting/Visit"), start, end: start + 6, exact: "Summit", attributes: {}, note: "" });
  const results = await Promise.allSettled([1, 2, 3, 4].map((i) => change.updateAnnotation(asUser(owner.id), annotation.id, { version: 1, note: `edit ${i}` })));
  expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
  expect(results.filter((r) => r.status === "rejected").map((r) => (r as PromiseRejectedResult).reason.status)).toEqual([409, 409, 409]);
});

test("every create, change and delete is logged with who, when, before and after; the log cannot be rewritten", async () => {
  const { owner, access, label } = await setup();
  const start = cp("Putin");
  const { annotation } = await create(access, { id: uuidv7(), labelId: label("Person"), start, end: start + 5, exact: "Putin", attributes: {}, note: "" });
  await change.updateAnnotation(asUser(owner.id), annotation.id, { version: 1, note: "President", attributes: { canonicalName: "Vladimir Putin" } });
  await change.deleteAnnotation(asUser(owner.id), annotation.id, 2);
  const { listAnnotationHistory } = await import("@/lib/server/annotations/history");
  const history = await listAnnotationHistory(annotation.id);
  expect(history.map((h) => [h.action, h.version, h.actor.id])).toEqual([
    ["CREATE", 1, owner.id],
    ["UPDATE", 2, owner.id],
    ["DELETE", 3, owner.id],
  ]);
  expect(history[0].before).toBeNull();
  expect(history[1].before).toMatchObject({ note: "", version: 1 });
  expect(history[1].after).toMatchObject({ note: "President", attributes: { canonicalName: "Vladimir Putin" }, version: 2 });
  expect(history[2].after).toBeNull();
  await expect(db.$executeRaw`UPDATE "AnnotationHistory" SET action = 'CREATE' WHERE "annotationId" = ${annotation.id}::uuid`).rejects.toThrow(/append-only/);
  // A refused change leaves no trace in the log.
  await expect(change.updateAnnotation(asUser(owner.id), annotation.id, { version: 1, note: "stale" })).rejects.toMatchObject({ status: 409 });
  expect(await listAnnotationHistory(annotation.id)).toHaveLength(3);
});

test("the document page's compact list holds the same annotations as the full list: order, offsets, versions, and every non-default field", async () => {
  const { owner, access, label, project } = await setup();
  const { compactAnnotations } = await import("@/lib/client/compact-annotations");
  const { listDocumentAnnotationsCompact } = await import("@/lib/server/annotations/list-annotations");
  const at = (s: string, labelName: string, extra: { attributes?: Record<string, unknown>; note?: string } = {}) =>
    create(access, { id: uuidv7(), labelId: label(labelName), start: cp(s), end: cp(s) + [...s].length, exact: s, attributes: {}, note: "", ...extra });
  const kim = await at("金正恩", "Person", { attributes: { canonicalName: "Kim Jong Un" }, note: "leader" });
  const summit = await at("Summit 🤝", "Meeting/Visit");
  await at("Putin", "Person");
  // Two annotations on one span come in the same order from both statements (ties broken by id).
  await at("Putin", "Organization");
  const gone = await at("Vladivostok", "Location");
  await change.deleteAnnotation(asUser(owner.id), gone.annotation.id, 1);
  await db.annotation.update({ where: { id: summit.annotation.id }, data: { reviewState: "ACCEPTED" } });
  const item = await db.canonicalItem.create({ data: { projectId: project.id, name: "Kim Jong Un", kind: "ENTITY" } });
  await db.annotation.update({ where: { id: kim.annotation.id }, data: { canonicalId: item.id, gold: true } });

  const full = await list(access);
  const page = await listDocumentAnnotationsCompact(access);
  expect(page.annotations).toEqual(compactAnnotations(full.annotations));
  expect(page.cursor).toBe(full.cursor);
  expect(page.annotations.ids).toHaveLength(4);
  expect(page.annotations.ids).not.toContain(gone.annotation.id);
  expect(page.annotations.extras.map(([i, x]) => [page.annotations.ids[i], x])).toEqual([
    [summit.annotation.id, { reviewState: "ACCEPTED" }],
    [kim.annotation.id, { attributes: { canonicalName: "Kim Jong Un" }, note: "leader", gold: true, canonicalId: item.id }],
  ]);
});
