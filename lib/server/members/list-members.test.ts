// Who sees members' email addresses, at the HTTP edge on a real PostgreSQL (the session stubbed):
// curators and owners see everyone's; annotators and viewers see names and roles, and only their
// own address.
import { beforeAll, expect, test, vi } from "vitest";
import type { Role } from "@/lib/generated/prisma/enums";
import { uuidv7 } from "@/lib/ids";
import { callRoute as call } from "@/lib/testing/api-routes";
import { useTestDatabase } from "@/lib/testing/test-database";

const session = vi.hoisted(() => ({ userId: "" }));
vi.mock("@/lib/auth", () => ({ auth: async () => (session.userId ? { user: { id: session.userId } } : null) }));

let members: typeof import("@/app/api/projects/[id]/members/route");
let projectId: string;
let people: Record<Role, { id: string; email: string; name: string }>;

beforeAll(async () => {
  await useTestDatabase();
  const { db } = await import("@/lib/db");
  const { createProject } = await import("@/lib/server/projects/create-project");
  const { joinByInvitation } = await import("@/lib/testing/members");
  members = await import("@/app/api/projects/[id]/members/route");
  const roles = ["OWNER", "CURATOR", "ANNOTATOR", "VIEWER"] as const;
  const users = await Promise.all(roles.map((role) => db.user.create({ data: { email: `${role.toLowerCase()}-${uuidv7()}@members.test`, name: `The ${role.toLowerCase()}` } })));
  people = { OWNER: users[0], CURATOR: users[1], ANNOTATOR: users[2], VIEWER: users[3] };
  projectId = (await createProject(people.OWNER.id, { name: "Members", description: "" })).id;
  for (const role of ["CURATOR", "ANNOTATOR", "VIEWER"] as const) await joinByInvitation(projectId, people.OWNER.id, people[role], role);
});

async function listAs(role: Role) {
  session.userId = people[role].id;
  const answer = await call(members.GET, { id: projectId });
  expect(answer.status).toBe(200);
  return answer.body.members as { userId: string; name: string; role: Role; email?: string }[];
}

test("curators and owners get every member's email address", async () => {
  for (const role of ["OWNER", "CURATOR"] as const) {
    const list = await listAs(role);
    expect(list.map((m) => [m.name, m.email])).toEqual((["OWNER", "CURATOR", "ANNOTATOR", "VIEWER"] as const).map((r) => [people[r].name, people[r].email]));
  }
});

test("annotators and viewers get every member's name and role, but no address except their own", async () => {
  for (const role of ["ANNOTATOR", "VIEWER"] as const) {
    const list = await listAs(role);
    expect(list.map((m) => [m.name, m.role])).toEqual([["The owner", "OWNER"], ["The curator", "CURATOR"], ["The annotator", "ANNOTATOR"], ["The viewer", "VIEWER"]]);
    expect(list.filter((m) => "email" in m).map((m) => m.email)).toEqual([people[role].email]);
    const others = (["OWNER", "CURATOR", "ANNOTATOR", "VIEWER"] as const).filter((r) => r !== role).map((r) => people[r].email);
    for (const email of others) expect(JSON.stringify(list)).not.toContain(email);
  }
});
