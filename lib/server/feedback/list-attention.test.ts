// "Needs your attention" on a real PostgreSQL: what reaches an annotator, what clears it, and
// that nobody sees another person's (or another project's) feedback.
import { beforeAll, expect, test } from "vitest";
import { uuidv7 } from "@/lib/ids";
import { useTestDatabase } from "@/lib/testing/test-database";
import { asUser, documentAccessOf, projectAccessOf } from "@/lib/testing/access";

let db: typeof import("@/lib/db").db;
let reviews: typeof import("@/lib/server/reviews/review-annotation");
let change: typeof import("@/lib/server/annotations/change-annotation");
let comments: typeof import("@/lib/server/comments/annotation-comments");
let create: typeof import("@/lib/server/annotations/create-annotation").createAnnotation;
let createProject: typeof import("@/lib/server/projects/create-project").createProject;
let listAttention: typeof import("@/lib/server/feedback/list-attention").listAttention;
let dismissAttention: typeof import("@/lib/server/feedback/dismiss-attention").dismissAttention;

beforeAll(async () => {
  await useTestDatabase();
  ({ db } = await import("@/lib/db"));
  reviews = await import("@/lib/server/reviews/review-annotation");
  change = await import("@/lib/server/annotations/change-annotation");
  comments = await import("@/lib/server/comments/annotation-comments");
  ({ createAnnotation: create } = await import("@/lib/server/annotations/create-annotation"));
  ({ createProject } = await import("@/lib/server/projects/create-project"));
  ({ listAttention } = await import("@/lib/server/feedback/list-attention"));
  ({ dismissAttention } = await import("@/lib/server/feedback/dismiss-attention"));
});

let n = 0;
const TEXT = "Kim Jong Un met Putin in Vladivostok.";

async function setup() {
  const user = (role: string) => db.user.create({ data: { email: `${role}${++n}@attention.local`, name: `${role} ${n}` } });
  const [owner, curator, annotator, other] = await Promise.all(["owner", "curator", "annotator", "other"].map(user));
  const project = await createProject(owner.id, { name: "Attention", description: "", annotatorsSee: "EVERYONE" });
  await db.membership.createMany({
    data: [
      { projectId: project.id, userId: curator.id, role: "CURATOR" },
      { projectId: project.id, userId: annotator.id, role: "ANNOTATOR" },
      { projectId: project.id, userId: other.id, role: "ANNOTATOR" },
    ],
  });
  const doc = await db.document.create({ data: { projectId: project.id, title: `Summit ${n}`, text: TEXT, contentHash: `att${n}`, length: TEXT.length } });
  const label = await db.label.findFirstOrThrow({ where: { projectId: project.id, name: "Person" } });
  const annotate = async (authorId: string, start: number, end: number) =>
    (await create(await documentAccessOf(authorId, doc.id), { id: uuidv7(), labelId: label.id, start, end, exact: TEXT.slice(start, end), attributes: {}, note: "" })).annotation;
  const mine = await annotate(annotator.id, 0, 11);
  const second = await annotate(annotator.id, 16, 21);
  const theirs = await annotate(other.id, 16, 21);
  const attentionOf = async (userId: string, filter: { documentId?: string } = {}) => listAttention(await projectAccessOf(userId, project.id), filter);
  return { owner, curator, annotator, other, project, doc, mine, second, theirs, annotate, attentionOf };
}

test("a rejection reaches the author with the reviewer's comment, and leaves when the annotation is changed", async () => {
  const { curator, annotator, other, mine, attentionOf } = await setup();
  expect(await attentionOf(annotator.id)).toEqual([]);
  await reviews.reviewAnnotation(asUser(curator.id), mine.id, { decision: "REJECTED", comment: "Include the title", version: 1 });
  const items = await attentionOf(annotator.id);
  expect(items).toEqual([
    expect.objectContaining({ kind: "rejected", by: curator.name, text: "Include the title", annotation: expect.objectContaining({ id: mine.id, exact: "Kim Jong Un" }) }),
  ]);
  // Never someone else's feedback: the other annotator and the reviewer see nothing of it.
  expect(await attentionOf(other.id)).toEqual([]);
  expect(await attentionOf(curator.id)).toEqual([]);
  await change.updateAnnotation(asUser(annotator.id), mine.id, { version: 1, note: "Title added in the note" });
  expect(await attentionOf(annotator.id)).toEqual([]);
  // Rejected again after the change: it is back (a new verdict on the new version).
  await reviews.reviewAnnotation(asUser(curator.id), mine.id, { decision: "REJECTED", comment: "Still short", version: 2 });
  expect((await attentionOf(annotator.id)).map((i) => i.text)).toEqual(["Still short"]);
});

test("an acceptance shows only when it says something; a plain acceptance needs no attention", async () => {
  const { curator, annotator, mine, second, attentionOf } = await setup();
  await reviews.reviewAnnotation(asUser(curator.id), mine.id, { decision: "ACCEPTED", comment: "", version: 1 });
  await reviews.reviewAnnotation(asUser(curator.id), second.id, { decision: "ACCEPTED", comment: "Good, but see the guideline on titles", version: 1 });
  expect((await attentionOf(annotator.id)).map((i) => [i.kind, i.annotation.id])).toEqual([["accepted", second.id]]);
});

