// The project navigation each role gets, on a real PostgreSQL: what it may use, nothing else.
import { beforeAll, expect, test } from "vitest";
import { useTestDatabase } from "@/lib/testing/test-database";
import { projectAccessOf } from "@/lib/testing/access";
import { joinByInvitation } from "@/lib/testing/members";

let db: typeof import("@/lib/db").db;
let projectNavigation: typeof import("@/lib/server/projects/project-navigation").projectNavigation;
let createProject: typeof import("@/lib/server/projects/create-project").createProject;

beforeAll(async () => {
  await useTestDatabase();
  ({ db } = await import("@/lib/db"));
  ({ projectNavigation } = await import("@/lib/server/projects/project-navigation"));
  ({ createProject } = await import("@/lib/server/projects/create-project"));
});

async function setup(n: string) {
  const owner = await db.user.create({ data: { email: `nav-owner-${n}@a.local`, name: "owner" } });
  const project = await createProject(owner.id, { name: `Nav ${n}`, description: "" });
  const people: Record<string, string> = { OWNER: owner.id };
  for (const role of ["CURATOR", "ANNOTATOR", "VIEWER"] as const) {
    const user = await db.user.create({ data: { email: `nav-${role}-${n}@a.local`, name: role } });
    await joinByInvitation(project.id, owner.id, user, role);
    people[role] = user.id;
  }
  const menu = async (role: string) =>
    Object.fromEntries((await projectNavigation(await projectAccessOf(people[role], project.id))).map((g) => [g.name, g.pages.map((p) => p.label)]));
  return { project, menu };
}

test("four groups by what people do; annotators and viewers see no curator pages", async () => {
  const { project, menu } = await setup("roles");
  expect(await menu("OWNER")).toEqual({
    Annotate: ["Documents", "Assignments", "Knowledge base"],
    Review: ["Review queue", "Agreement"],
    Analyse: ["Search", "Dashboard", "Timeline", "Claims"],
    Manage: ["Label scheme", "Export & import", "Members", "Settings"],
  });
  expect(await menu("CURATOR")).toEqual(await menu("OWNER"));
  expect(await menu("ANNOTATOR")).toEqual({
    Annotate: ["Documents", "Assignments", "Knowledge base"],
    Analyse: ["Search", "Timeline", "Claims"],
    Manage: ["Label scheme", "Export & import"],
  });
  expect(await menu("VIEWER")).toEqual({
    Annotate: ["Documents", "Knowledge base"],
    Analyse: ["Search", "Timeline", "Claims"],
    Manage: ["Label scheme", "Export & import"],
  });
  // With peer review on, annotators review each other's work: the queue is theirs to use.
  await db.project.update({ where: { id: project.id }, data: { peerReview: true } });
  expect((await menu("ANNOTATOR")).Review).toEqual(["Review queue"]);
  expect((await menu("VIEWER")).Review).toBeUndefined();
});

test("links point at the project's pages", async () => {
  const { project } = await setup("links");
  const owner = await db.membership.findFirstOrThrow({ where: { projectId: project.id, role: "OWNER" } });
  const groups = await projectNavigation(await projectAccessOf(owner.userId, project.id));
  const hrefs = groups.flatMap((g) => g.pages.map((p) => p.href));
  expect(hrefs).toContain(`/projects/${project.id}`);
  expect(hrefs).toContain(`/projects/${project.id}/review`);
  expect(new Set(hrefs).size).toBe(13);
});
