// Assignment, annotators' queues, "finished", and the dashboard's figures on a real PostgreSQL.
import { beforeAll, expect, test } from "vitest";
import { uuidv7 } from "@/lib/ids";
import { useTestDatabase } from "@/lib/testing/test-database";
import { documentAccessOf, projectAccessOf } from "@/lib/testing/access";

let db: typeof import("@/lib/db").db;
let assign: typeof import("@/lib/server/assignments/assign-documents");
let list: typeof import("@/lib/server/assignments/list-assignments");
let progress: typeof import("@/lib/server/progress/project-progress");
let agreement: typeof import("@/lib/server/agreement/project-agreement");
let createAnnotation: typeof import("@/lib/server/annotations/create-annotation").createAnnotation;
let createProject: typeof import("@/lib/server/projects/create-project").createProject;
let changeMemberRole: typeof import("@/lib/server/members/change-member-role").changeMemberRole;

beforeAll(async () => {
  await useTestDatabase();
  ({ db } = await import("@/lib/db"));
  assign = await import("@/lib/server/assignments/assign-documents");
  list = await import("@/lib/server/assignments/list-assignments");
  progress = await import("@/lib/server/progress/project-progress");
  agreement = await import("@/lib/server/agreement/project-agreement");
  ({ createAnnotation } = await import("@/lib/server/annotations/create-annotation"));
  ({ createProject } = await import("@/lib/server/projects/create-project"));
  ({ changeMemberRole } = await import("@/lib/server/members/change-member-role"));
});

let counter = 0;
async function setup(annotatorCount: number, documentCount: number) {
  const n = ++counter;
  const owner = await db.user.create({ data: { email: `owner-${n}@a.local`, name: "owner" } });
  const project = await createProject(owner.id, { name: `Assign ${n}`, description: "" });
  const annotators = [];
  for (let i = 0; i < annotatorCount; i++) {
    const user = await db.user.create({ data: { email: `ann${i}-${n}@a.local`, name: `annotator ${i}` } });
    await db.membership.create({ data: { projectId: project.id, userId: user.id, role: "ANNOTATOR" } });
    annotators.push(user);
  }
  const viewer = await db.user.create({ data: { email: `viewer-${n}@a.local`, name: "viewer" } });
  await db.membership.create({ data: { projectId: project.id, userId: viewer.id, role: "VIEWER" } });
  const documents = [];
  for (let i = 0; i < documentCount; i++) {
    const text = `Document ${i} of project ${n}: Kim Jong Un met Vladimir Putin.`;
    documents.push(await db.document.create({ data: { projectId: project.id, title: `Doc ${i}`, text, contentHash: `h${n}-${i}`, length: text.length } }));
  }
  return { owner, project, annotators, viewer, documents };
}

test("N annotators per document are spread evenly and existing assignments are kept", async () => {
  const { owner, project, annotators, documents } = await setup(3, 5);
  // One document already has a hand-picked annotator.
  await assign.setDocumentAssignees(await projectAccessOf(owner.id, project.id), { documentId: documents[0].id, userIds: [annotators[2].id] });
  const result = await assign.spreadAssignments(await projectAccessOf(owner.id, project.id), { perDocument: 2 });
  expect(result.created).toBe(9);
  const { documents: rows } = await list.listAssignments(await projectAccessOf(owner.id, project.id));
  expect(rows.map((d) => d.assignees.length)).toEqual([2, 2, 2, 2, 2]);
  expect(rows[0].assignees.map((a) => a.userId)).toContain(annotators[2].id);
  const loads = annotators.map((a) => rows.filter((d) => d.assignees.some((x) => x.userId === a.id)).length);
  expect(Math.max(...loads) - Math.min(...loads)).toBeLessThanOrEqual(1);
  expect(loads.reduce((x, y) => x + y)).toBe(10);
  // Spreading again changes nothing.
  expect((await assign.spreadAssignments(await projectAccessOf(owner.id, project.id), { perDocument: 2 })).created).toBe(0);
});

test("assignment refuses what cannot work, with a clear message and nothing written", async () => {
  const { owner, project, annotators, viewer, documents } = await setup(2, 2);
  await expect(assign.spreadAssignments(await projectAccessOf(owner.id, project.id), { perDocument: 3 })).rejects.toThrow(/needs at least 3 annotators; there are 2/);
  await expect(assign.setDocumentAssignees(await projectAccessOf(owner.id, project.id), { documentId: documents[0].id, userIds: [viewer.id] })).rejects.toThrow(/Viewers cannot be assigned/);
  const stranger = await db.user.create({ data: { email: `stranger-${counter}@a.local`, name: "stranger" } });
  await expect(assign.setDocumentAssignees(await projectAccessOf(owner.id, project.id), { documentId: documents[0].id, userIds: [annotators[0].id, stranger.id] })).rejects.toThrow(/Not a member/);
  const other = await setup(1, 1);
  await expect(assign.setDocumentAssignees(await projectAccessOf(owner.id, project.id), { documentId: other.documents[0].id, userIds: [annotators[0].id] })).rejects.toThrow(/Document not found/);
  expect(await db.documentAssignment.count({ where: { projectId: project.id } })).toBe(0);
});

