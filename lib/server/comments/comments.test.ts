import { beforeAll, expect, test } from "vitest";
import { uuidv7 } from "@/lib/ids";
import { useTestDatabase } from "@/lib/testing/test-database";
import { asUser, documentAccessOf, projectAccessOf } from "@/lib/testing/access";

// Annotators (and viewers) see each other's work here, as these tests assume; lib/server/visibility.test.ts covers the default.
const SHARED = { annotatorsSee: "EVERYONE", viewersSee: "EVERYONE" } as const;

let db: typeof import("@/lib/db").db;
let comments: typeof import("@/lib/server/comments/annotation-comments");
let create: typeof import("@/lib/server/annotations/create-annotation").createAnnotation;
let createProject: typeof import("@/lib/server/projects/create-project").createProject;

beforeAll(async () => {
  await useTestDatabase();
  ({ db } = await import("@/lib/db"));
  comments = await import("@/lib/server/comments/annotation-comments");
  ({ createAnnotation: create } = await import("@/lib/server/annotations/create-annotation"));
  ({ createProject } = await import("@/lib/server/projects/create-project"));
});

test("threads with replies; the annotation's author sees new replies until they open them; resolving is limited", async () => {
  const [owner, author, reviewer, viewer, stranger] = await Promise.all(
    ["owner", "author", "reviewer", "viewer", "stranger"].map((n) => db.user.create({ data: { email: `${n}@c.local`, name: n } })),
  );
  const project = await createProject(owner.id, { name: "Talk", description: "", ...SHARED });
  await db.membership.createMany({
    data: [
      { projectId: project.id, userId: author.id, role: "ANNOTATOR" },
      { projectId: project.id, userId: reviewer.id, role: "ANNOTATOR" },
      { projectId: project.id, userId: viewer.id, role: "VIEWER" },
    ],
  });
  const doc = await db.document.create({ data: { projectId: project.id, title: "t", text: "Kim Jong Un met Putin.", contentHash: "c1", length: 22 } });
  const label = await db.label.findFirstOrThrow({ where: { projectId: project.id, name: "Person" } });
  const { annotation } = await create(await documentAccessOf(author.id, doc.id), {
    id: uuidv7(), labelId: label.id, start: 0, end: 11, exact: "Kim Jong Un", attributes: {}, note: "",
  });

  const thread = await comments.addComment(asUser(reviewer.id), annotation.id, { body: "Should the title be included?" });
  const reply = await comments.addComment(asUser(owner.id), annotation.id, { body: "Yes, per the guidelines.", parentId: thread.id });
  await expect(comments.addComment(asUser(owner.id), annotation.id, { body: "nested", parentId: reply.id })).rejects.toThrow(/only reply to a thread/);
  await expect(comments.addComment(asUser(viewer.id), annotation.id, { body: "hi" })).rejects.toMatchObject({ status: 403 });
  await expect(comments.addComment(asUser(stranger.id), annotation.id, { body: "hi" })).rejects.toMatchObject({ status: 404 });

  expect((await comments.unseenReplies(await projectAccessOf(author.id, project.id))).map((c) => c.body)).toEqual(["Yes, per the guidelines.", "Should the title be included?"]);
  expect(await comments.unseenReplies(await projectAccessOf(reviewer.id, project.id))).toEqual([]);
  const { threads } = await comments.listComments(asUser(viewer.id), annotation.id);
  expect(threads.map((t) => [t.body, t.replies.map((r) => r.body)])).toEqual([["Should the title be included?", ["Yes, per the guidelines."]]]);
  expect(await comments.unseenReplies(await projectAccessOf(author.id, project.id))).toHaveLength(2);
  // Reading the discussion marks nothing (a read-only token or a prefetch reads too); saying so does.
  await comments.listComments(asUser(author.id), annotation.id);
  expect(await comments.unseenReplies(await projectAccessOf(author.id, project.id))).toHaveLength(2);
  expect(await comments.markCommentsSeen(asUser(reviewer.id), annotation.id)).toEqual({ seen: 0 });
  expect(await comments.unseenReplies(await projectAccessOf(author.id, project.id))).toHaveLength(2);
  await expect(comments.markCommentsSeen(asUser(stranger.id), annotation.id)).rejects.toMatchObject({ status: 404 });
  expect(await comments.markCommentsSeen(asUser(author.id), annotation.id)).toEqual({ seen: 2 });
  expect(await comments.unseenReplies(await projectAccessOf(author.id, project.id))).toEqual([]);
  await comments.addComment(asUser(author.id), annotation.id, { body: "Added it.", parentId: thread.id });
  expect(await comments.unseenReplies(await projectAccessOf(author.id, project.id))).toEqual([]);

  await expect(comments.setThreadResolved(asUser(viewer.id), thread.id, true)).rejects.toMatchObject({ status: 403 });
  await expect(comments.setThreadResolved(asUser(author.id), reply.id, true)).rejects.toMatchObject({ status: 400 });
  expect((await comments.setThreadResolved(asUser(author.id), thread.id, true)).resolved).toBe(true);
  expect((await comments.setThreadResolved(asUser(owner.id), thread.id, false)).resolved).toBe(false);
});
