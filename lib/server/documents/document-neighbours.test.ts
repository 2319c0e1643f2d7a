// Previous / next in the viewer, on a real PostgreSQL: the reader's assignment queue when the
// document is assigned to them, else the project's document order; deleted documents skipped.
import { beforeAll, expect, test } from "vitest";
import { useTestDatabase } from "@/lib/testing/test-database";
import { documentAccessOf, projectAccessOf } from "@/lib/testing/access";
import { joinByInvitation } from "@/lib/testing/members";

let db: typeof import("@/lib/db").db;
let documentNeighbours: typeof import("@/lib/server/documents/document-neighbours").documentNeighbours;
let assign: typeof import("@/lib/server/assignments/assign-documents");
let deleteDocument: typeof import("@/lib/server/documents/delete-document").deleteDocument;
let createProject: typeof import("@/lib/server/projects/create-project").createProject;

beforeAll(async () => {
  await useTestDatabase();
  ({ db } = await import("@/lib/db"));
  ({ documentNeighbours } = await import("@/lib/server/documents/document-neighbours"));
  assign = await import("@/lib/server/assignments/assign-documents");
  ({ createProject } = await import("@/lib/server/projects/create-project"));
  ({ deleteDocument } = await import("@/lib/server/documents/delete-document"));
});

let counter = 0;
async function setup(documentCount: number) {
  const n = ++counter;
  const owner = await db.user.create({ data: { email: `flow-owner-${n}@a.local`, name: "owner" } });
  const project = await createProject(owner.id, { name: `Flow ${n}`, description: "" });
  const annotator = await db.user.create({ data: { email: `flow-ann-${n}@a.local`, name: "annotator" } });
  const other = await db.user.create({ data: { email: `flow-other-${n}@a.local`, name: "other" } });
  await joinByInvitation(project.id, owner.id, annotator, "ANNOTATOR");
  await joinByInvitation(project.id, owner.id, other, "ANNOTATOR");
  const docs: { id: string; title: string }[] = [];
  for (let i = 0; i < documentCount; i++) {
    const text = `Document ${i} of flow ${n}.`;
    // Same import time for all: the id breaks the tie, as in the document list.
    docs.push(await db.document.create({ data: { projectId: project.id, title: `Doc ${i}`, text, contentHash: `flow${n}-${i}`, length: text.length, createdAt: new Date("2026-01-01T00:00:00Z") }, select: { id: true, title: true } }));
  }
  docs.sort((a, b) => (a.id < b.id ? -1 : 1));
  const ownerAccess = await projectAccessOf(owner.id, project.id);
  const assignTo = async (userId: string, ...indexes: number[]) => {
    for (const i of indexes) await assign.setDocumentAssignees(ownerAccess, { documentId: docs[i].id, userIds: [userId] });
  };
  const flow = async (userId: string, i: number) => documentNeighbours(await documentAccessOf(userId, docs[i].id));
  const finish = async (userId: string, i: number) => assign.markFinished(await documentAccessOf(userId, docs[i].id), true);
  return { owner, annotator, other, docs, assignTo, flow, finish };
}

test("a document not assigned to the reader: previous and next in the project's order, with its place", async () => {
  const { owner, docs, flow } = await setup(4);
  expect(await flow(owner.id, 0)).toEqual({ order: "project", position: 1, total: 4, previous: null, next: docs[1], nextUnfinished: null });
  expect(await flow(owner.id, 2)).toMatchObject({ position: 3, previous: docs[1], next: docs[3] });
  expect(await flow(owner.id, 3)).toMatchObject({ position: 4, previous: docs[2], next: null });
  // A deleted document is skipped and not counted.
  await deleteDocument(await documentAccessOf(owner.id, docs[2].id));
  expect(await flow(owner.id, 3)).toMatchObject({ position: 3, total: 3, previous: docs[1] });
});

test("an assigned document: the reader's queue, unfinished first; Mark finished moves on to the next unfinished, wrapping round", async () => {
  const { annotator, other, docs, assignTo, flow, finish } = await setup(6);
  await assignTo(annotator.id, 1, 3, 4);
  await assignTo(other.id, 2);
  expect(await flow(annotator.id, 1)).toEqual({ order: "assignments", position: 1, total: 3, previous: null, next: docs[3], nextUnfinished: docs[3] });
  expect(await flow(annotator.id, 3)).toMatchObject({ previous: docs[1], next: docs[4], nextUnfinished: docs[4] });
  // The last in the queue: the next unfinished is the first one still to do.
  expect(await flow(annotator.id, 4)).toMatchObject({ position: 3, next: null, nextUnfinished: docs[1] });
  await finish(annotator.id, 3);
  // Finished ones go to the end of the queue, as in "My documents".
  expect(await flow(annotator.id, 1)).toMatchObject({ position: 1, next: docs[4], nextUnfinished: docs[4] });
  expect(await flow(annotator.id, 3)).toMatchObject({ position: 3, previous: docs[4], next: null, nextUnfinished: docs[1] });
  await finish(annotator.id, 1);
  expect(await flow(annotator.id, 4)).toMatchObject({ position: 1, nextUnfinished: null });
  await finish(annotator.id, 4);
  expect((await flow(annotator.id, 4)).nextUnfinished).toBeNull();
  // Someone else's assignment is no part of this reader's queue; a document not in it follows the project.
  expect(await flow(annotator.id, 2)).toMatchObject({ order: "project", position: 3, total: 6 });
});
