// Invitations at the HTTP edge: the owner invites by email, the invited account accepts through
// the link. Everything below the (stubbed) session is real, PostgreSQL included.
import { beforeAll, expect, test, vi } from "vitest";
import { uuidv7 } from "@/lib/ids";
import { callRoute as call } from "@/lib/testing/api-routes";
import { secretOf } from "@/lib/testing/members";
import { useTestDatabase } from "@/lib/testing/test-database";

const session = vi.hoisted(() => ({ userId: "" }));
vi.mock("@/lib/auth", () => ({ auth: async () => (session.userId ? { user: { id: session.userId } } : null) }));

let db: typeof import("@/lib/db").db;
let invitations: typeof import("@/app/api/projects/[id]/invitations/route");
let invitation: typeof import("@/app/api/projects/[id]/invitations/[invitationId]/route");
let accept: typeof import("@/app/api/invitations/accept/route");
let members: typeof import("@/app/api/projects/[id]/members/route");

beforeAll(async () => {
  await useTestDatabase();
  ({ db } = await import("@/lib/db"));
  invitations = await import("@/app/api/projects/[id]/invitations/route");
  invitation = await import("@/app/api/projects/[id]/invitations/[invitationId]/route");
  accept = await import("@/app/api/invitations/accept/route");
  members = await import("@/app/api/projects/[id]/members/route");
});

const person = (name: string) => db.user.create({ data: { email: `${name}-${uuidv7()}@invite.test`, name } });

async function fixture() {
  const { createProject } = await import("@/lib/server/projects/create-project");
  const owner = await person("owner");
  const project = await createProject(owner.id, { name: "Invited", description: "" });
  const invite = async (email: string, role = "ANNOTATOR") => {
    session.userId = owner.id;
    return call(invitations.POST, { id: project.id }, { method: "POST", body: { email, role } });
  };
  const acceptAs = async (userId: string, secret: string) => {
    session.userId = userId;
    return call(accept.POST, {}, { method: "POST", body: { secret } });
  };
  const roleOf = async (userId: string) => (await db.membership.findUnique({ where: { projectId_userId: { projectId: project.id, userId } } }))?.role ?? null;
  return { owner, project, invite, acceptAs, roleOf };
}

/** The answer with what necessarily differs between two invitations (ids, addresses, times, secrets) blanked out. */
const shape = (body: unknown, email: string) =>
  JSON.parse(
    JSON.stringify(body)
      .replaceAll(email, "<email>")
      .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, "<id>")
      .replace(/\d{4}-\d\d-\d\dT[\d:.]+Z/g, "<time>")
      .replace(/invitations\/[A-Za-z0-9_-]{43}/g, "invitations/<secret>"),
  );

test("inviting answers the same for an address with an account and one without", async () => {
  const f = await fixture();
  const existing = await person("existing");
  const nobody = `nobody-${uuidv7()}@invite.test`;
  const [a, b] = [await f.invite(existing.email), await f.invite(nobody)];
  expect(a.status).toBe(201);
  expect(b.status).toBe(a.status);
  expect(shape(a.body, existing.email)).toEqual(shape(b.body, nobody));
  expect(JSON.stringify(shape(a.body, existing.email))).not.toContain(existing.name);
  expect(JSON.stringify(a.body)).not.toContain(existing.id);
  // Nobody joined yet: an account is made a member only by accepting.
  expect(await f.roleOf(existing.id)).toBeNull();

  session.userId = f.owner.id;
  const listed = (await call(invitations.GET, { id: f.project.id })).body.invitations as { email: string }[];
  const row = (email: string) => shape(listed.find((i) => i.email === email), email);
  expect(row(existing.email)).toEqual(row(nobody));

  // The old direct add by email is gone: nothing answers 404 "no account" any more.
  expect("POST" in members).toBe(false);
});

test("the invited account accepts through the link and gets the role; only a hash of the link is stored", async () => {
  const f = await fixture();
  const invited = await person("invited");
  const made = await f.invite(invited.email.toUpperCase(), "CURATOR");
  expect(made.status).toBe(201);
  expect(made.body.url).toMatch(/^http:\/\/local\/invitations\/[A-Za-z0-9_-]{43}$/);
  const secret = secretOf(made.body.path);
  const stored = await db.invitation.findUniqueOrThrow({ where: { id: made.body.invitation.id } });
  expect(JSON.stringify(stored)).not.toContain(secret);
  expect(stored.email).toBe(invited.email);
  expect(stored.expiresAt.getTime() - stored.createdAt.getTime()).toBe(7 * 24 * 60 * 60 * 1000);

  const accepted = await f.acceptAs(invited.id, secret);
  expect(accepted).toEqual({ status: 200, body: { projectId: f.project.id, role: "CURATOR" } });
  expect(await f.roleOf(invited.id)).toBe("CURATOR");
  // A second click answers as the first; the list no longer shows it as open.
  expect((await f.acceptAs(invited.id, secret)).status).toBe(200);
  session.userId = f.owner.id;
  expect((await call(invitations.GET, { id: f.project.id })).body.invitations).toEqual([]);
  // Signed out, or with an API token, nobody accepts anything.
  session.userId = "";
  expect((await call(accept.POST, {}, { method: "POST", body: { secret } })).status).toBe(401);
});

