// Removing a member ends what their personal API tokens could do in that project, and inviting
// them back later does not bring it back. Real route handlers and PostgreSQL; the session is stubbed.
import { beforeAll, expect, test, vi } from "vitest";
import { uuidv7 } from "@/lib/ids";
import { callRoute as call } from "@/lib/testing/api-routes";
import { joinByInvitation } from "@/lib/testing/members";
import { useTestDatabase } from "@/lib/testing/test-database";

const session = vi.hoisted(() => ({ userId: "" }));
vi.mock("@/lib/auth", () => ({ auth: async () => (session.userId ? { user: { id: session.userId } } : null) }));

let db: typeof import("@/lib/db").db;

beforeAll(async () => {
  await useTestDatabase();
  ({ db } = await import("@/lib/db"));
});

test("a removed member's tokens lose the project (a token for it alone is revoked) and stay so when they are invited back", async () => {
  const { createProject } = await import("@/lib/server/projects/create-project");
  const tokens = await import("@/app/api/tokens/route");
  const project = await import("@/app/api/projects/[id]/route");
  const member = await import("@/app/api/projects/[id]/members/[userId]/route");
  const [owner, leaver] = await Promise.all(["owner", "leaver"].map((n) => db.user.create({ data: { email: `${n}-${uuidv7()}@removal.test`, name: n } })));
  const [left, kept] = [await createProject(owner.id, { name: "Left", description: "" }), await createProject(owner.id, { name: "Kept", description: "" })];
  for (const p of [left, kept]) await joinByInvitation(p.id, owner.id, leaver, "ANNOTATOR");

  session.userId = leaver.id;
  const make = async (name: string, projectIds: string[]) =>
    (await call(tokens.POST, {}, { method: "POST", body: { name, projectIds, access: "READ_WRITE", expiresInDays: 30 } })).body as { token: { id: string }; secret: string };
  const only = await make("only left", [left.id]);
  const both = await make("both", [left.id, kept.id]);
  const reach = async (token: string, projectId: string) => {
    session.userId = "";
    return (await call(project.GET, { id: projectId }, { token })).status;
  };
  expect([await reach(only.secret, left.id), await reach(both.secret, left.id), await reach(both.secret, kept.id)]).toEqual([200, 200, 200]);

  session.userId = owner.id;
  expect((await call(member.DELETE, { id: left.id, userId: leaver.id }, { method: "DELETE" })).status).toBe(204);

  const afterRemoval = async () => ({
    only: await reach(only.secret, left.id),
    bothLeft: await reach(both.secret, left.id),
    bothKept: await reach(both.secret, kept.id),
  });
  // The token for the left project alone is revoked; the other keeps the project still shared.
  expect(await afterRemoval()).toEqual({ only: 401, bothLeft: 404, bothKept: 200 });
  session.userId = leaver.id;
  expect((await call(tokens.GET, {})).body.tokens).toEqual([expect.objectContaining({ name: "both", projects: [{ id: kept.id, name: "Kept" }] })]);

  // Invited back: a member again, but the old tokens get nothing back.
  await joinByInvitation(left.id, owner.id, leaver, "ANNOTATOR");
  expect(await afterRemoval()).toEqual({ only: 401, bothLeft: 404, bothKept: 200 });
  // A token made after rejoining works as usual.
  session.userId = leaver.id;
  expect(await reach((await make("new", [left.id])).secret, left.id)).toBe(200);
});

test("the database itself drops a token's project with the membership, whatever removes it", async () => {
  const { createProject } = await import("@/lib/server/projects/create-project");
  const { createApiToken } = await import("@/lib/server/tokens/create-api-token");
  const [owner, member] = await Promise.all(["owner", "member"].map((n) => db.user.create({ data: { email: `${n}-${uuidv7()}@removal.test`, name: n } })));
  const p = await createProject(owner.id, { name: "Direct", description: "" });
  await joinByInvitation(p.id, owner.id, member, "VIEWER");
  const { token } = await createApiToken(member.id, { name: "t", projectIds: [p.id], access: "READ", expiresInDays: 7 });
  await db.membership.delete({ where: { projectId_userId: { projectId: p.id, userId: member.id } } });
  expect(await db.apiTokenProject.count({ where: { tokenId: token.id } })).toBe(0);
  await db.membership.create({ data: { projectId: p.id, userId: member.id, role: "VIEWER" } });
  expect(await db.apiTokenProject.count({ where: { tokenId: token.id } })).toBe(0);
});