test("a comment by someone else stays until the author answers, resolves, changes the annotation or deletes it", async () => {
  const { curator, annotator, other, mine, second, annotate, attentionOf } = await setup();
  // The author's own comment needs nobody's attention.
  await comments.addComment(asUser(annotator.id), mine.id, { body: "Note to self" });
  expect(await attentionOf(annotator.id)).toEqual([]);

  const thread = await comments.addComment(asUser(curator.id), mine.id, { body: "Why not the full title?" });
  expect(await attentionOf(annotator.id)).toEqual([expect.objectContaining({ kind: "comment", by: curator.name, text: "Why not the full title?" })]);
  expect(await attentionOf(other.id)).toEqual([]);
  // Answered: gone; asked again in the same thread: back.
  await comments.addComment(asUser(annotator.id), mine.id, { body: "The guideline says names only", parentId: thread.id });
  expect(await attentionOf(annotator.id)).toEqual([]);
  await comments.addComment(asUser(curator.id), mine.id, { body: "Fair, but check 3.2", parentId: thread.id });
  expect((await attentionOf(annotator.id)).map((i) => i.text)).toEqual(["Fair, but check 3.2"]);
  // Resolved: gone.
  await comments.setThreadResolved(asUser(annotator.id), thread.id, true);
  expect(await attentionOf(annotator.id)).toEqual([]);

  // Changed after the comment: gone.
  await comments.addComment(asUser(other.id), second.id, { body: "Is this Putin or the Kremlin?" });
  expect(await attentionOf(annotator.id)).toHaveLength(1);
  await change.updateAnnotation(asUser(annotator.id), second.id, { version: 1, note: "Putin himself" });
  expect(await attentionOf(annotator.id)).toEqual([]);

  // Deleted: gone.
  const third = await annotate(annotator.id, 25, 36);
  await comments.addComment(asUser(curator.id), third.id, { body: "A place, not a person" });
  await reviews.reviewAnnotation(asUser(curator.id), third.id, { decision: "REJECTED", comment: "Wrong label", version: 1 });
  expect(await attentionOf(annotator.id)).toHaveLength(2);
  await change.deleteAnnotation(asUser(annotator.id), third.id, 1);
  expect(await attentionOf(annotator.id)).toEqual([]);
});

test("a dismissal puts away what is there now; newer feedback on the same annotation shows again", async () => {
  const { curator, annotator, other, project, mine, theirs, attentionOf } = await setup();
  await reviews.reviewAnnotation(asUser(curator.id), mine.id, { decision: "REJECTED", comment: "No", version: 1 });
  await comments.addComment(asUser(curator.id), mine.id, { body: "See the guideline" });
  expect(await attentionOf(annotator.id)).toHaveLength(2);
  await dismissAttention(await projectAccessOf(annotator.id, project.id), mine.id);
  expect(await attentionOf(annotator.id)).toEqual([]);
  await comments.addComment(asUser(curator.id), mine.id, { body: "One more thing" });
  expect((await attentionOf(annotator.id)).map((i) => i.text)).toEqual(["One more thing"]);
  // Only the author dismisses; another member's attempt is refused and changes nothing.
  await expect(dismissAttention(await projectAccessOf(other.id, project.id), mine.id)).rejects.toMatchObject({ status: 403 });
  await expect(dismissAttention(await projectAccessOf(annotator.id, project.id), theirs.id)).rejects.toMatchObject({ status: 403 });
  expect(await attentionOf(annotator.id)).toHaveLength(1);
});

test("never an item from another project, nor another document when filtered; a foreign annotation id is 404", async () => {
  const a = await setup();
  const b = await setup();
  // The same person annotates in both projects.
  await db.membership.create({ data: { projectId: b.project.id, userId: a.annotator.id, role: "ANNOTATOR" } });
  const inB = await b.annotate(a.annotator.id, 0, 11);
  await reviews.reviewAnnotation(asUser(b.curator.id), inB.id, { decision: "REJECTED", comment: "In project B", version: 1 });
  await reviews.reviewAnnotation(asUser(a.curator.id), a.mine.id, { decision: "REJECTED", comment: "In project A", version: 1 });
  expect((await a.attentionOf(a.annotator.id)).map((i) => i.text)).toEqual(["In project A"]);
  expect((await b.attentionOf(a.annotator.id)).map((i) => i.text)).toEqual(["In project B"]);
  expect(await a.attentionOf(a.annotator.id, { documentId: b.doc.id })).toEqual([]);
  expect(await a.attentionOf(a.annotator.id, { documentId: a.doc.id })).toHaveLength(1);
  await expect(dismissAttention(await projectAccessOf(a.annotator.id, a.project.id), inB.id)).rejects.toMatchObject({ status: 404 });
});

test("a comment puts the annotation back on its document's change stream, same version", async () => {
  const { curator, mine } = await setup();
  const before = await db.annotation.findUniqueOrThrow({ where: { id: mine.id }, select: { seq: true, version: true } });
  await comments.addComment(asUser(curator.id), mine.id, { body: "Seen?" });
  const after = await db.annotation.findUniqueOrThrow({ where: { id: mine.id }, select: { seq: true, version: true } });
  expect(after.version).toBe(before.version);
  expect(after.seq > before.seq).toBe(true);
});
