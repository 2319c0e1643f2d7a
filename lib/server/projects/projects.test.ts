// Integration tests of the project, membership and label use cases on a real PostgreSQL.
import { beforeAll, expect, test } from "vitest";
import { joinByInvitation } from "@/lib/testing/members";
import { useTestDatabase } from "@/lib/testing/test-database";
import { asUser, projectAccessOf } from "@/lib/testing/access";

let db: typeof import("@/lib/db").db;
let authz: typeof import("@/lib/server/authz");
let createProject: typeof import("@/lib/server/projects/create-project").createProject;
let listProjects: typeof import("@/lib/server/projects/list-projects").listProjects;
let inviteMember: typeof import("@/lib/server/members/invite-member").inviteMember;
let changeMemberRole: typeof import("@/lib/server/members/change-member-role").changeMemberRole;
let labels: typeof import("@/lib/server/labels/save-label");

beforeAll(async () => {
  await useTestDatabase();
  ({ db } = await import("@/lib/db"));
  authz = await import("@/lib/server/authz");
  ({ createProject } = await import("@/lib/server/projects/create-project"));
  ({ listProjects } = await import("@/lib/server/projects/list-projects"));
  ({ inviteMember } = await import("@/lib/server/members/invite-member"));
  ({ changeMemberRole } = await import("@/lib/server/members/change-member-role"));
  labels = await import("@/lib/server/labels/save-label");
});

let counter = 0;
const user = (name: string) => db.user.create({ data: { email: `${name}-${++counter}@test.local`, name } });

test("a new project has its creator as owner and the default claim/event/entity scheme", async () => {
  const owner = await user("owner");
  const project = await createProject(owner.id, { name: "Scheme", description: "" });
  const scheme = await db.label.findMany({ where: { projectId: project.id }, orderBy: { position: "asc" } });
  expect(scheme.map((l) => `${l.kind}:${l.name}`)).toEqual([
    "CLAIM:Claim",
    "EVENT:Meeting/Visit", "EVENT:Agreement", "EVENT:Statement", "EVENT:Other event",
    "ENTITY:Person", "ENTITY:Organization", "ENTITY:Location", "ENTITY:Other entity",
  ]);
  expect(new Set(scheme.map((l) => l.hotkey)).size).toBe(scheme.length);
  expect((await listProjects(asUser(owner.id))).map((p) => [p.name, p.role])).toEqual([["Scheme", "OWNER"]]);
});

test("non-members get 404 and members below the role get 403, for projects and documents", async () => {
  const owner = await user("owner");
  const stranger = await user("stranger");
  const viewer = await user("viewer");
  const project = await createProject(owner.id, { name: "Private", description: "" });
  await joinByInvitation(project.id, owner.id, viewer, "VIEWER");
  const doc = await db.document.create({ data: { projectId: project.id, title: "t", text: "t", contentHash: "h", length: 1 } });

  await expect(authz.resolveProject(asUser(stranger.id), project.id, "read")).rejects.toMatchObject({ status: 404 });
  await expect(authz.resolveDocument(asUser(stranger.id), doc.id, "read")).rejects.toMatchObject({ status: 404 });
  await expect(authz.resolveProject(asUser(viewer.id), project.id, "read")).resolves.toMatchObject({ role: "VIEWER" });
  await expect(authz.resolveProject(asUser(viewer.id), project.id, "annotate")).rejects.toMatchObject({ status: 403 });
  await expect(authz.resolveDocument(asUser(viewer.id), doc.id, "curate")).rejects.toMatchObject({ status: 403 });
  await expect(authz.resolveProject(asUser(owner.id), "not-a-uuid", "read")).rejects.toMatchObject({ status: 404 });
  expect(await listProjects(asUser(stranger.id))).toEqual([]);
});

test("members: inviting a member again is 409, the last owner cannot step down", async () => {
  const owner = await user("owner");
  const other = await user("other");
  const project = await createProject(owner.id, { name: "Members", description: "" });
  await joinByInvitation(project.id, owner.id, other, "ANNOTATOR");
  const access = await authz.resolveProject(authz.sessionCaller(owner.id), project.id, "manage-members");
  await expect(inviteMember(access, owner.id, { email: other.email, role: "CURATOR" })).rejects.toMatchObject({ status: 409 });
  await expect(changeMemberRole(access, owner.id, "CURATOR")).rejects.toThrow(/at least one owner/);
  await expect(changeMemberRole(access, owner.id, null)).rejects.toThrow(/at least one owner/);
  await changeMemberRole(access, other.id, "OWNER");
  await changeMemberRole(access, owner.id, "VIEWER");
  const roles = await db.membership.findMany({ where: { projectId: project.id }, select: { userId: true, role: true } });
  expect(Object.fromEntries(roles.map((r) => [r.userId, r.role]))).toEqual({ [owner.id]: "VIEWER", [other.id]: "OWNER" });
});

test("labels: names and hotkeys are unique per project, and a label in use cannot be removed", async () => {
  const owner = await user("owner");
  const project = await createProject(owner.id, { name: "Labels", description: "" });
  const label = await labels.createLabel(await projectAccessOf(owner.id, project.id), { name: "Quote", kind: "CLAIM", color: "#fcd34d", hotkey: "q", description: "" });
  await expect(labels.createLabel(await projectAccessOf(owner.id, project.id), { name: "quote", kind: "CLAIM", color: "#fcd34d", hotkey: null, description: "" })).rejects.toThrow(/already a label named "Quote"/);
  await expect(labels.updateLabel(await projectAccessOf(owner.id, project.id), label.id, { hotkey: "p" })).rejects.toThrow(/hotkey "p" is already used by "Person"/);
  const renamed = await labels.updateLabel(await projectAccessOf(owner.id, project.id), label.id, { name: "Direct quote", color: "#7dd3fc" });
  expect(renamed).toMatchObject({ name: "Direct quote", color: "#7dd3fc", hotkey: "q" });

  const doc = await db.document.create({ data: { projectId: project.id, title: "t", text: "Hello world", contentHash: "h2", length: 11 } });
  await db.annotation.create({
    data: { id: crypto.randomUUID(), projectId: project.id, documentId: doc.id, labelId: label.id, authorId: owner.id, start: 0, end: 5, exact: "Hello", prefix: "", suffix: " world" },
  });
  await expect(labels.deleteLabel(await projectAccessOf(owner.id, project.id), label.id)).rejects.toThrow(/"Direct quote" is used by 1 annotation/);
  expect(await db.label.count({ where: { id: label.id } })).toBe(1);

  const unused = await db.label.findFirstOrThrow({ where: { projectId: project.id, name: "Other entity" } });
  await labels.deleteLabel(await projectAccessOf(owner.id, project.id), unused.id);
  expect(await db.label.count({ where: { id: unused.id } })).toBe(0);

  // A label of another project is not reachable through this one.
  const elsewhere = await createProject(owner.id, { name: "Elsewhere", description: "" });
  await expect(labels.deleteLabel(await projectAccessOf(owner.id, elsewhere.id), label.id)).rejects.toMatchObject({ status: 404 });
});
