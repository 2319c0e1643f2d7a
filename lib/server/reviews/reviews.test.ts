// Review rules on a real PostgreSQL: who may review what, and verdicts on stale or deleted work.
import { beforeAll, expect, test } from "vitest";
import { uuidv7 } from "@/lib/ids";
import { useTestDatabase } from "@/lib/testing/test-database";
import { asUser, documentAccessOf } from "@/lib/testing/access";

// Annotators (and viewers) see each other's work here, as these tests assume; lib/server/visibility.test.ts covers the default.
const SHARED = { annotatorsSee: "EVERYONE", viewersSee: "EVERYONE" } as const;

let db: typeof import("@/lib/db").db;
let reviews: typeof import("@/lib/server/reviews/review-annotation");
let change: typeof import("@/lib/server/annotations/change-annotation");
let create: typeof import("@/lib/server/annotations/create-annotation").createAnnotation;
let createProject: typeof import("@/lib/server/projects/create-project").createProject;

beforeAll(async () => {
  await useTestDatabase();
  ({ db } = await import("@/lib/db"));
  reviews = await import("@/lib/server/reviews/review-annotation");
  change = await import("@/lib/server/annotations/change-annotation");
  ({ createAnnotation: create } = await import("@/lib/server/annotations/create-annotation"));
  ({ createProject } = await import("@/lib/server/projects/create-project"));
});

let n = 0;
async function setup() {
  const user = (role: string) => db.user.create({ data: { email: `${role}${++n}@r.local`, name: role } });
  const [owner, curator, annotator, other, viewer] = await Promise.all(["owner", "curator", "annotator", "other", "viewer"].map(user));
  const project = await createProject(owner.id, { name: "Reviews", description: "", ...SHARED });
  await db.membership.createMany({
    data: [
      { projectId: project.id, userId: curator.id, role: "CURATOR" },
      { projectId: project.id, userId: annotator.id, role: "ANNOTATOR" },
      { projectId: project.id, userId: other.id, role: "ANNOTATOR" },
      { projectId: project.id, userId: viewer.id, role: "VIEWER" },
    ],
  });
  const doc = await db.document.create({ data: { projectId: project.id, title: "t", text: "Kim Jong Un met Putin.", contentHash: `r${n}`, length: 22 } });
  const label = await db.label.findFirstOrThrow({ where: { projectId: project.id, name: "Person" } });
  const { annotation } = await create(await documentAccessOf(annotator.id, doc.id), {
    id: uuidv7(), labelId: label.id, start: 0, end: 11, exact: "Kim Jong Un", attributes: {}, note: "",
  });
  return { owner, curator, annotator, other, viewer, project, annotation };
}

/** Any member's access to the annotation's document (listing reviews is a read). */
const readerAccess = async (annotationId: string) => {
  const { findAnnotationForUser } = await import("@/lib/server/annotations/change-annotation");
  const { authorId } = await db.annotation.findUniqueOrThrow({ where: { id: annotationId } });
  return (await findAnnotationForUser(asUser(authorId), annotationId)).access;
};

test("a curator accepts, then changes their mind; the state follows the latest verdict and is logged", async () => {
  const { curator, owner, annotation } = await setup();
  expect((await reviews.listReviews(await readerAccess(annotation.id), annotation.id)).state).toBe("pending");
  await reviews.reviewAnnotation(asUser(curator.id), annotation.id, { decision: "ACCEPTED", comment: "", version: 1 });
  expect((await reviews.listReviews(await readerAccess(annotation.id), annotation.id)).state).toBe("accepted");
  expect((await db.annotation.findUniqueOrThrow({ where: { id: annotation.id } })).reviewState).toBe("ACCEPTED");
  await reviews.reviewAnnotation(asUser(owner.id), annotation.id, { decision: "REJECTED", comment: "Too short: include the title", version: 1 });
  const state = await reviews.listReviews(await readerAccess(annotation.id), annotation.id);
  expect(state.state).toBe("rejected");
  expect(state.reviews).toHaveLength(2);
  await reviews.reviewAnnotation(asUser(curator.id), annotation.id, { decision: "REJECTED", comment: "agreed", version: 1 });
  expect((await reviews.listReviews(await readerAccess(annotation.id), annotation.id)).reviews).toHaveLength(2);
  const log = await db.annotationHistory.findMany({ where: { annotationId: annotation.id, action: "REVIEW" } });
  expect(log).toHaveLength(3);
});

test("nobody reviews their own work; viewers never; annotators only with peer review on", async () => {
  const { annotator, other, viewer, project, annotation } = await setup();
  const verdict = { decision: "ACCEPTED" as const, comment: "", version: 1 };
  await expect(reviews.reviewAnnotation(asUser(annotator.id), annotation.id, verdict)).rejects.toThrow(/Nobody reviews their own annotation/);
  await expect(reviews.reviewAnnotation(asUser(viewer.id), annotation.id, verdict)).rejects.toMatchObject({ status: 403 });
  await expect(reviews.reviewAnnotation(asUser(other.id), annotation.id, verdict)).rejects.toMatchObject({ status: 403 });
  await db.project.update({ where: { id: project.id }, data: { peerReview: true } });
  await expect(reviews.reviewAnnotation(asUser(other.id), annotation.id, verdict)).resolves.toMatchObject({ decision: "ACCEPTED" });
  await expect(reviews.reviewAnnotation(asUser(viewer.id), annotation.id, verdict)).rejects.toMatchObject({ status: 403 });
  const stranger = await db.user.create({ data: { email: `stranger${n}@r.local`, name: "s" } });
  await expect(reviews.reviewAnnotation(asUser(stranger.id), annotation.id, verdict)).rejects.toMatchObject({ status: 404 });
});

test("a verdict on a stale version or a deleted annotation gets a clear 409; a change resets the state", async () => {
  const { curator, annotator, annotation } = await setup();
  await reviews.reviewAnnotation(asUser(curator.id), annotation.id, { decision: "REJECTED", comment: "", version: 1 });
  await change.updateAnnotation(asUser(annotator.id), annotation.id, { version: 1, note: "edited" });
  expect((await db.annotation.findUniqueOrThrow({ where: { id: annotation.id } })).reviewState).toBe("PENDING");
  await expect(reviews.reviewAnnotation(asUser(curator.id), annotation.id, { decision: "ACCEPTED", comment: "", version: 1 })).rejects.toMatchObject({
    status: 409,
    message: expect.stringMatching(/changed since you looked at it \(now version 2\)/),
  });
  await change.deleteAnnotation(asUser(annotator.id), annotation.id, 2);
  await expect(reviews.reviewAnnotation(asUser(curator.id), annotation.id, { decision: "ACCEPTED", comment: "", version: 3 })).rejects.toThrow(/was deleted/);
  expect(await db.review.count({ where: { annotationId: annotation.id } })).toBe(1);
});