test("an account with another address cannot accept, and a used link cannot be used again by someone else", async () => {
  const f = await fixture();
  const [invited, other] = [await person("invited"), await person("other")];
  const secret = secretOf((await f.invite(invited.email)).body.path);
  const refused = await f.acceptAs(other.id, secret);
  expect(refused.status).toBe(403);
  expect(refused.body.error).toContain(`This invitation is for ${invited.email}`);
  expect(await f.roleOf(other.id)).toBeNull();

  expect((await f.acceptAs(invited.id, secret)).status).toBe(200);
  const reused = await f.acceptAs(other.id, secret);
  expect(reused).toMatchObject({ status: 409, body: { error: expect.stringMatching(/already been used/) } });
  expect(await f.roleOf(other.id)).toBeNull();
});

test("an expired or revoked link says so, an unknown one is not valid, and a new invitation replaces the open one", async () => {
  const f = await fixture();
  const invited = await person("invited");
  const first = await f.invite(invited.email);
  await db.invitation.update({ where: { id: first.body.invitation.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
  const expired = await f.acceptAs(invited.id, secretOf(first.body.path));
  expect(expired).toMatchObject({ status: 409, body: { error: expect.stringMatching(/expired on \d{4}-\d\d-\d\d/) } });
  session.userId = f.owner.id;
  expect((await call(invitations.GET, { id: f.project.id })).body.invitations).toEqual([expect.objectContaining({ email: invited.email, expired: true })]);

  const second = await f.invite(invited.email);
  const third = await f.invite(invited.email, "VIEWER");
  // The second link was replaced by the third.
  expect((await f.acceptAs(invited.id, secretOf(second.body.path))).body.error).toMatch(/revoked/);

  session.userId = f.owner.id;
  expect((await call(invitation.DELETE, { id: f.project.id, invitationId: third.body.invitation.id }, { method: "DELETE" })).status).toBe(204);
  const revoked = await f.acceptAs(invited.id, secretOf(third.body.path));
  expect(revoked).toMatchObject({ status: 409, body: { error: expect.stringMatching(/revoked by the project's owner/) } });
  expect(await f.roleOf(invited.id)).toBeNull();

  for (const secret of ["A".repeat(43), "nonsense", ""]) {
    const unknown = await f.acceptAs(invited.id, secret);
    expect(unknown.status, secret).toBe(secret === "" ? 400 : 404);
  }
  expect((await f.acceptAs(invited.id, "A".repeat(43))).body.error).toMatch(/not valid/);
});

test("only owners see and manage invitations, and an invitation of another project is not found", async () => {
  const f = await fixture();
  const curator = await person("curator");
  const { joinByInvitation } = await import("@/lib/testing/members");
  await joinByInvitation(f.project.id, f.owner.id, curator, "CURATOR");
  const made = await f.invite(`someone-${uuidv7()}@invite.test`);
  session.userId = curator.id;
  expect((await call(invitations.GET, { id: f.project.id })).status).toBe(403);
  expect((await call(invitations.POST, { id: f.project.id }, { method: "POST", body: { email: "x@invite.test", role: "OWNER" } })).status).toBe(403);
  expect((await call(invitation.DELETE, { id: f.project.id, invitationId: made.body.invitation.id }, { method: "DELETE" })).status).toBe(403);

  const g = await fixture();
  session.userId = g.owner.id;
  expect((await call(invitation.DELETE, { id: g.project.id, invitationId: made.body.invitation.id }, { method: "DELETE" })).status).toBe(404);
  expect((await db.invitation.findUniqueOrThrow({ where: { id: made.body.invitation.id } })).revokedAt).toBeNull();
});

test("a new person signs up with the invited address and then accepts", async () => {
  const f = await fixture();
  const email = `newcomer-${uuidv7()}@invite.test`;
  const secret = secretOf((await f.invite(email, "VIEWER")).body.path);
  const users = await import("@/app/api/users/route");
  const signedUp = await call(users.POST, {}, { method: "POST", body: { email, name: "Newcomer", password: "correct horse battery" } });
  expect(signedUp.status).toBe(201);
  expect(await f.acceptAs(signedUp.body.id, secret)).toEqual({ status: 200, body: { projectId: f.project.id, role: "VIEWER" } });
});
