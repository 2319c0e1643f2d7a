// Deleting a document takes it out of everything at once; restoring brings back exactly what it
// had; the purge removes it for good after 30 days. On a real PostgreSQL.
import { beforeAll, expect, test } from "vitest";
import { uuidv7 } from "@/lib/ids";
import { useTestDatabase } from "@/lib/testing/test-database";
import { asUser, documentAccessOf, ownerAccessOf, ownerDocumentAccessOf, projectAccessOf } from "@/lib/testing/access";
import { searchQuerySchema } from "@/lib/schemas/search";
import { exportOptionsSchema } from "@/lib/schemas/export";
import { documentListQuery } from "@/lib/schemas/document-list";
import { reviewQueueQuery } from "@/lib/server/reviews/list-review-queue";

let db: typeof import("@/lib/db").db;
let m: {
  createProject: typeof import("@/lib/server/projects/create-project").createProject;
  createAnnotation: typeof import("@/lib/server/annotations/create-annotation").createAnnotation;
  deleteAnnotation: typeof import("@/lib/server/annotations/change-annotation");
  del: typeof import("@/lib/server/documents/delete-document");
  listDocuments: typeof import("@/lib/server/documents/list-documents-page").listDocumentsPage;
  importDocuments: typeof import("@/lib/server/documents/import-documents").importDocuments;
  search: typeof import("@/lib/server/search/search-project").searchProject;
  agreement: typeof import("@/lib/server/agreement/project-agreement").projectAgreement;
  queue: typeof import("@/lib/server/reviews/list-review-queue").listReviewQueue;
  exportFor: typeof import("@/lib/server/export/export-project").exportProjectFor;
  assign: typeof import("@/lib/server/assignments/assign-documents").setDocumentAssignees;
  myAssignments: typeof import("@/lib/server/assignments/list-assignments").listMyAssignments;
  createItem: typeof import("@/lib/server/knowledge/create-canonical-item").createCanonicalItem;
  link: typeof import("@/lib/server/knowledge/link-annotation").linkAnnotationToCanonical;
  item: typeof import("@/lib/server/knowledge/get-canonical-item").getCanonicalItem;
};

beforeAll(async () => {
  await useTestDatabase();
  ({ db } = await import("@/lib/db"));
  m = {
    createProject: (await import("@/lib/server/projects/create-project")).createProject,
    createAnnotation: (await import("@/lib/server/annotations/create-annotation")).createAnnotation,
    deleteAnnotation: await import("@/lib/server/annotations/change-annotation"),
    del: await import("@/lib/server/documents/delete-document"),
    listDocuments: (await import("@/lib/server/documents/list-documents-page")).listDocumentsPage,
    importDocuments: (await import("@/lib/server/documents/import-documents")).importDocuments,
    search: (await import("@/lib/server/search/search-project")).searchProject,
    agreement: (await import("@/lib/server/agreement/project-agreement")).projectAgreement,
    queue: (await import("@/lib/server/reviews/list-review-queue")).listReviewQueue,
    exportFor: (await import("@/lib/server/export/export-project")).exportProjectFor,
    assign: (await import("@/lib/server/assignments/assign-documents")).setDocumentAssignees,
    myAssignments: (await import("@/lib/server/assignments/list-assignments")).listMyAssignments,
    createItem: (await import("@/lib/server/knowledge/create-canonical-item")).createCanonicalItem,
    link: (await import("@/lib/server/knowledge/link-annotation")).linkAnnotationToCanonical,
    item: (await import("@/lib/server/knowledge/get-canonical-item")).getCanonicalItem,
  };
});

const TEXTS = ["Kim Jong Un met Vladimir Putin in Vladivostok. Zebrafinch treaty.", "The treaty was signed in Pyongyang by both leaders."];

async function corpus() {
  const owner = await db.user.create({ data: { email: `del-${uuidv7()}@t.local`, name: "Owner" } });
  const annotator = await db.user.create({ data: { email: `del-a-${uuidv7()}@t.local`, name: "Annotator" } });
  const project = await m.createProject(owner.id, { name: "Deletions", description: "", annotatorsSee: "EVERYONE" });
  await db.membership.create({ data: { projectId: project.id, userId: annotator.id, role: "ANNOTATOR" } });
  const ownerAccess = await projectAccessOf(owner.id, project.id);
  const imported = await m.importDocuments(ownerAccess, TEXTS.map((text, i) => ({ name: `doc${i}.txt`, fileName: `doc${i}.txt`, text, meta: { title: `Doc ${i}` } })), { trim: false, dryRun: false });
  const [docA, docB] = imported.report.map((r) => r.documentId!);
  const person = (await db.label.findFirstOrThrow({ where: { projectId: project.id, name: "Person" } })).id;
  const tag = async (documentId: string, userId: string, needle: string) => {
    const text = TEXTS[documentId === docA ? 0 : 1];
    const start = [...text.slice(0, text.indexOf(needle))].length;
    return (await m.createAnnotation(await documentAccessOf(userId, documentId), { id: uuidv7(), labelId: person, start, end: start + [...needle].length, exact: needle, attributes: {}, note: "zebrafinch" })).annotation;
  };
  const kim = await tag(docA, annotator.id, "Kim Jong Un");
  const putin = await tag(docA, annotator.id, "Vladimir Putin");
  await tag(docA, owner.id, "Kim Jong Un");
  const gone = await tag(docA, annotator.id, "Vladivostok");
  await m.deleteAnnotation.deleteAnnotation(asUser(annotator.id), gone.id, gone.version);
  await tag(docB, annotator.id, "Pyongyang");
  const item = await m.createItem(await ownerAccessOf(project.id), { kind: "ENTITY", name: "Kim Jong Un", aliases: [], description: "" });
  await m.link(asUser(annotator.id), kim.id, item.id);
  await m.assign(ownerAccess, { documentId: docA, userIds: [annotator.id] });
  return { owner, annotator, project, ownerAccess, docA, docB, kim, putin, gone, item };
}