test("an annotator sees their own queue, marks documents finished, and only their own assignments", async () => {
  const { owner, project, annotators, documents } = await setup(2, 3);
  const [amina, bruno] = annotators;
  await assign.setDocumentAssignees(await projectAccessOf(owner.id, project.id), { documentId: documents[0].id, userIds: [amina.id, bruno.id] });
  await assign.setDocumentAssignees(await projectAccessOf(owner.id, project.id), { documentId: documents[1].id, userIds: [amina.id] });
  expect((await list.listMyAssignments(await projectAccessOf(amina.id, project.id))).map((d) => d.title)).toEqual(["Doc 0", "Doc 1"]);
  expect((await list.listMyAssignments(await projectAccessOf(bruno.id, project.id))).map((d) => d.title)).toEqual(["Doc 0"]);

  const done = await assign.markFinished(await documentAccessOf(amina.id, documents[0].id), true);
  expect(done.finished).toBe(true);
  // Marking again keeps the first time; finished documents sort last in the queue.
  expect((await assign.markFinished(await documentAccessOf(amina.id, documents[0].id), true)).finishedAt).toEqual(done.finishedAt);
  expect((await list.listMyAssignments(await projectAccessOf(amina.id, project.id))).map((d) => [d.title, d.finished])).toEqual([["Doc 1", false], ["Doc 0", true]]);
  await expect(assign.markFinished(await documentAccessOf(amina.id, documents[2].id), true)).rejects.toThrow(/not assigned to you/);
  expect((await assign.markFinished(await documentAccessOf(amina.id, documents[0].id), false)).finished).toBe(false);

  // A member removed from the project leaves the queue.
  await changeMemberRole(await projectAccessOf(owner.id, project.id), bruno.id, null);
  expect((await list.listAssignments(await projectAccessOf(owner.id, project.id))).documents[0].assignees.map((a) => a.userId)).toEqual([amina.id]);
});

test("the dashboard's figures are what was done, and finished-without-tags counts in agreement", async () => {
  const { owner, project, annotators, documents } = await setup(2, 2);
  const [amina, bruno] = annotators;
  const labels = await db.label.findMany({ where: { projectId: project.id } });
  const person = labels.find((l) => l.name === "Person")!;
  const location = labels.find((l) => l.name === "Location")!;
  await assign.spreadAssignments(await projectAccessOf(owner.id, project.id), { perDocument: 2 });
  const tag = async (user: { id: string }, doc: { id: string; text: string }, needle: string, labelId: string) => {
    const start = doc.text.indexOf(needle);
    return createAnnotation(await documentAccessOf(user.id, doc.id), { id: uuidv7(), labelId, start, end: start + needle.length, exact: needle, attributes: {}, note: "" });
  };
  await tag(amina, documents[0], "Kim Jong Un", person.id);
  await tag(bruno, documents[0], "Kim Jong Un", person.id);
  await tag(amina, documents[0], "Vladimir Putin", person.id);
  await tag(bruno, documents[0], "Vladimir Putin", location.id);
  await tag(amina, documents[1], "Vladimir Putin", person.id);
  await assign.markFinished(await documentAccessOf(amina.id, documents[0].id), true);
  await assign.markFinished(await documentAccessOf(bruno.id, documents[0].id), true);
  await assign.markFinished(await documentAccessOf(bruno.id, documents[1].id), true);

  const p = await progress.projectProgress(await projectAccessOf(owner.id, project.id));
  expect(p.totals).toMatchObject({ documents: 2, annotations: 5, assignments: 4, finishedAssignments: 3, documentsDone: 1, gold: 0 });
  const row = (id: string) => p.annotators.find((a) => a.userId === id)!;
  expect(row(amina.id)).toMatchObject({ assigned: 2, finished: 1, annotations: 3, pending: 3 });
  expect(row(bruno.id)).toMatchObject({ assigned: 2, finished: 2, annotations: 2 });
  expect(p.documents.map((d) => [d.assigned, d.finished, d.annotators, d.annotations])).toEqual([[2, 2, 2, 4], [2, 1, 1, 1]]);
  expect(p.labels.find((l) => l.name === "Person")!.count).toBe(4);
  expect(p.labels.find((l) => l.name === "Location")!.count).toBe(1);
  expect(p.reviewStates).toEqual({ PENDING: 5, ACCEPTED: 0, REJECTED: 0 });
  expect(p.agreementOverTime.length).toBe(5);
  expect(p.agreementOverTime.map((x) => x.annotations)).toEqual([1, 2, 3, 4, 5]);

  // Bruno finished document 1 without tagging "Vladimir Putin": that is a disagreement now.
  const figures = await agreement.projectAgreement(await projectAccessOf(owner.id, project.id));
  const doc1 = figures.documents.find((d) => d.id === documents[1].id)!;
  expect(doc1.figures.annotators).toEqual([amina.id, bruno.id].sort());
  expect(doc1.figures.krippendorffAlpha).toBeLessThan(1);
  expect(p.agreementOverTime.at(-1)!.krippendorffAlpha).toBe(figures.overall.krippendorffAlpha);
});