/** What members see of the project, through the same use cases as the pages and the API. */
async function seen(c: Awaited<ReturnType<typeof corpus>>) {
  const search = await m.search(c.ownerAccess, searchQuerySchema.parse({ q: "zebrafinch" }));
  const exported = await m.exportFor(c.ownerAccess, exportOptionsSchema.parse({ format: "csv", layers: "mixed" }), "https://wb.example");
  return {
    documents: (await m.listDocuments(c.ownerAccess, documentListQuery.parse({}))).documents.map((d) => d.title),
    searchDocuments: search.documents?.items.map((d) => d.title) ?? [],
    searchAnnotations: search.annotations?.total ?? 0,
    agreementDocuments: (await m.agreement(c.ownerAccess)).documents.map((d) => d.title),
    queue: (await m.queue(c.ownerAccess, reviewQueueQuery.parse({ state: "ALL" }))).items.length,
    exported: exported.count,
    myAssignments: (await m.myAssignments(await projectAccessOf(c.annotator.id, c.project.id))).map((a) => a.title),
    mentions: (await m.item(c.ownerAccess, c.item.id)).mentions.length,
  };
}

test("a deleted document leaves the list, search, agreement, review queue, exports, work queues and the knowledge base; a restore brings back exactly what it had", async () => {
  const c = await corpus();
  const before = await seen(c);
  expect(before).toEqual({ documents: ["Doc 0", "Doc 1"], searchDocuments: ["Doc 0"], searchAnnotations: 4, agreementDocuments: ["Doc 0", "Doc 1"], queue: 4, exported: 4, myAssignments: ["Doc 0"], mentions: 1 });

  const deleted = await m.del.deleteDocument(await documentAccessOf(c.owner.id, c.docA));
  expect(new Date(deleted.restorableUntil).getTime() - new Date(deleted.deletedAt).getTime()).toBe(30 * 24 * 3600 * 1000);
  expect(await seen(c)).toEqual({ documents: ["Doc 1"], searchDocuments: [], searchAnnotations: 1, agreementDocuments: ["Doc 1"], queue: 1, exported: 1, myAssignments: [], mentions: 0 });
  // The document and its annotations answer 404 like missing ones, to everyone.
  await expect(documentAccessOf(c.owner.id, c.docA)).rejects.toThrow("Document not found");
  const { resolveResource } = await import("@/lib/server/authz");
  await expect(resolveResource(asUser(c.annotator.id), "Annotation", c.kim.id)).rejects.toThrow("Annotation not found");
  // Its text cannot come in again as a new document meanwhile: it says where it is.
  const again = await m.importDocuments(c.ownerAccess, [{ name: "again.txt", fileName: "again.txt", text: TEXTS[0], meta: {} }], { trim: false, dryRun: true });
  expect(again.report[0]).toMatchObject({ outcome: "duplicate", reason: 'already in the project as "Doc 0", now in Deleted documents: restore it instead' });
  const listed = await m.del.listDeletedDocuments(c.ownerAccess);
  // It counts what a restore brings back: not the annotation deleted before the document.
  expect(listed.documents).toMatchObject([{ id: c.docA, title: "Doc 0", annotations: 3, deletedBy: { id: c.owner.id, name: "Owner" } }]);

  const restored = await m.del.restoreDocument(c.ownerAccess, c.docA);
  expect(restored).toMatchObject({ id: c.docA, annotations: 3 });
  expect(await seen(c)).toEqual(before);
  // The annotation its author had deleted before stays deleted.
  expect((await db.annotation.findUniqueOrThrow({ where: { id: c.gone.id } })).deletedAt).not.toBeNull();
  expect((await m.del.listDeletedDocuments(c.ownerAccess)).documents).toEqual([]);
  await expect(m.del.restoreDocument(c.ownerAccess, c.docA)).rejects.toThrow("No deleted document with this id");
});

test("only curators and owners delete and restore; another project's deleted document is not found", async () => {
  const c = await corpus();
  const other = await corpus();
  await expect(m.del.deleteDocument(await documentAccessOf(c.annotator.id, c.docA))).rejects.toThrow("This needs the CURATOR role");
  await m.del.deleteDocument(await documentAccessOf(other.owner.id, other.docA));
  await expect(m.del.restoreDocument(c.ownerAccess, other.docA)).rejects.toThrow("No deleted document with this id in this project");
  await expect(m.del.listDeletedDocuments(await projectAccessOf(c.annotator.id, c.project.id))).rejects.toThrow("This needs the CURATOR role");
});

test("the purge removes documents deleted more than 30 days ago, with their annotations, and keeps newer ones", async () => {
  const c = await corpus();
  await m.del.deleteDocument(await ownerDocumentAccessOf(c.docA));
  await m.del.deleteDocument(await ownerDocumentAccessOf(c.docB));
  const day = 24 * 3600 * 1000;
  await db.document.update({ where: { id: c.docA }, data: { deletedAt: new Date(Date.now() - 31 * day) } });
  await db.document.update({ where: { id: c.docB }, data: { deletedAt: new Date(Date.now() - 29 * day) } });
  expect(await m.del.purgeDeletedDocuments(new Date(), 1)).toBeGreaterThanOrEqual(1);
  expect(await db.document.findUnique({ where: { id: c.docA } })).toBeNull();
  expect(await db.annotation.count({ where: { documentId: c.docA } })).toBe(0);
  expect(await db.document.findUnique({ where: { id: c.docB } })).not.toBeNull();
});
