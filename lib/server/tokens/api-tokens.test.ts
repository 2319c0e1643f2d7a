// Personal API tokens end to end at the HTTP edge: made in a signed-in session, then used as
// `Authorization: Bearer …` with no session at all. Everything below the session is real.
import { beforeAll, expect, test, vi } from "vitest";
import { uuidv7 } from "@/lib/ids";
import { callRoute } from "@/lib/testing/api-routes";
import { useTestDatabase } from "@/lib/testing/test-database";
import { documentAccessOf } from "@/lib/testing/access";

const session = vi.hoisted(() => ({ userId: "" }));
vi.mock("@/lib/auth", () => ({ auth: async () => (session.userId ? { user: { id: session.userId } } : null) }));

let db: typeof import("@/lib/db").db;
let createProject: typeof import("@/lib/server/projects/create-project").createProject;
let createAnnotation: typeof import("@/lib/server/annotations/create-annotation").createAnnotation;

beforeAll(async () => {
  await useTestDatabase();
  ({ db } = await import("@/lib/db"));
  ({ createProject } = await import("@/lib/server/projects/create-project"));
  ({ createAnnotation } = await import("@/lib/server/annotations/create-annotation"));
});

const call = callRoute;
const PASSWORD = "the owner's passphrase";
let hashed: Promise<string> | undefined;
const ownerPasswordHash = async () => (hashed ??= import("@/lib/server/auth/passwords").then((m) => m.hashPassword(PASSWORD)));

async function fixture() {
  const tokens = await import("@/app/api/tokens/route");
  const [owner, stranger] = await Promise.all(
    ["owner", "stranger"].map(async (n) => db.user.create({ data: { email: `${n}-${uuidv7()}@tokens.test`, name: n, passwordHash: await ownerPasswordHash() } })),
  );
  const reached = await createProject(owner.id, { name: "Reached", description: "" });
  const other = await createProject(owner.id, { name: "Other", description: "" });
  const foreign = await createProject(stranger.id, { name: "Foreign", description: "" });
  const text = "👍 Kim Jong Un met Putin in Vladivostok.";
  const doc = async (projectId: string) =>
    db.document.create({ data: { projectId, title: "Doc", text, contentHash: uuidv7(), length: [...text].length } });
  const [reachedDoc, otherDoc] = await Promise.all([doc(reached.id), doc(other.id)]);
  const person = async (projectId: string) => (await db.label.findFirstOrThrow({ where: { projectId, name: "Person" } })).id;
  const annotate = async (projectId: string, documentId: string) =>
    (await createAnnotation(await documentAccessOf(owner.id, documentId), { id: uuidv7(), labelId: await person(projectId), start: 2, end: 13, exact: "Kim Jong Un", attributes: {}, note: "" })).annotation;
  const [reachedAnnotation, otherAnnotation] = await Promise.all([annotate(reached.id, reachedDoc.id), annotate(other.id, otherDoc.id)]);
  session.userId = owner.id;
  const make = async (access: "READ" | "READ_WRITE", expiresInDays: number | null = 30) => {
    const made = await call(tokens.POST, {}, { method: "POST", body: { name: `${access} script`, projectIds: [reached.id], access, expiresInDays, password: PASSWORD } });
    expect(made.status).toBe(201);
    return made.body as { token: { id: string; prefix: string }; secret: string };
  };
  return { tokens, owner, stranger, reached, other, foreign, reachedDoc, otherDoc, reachedAnnotation, otherAnnotation, person, make };
}

test("a token is shown once, stored only as a hash, listed with its projects and revoked from the list", async () => {
  const f = await fixture();
  const made = await f.make("READ");
  expect(made.secret).toMatch(/^awb_[A-Za-z0-9_-]{43}$/);
  expect(made.secret.startsWith(made.token.prefix)).toBe(true);
  const stored = await db.apiToken.findUniqueOrThrow({ where: { id: made.token.id } });
  expect(JSON.stringify(stored)).not.toContain(made.secret.slice(4));

  const listed = await call(f.tokens.GET, {});
  expect(listed.body.tokens).toEqual([
    expect.objectContaining({ id: made.token.id, name: "READ script", access: "READ", lastUsedAt: null, projects: [{ id: f.reached.id, name: "Reached" }] }),
  ]);
  expect(JSON.stringify(listed.body)).not.toContain(made.secret);

  // Used once: the list shows when.
  session.userId = "";
  const projects = await import("@/app/api/projects/route");
  expect((await call(projects.GET, {}, { token: made.secret })).status).toBe(200);
  session.userId = f.owner.id;
  expect((await call(f.tokens.GET, {})).body.tokens[0].lastUsedAt).not.toBeNull();

  const revoke = await import("@/app/api/tokens/[id]/route");
  session.userId = f.stranger.id;
  expect((await call(revoke.DELETE, { id: made.token.id }, { method: "DELETE" })).status).toBe(404);
  session.userId = f.owner.id;
  expect((await call(revoke.DELETE, { id: made.token.id }, { method: "DELETE" })).status).toBe(204);
  session.userId = "";
  const refused = await call(projects.GET, {}, { token: made.secret });
  expect(refused.status).toBe(401);
  expect(refused.body.error).toMatch(/not valid/);
});

test("a token reaches only its projects, only within its owner's role, and reads only unless read-write", async () => {
  const f = await fixture();
  const read = (await f.make("READ")).secret;
  const write = (await f.make("READ_WRITE")).secret;
  session.userId = "";
  const projects = await import("@/app/api/projects/route");
  const project = await import("@/app/api/projects/[id]/route");
  const annotations = await import("@/app/api/documents/[id]/annotations/route");
  const annotation = await import("@/app/api/annotations/[id]/route");
  const history = await import("@/app/api/annotations/[id]/history/route");

  // The project list shows the token's projects only.
  expect((await call(projects.GET, {}, { token: read })).body.projects.map((p: { name: string }) => p.name)).toEqual(["Reached"]);
  expect((await call(project.GET, { id: f.reached.id }, { token: read })).status).toBe(200);
  const outside = await call(project.GET, { id: f.other.id }, { token: read });
  expect(outside).toMatchObject({ status: 404, body: { error: expect.stringMatching(/API token/) } });
  expect((await call(project.GET, { id: f.foreign.id }, { token: write })).status).toBe(404);
  expect((await call(annotations.GET, { id: f.reachedDoc.id }, { token: read })).body.annotations).toHaveLength(1);
  expect((await call(annotations.GET, { id: f.otherDoc.id }, { token: read })).status).toBe(404);
  expect((await call(history.GET, { id: f.otherAnnotation.id }, { token: read })).status).toBe(404);
  expect((await call(history.GET, { id: f.reachedAnnotation.id }, { token: read })).status).toBe(200);

  // Reading tokens cannot write; read-write ones can, in their projects only.
  const body = { id: uuidv7(), labelId: await f.person(f.reached.id), start: 18, end: 23, exact: "Putin", attributes: {}, note: "" };
  const readOnly = await call(annotations.POST, { id: f.reachedDoc.id }, { method: "POST", body, token: read });
  expect(readOnly).toMatchObject({ status: 403, body: { error: expect.stringMatching(/read-only/) } });
  expect(await db.annotation.count({ where: { id: body.id } })).toBe(0);
  expect((await call(annotations.POST, { id: f.reachedDoc.id }, { method: "POST", body, token: write })).status).toBe(201);
  const otherBody = { ...body, id: uuidv7(), labelId: await f.person(f.other.id) };
  expect((await call(annotations.POST, { id: f.otherDoc.id }, { method: "POST", body: otherBody, token: write })).status).toBe(404);
  expect((await call(annotation.PATCH, { id: f.otherAnnotation.id }, { method: "PATCH", body: { version: 1, note: "changed" }, token: write })).status).toBe(404);
  expect((await db.annotation.findUniqueOrThrow({ where: { id: f.otherAnnotation.id } })).note).toBe("");

  // Never beyond its owner's role: demoted to viewer, the read-write token cannot write either.
  await db.membership.update({ where: { projectId_userId: { projectId: f.reached.id, userId: f.owner.id } }, data: { role: "VIEWER" } });
  const demoted = await call(annotations.POST, { id: f.reachedDoc.id }, { method: "POST", body: { ...body, id: uuidv7() }, token: write });
  expect(demoted.status).toBe(403);
  // Removed from the project, the token no longer reaches it at all.
  await db.membership.delete({ where: { projectId_userId: { projectId: f.reached.id, userId: f.owner.id } } });
  expect((await call(project.GET, { id: f.reached.id }, { token: read })).status).toBe(404);
  expect((await call(projects.GET, {}, { token: read })).body.projects).toEqual([]);
});

test("tokens cannot make projects or tokens; bad, expired and mistyped tokens get 401 with a reason", async () => {
  const f = await fixture();
  const write = (await f.make("READ_WRITE")).secret;
  const expiring = await f.make("READ_WRITE");
  session.userId = "";
  const projects = await import("@/app/api/projects/route");
  const restore = await import("@/app/api/projects/import/route");
  const made = await call(projects.POST, {}, { method: "POST", body: { name: "By script", description: "" }, token: write });
  expect(made).toMatchObject({ status: 403, body: { error: expect.stringMatching(/API tokens cannot create projects/) } });
  expect(await db.project.count({ where: { name: "By script" } })).toBe(0);
  expect((await call(restore.POST, {}, { method: "POST", body: {}, token: write })).status).toBe(403);
  expect((await call(f.tokens.POST, {}, { method: "POST", body: { name: "x", projectIds: [f.reached.id], access: "READ" }, token: write })).status).toBe(403);
  expect((await call(f.tokens.GET, {}, { token: write })).status).toBe(403);

  for (const bad of ["awb_nope", "not-a-token", write.slice(0, -1)]) {
    const answer = await call(projects.GET, {}, { token: bad });
    expect(answer.status).toBe(401);
    expect(answer.body.error).toMatch(/token/i);
  }
  await db.apiToken.update({ where: { id: expiring.token.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
  expect((await call(projects.GET, {}, { token: expiring.secret })).status).toBe(401);
});

test("a token can only be made for projects its maker belongs to, with a name and a known expiry", async () => {
  const f = await fixture();
  session.userId = f.owner.id;
  expect((await call(f.tokens.POST, {}, { method: "POST", body: { name: "x", projectIds: [f.foreign.id], access: "READ", password: PASSWORD } })).status).toBe(404);
  const bad = [
    { name: "", projectIds: [f.reached.id], access: "READ" },
    { name: "x", projectIds: [], access: "READ" },
    { name: "x", projectIds: [f.reached.id], access: "ADMIN" },
    { name: "x", projectIds: [f.reached.id], access: "READ", expiresInDays: 12 },
  ];
  session.userId = f.owner.id;
  for (const body of bad) expect((await call(f.tokens.POST, {}, { method: "POST", body: { ...body, password: PASSWORD } })).status).toBe(400);
  expect(await db.apiToken.count({ where: { userId: f.owner.id } })).toBe(0);
  session.userId = "";
  expect((await call(f.tokens.GET, {})).status).toBe(401);
});

test("making a token needs the account's password again: a stolen session alone cannot mint a credential that outlives it", async () => {
  const f = await fixture();
  const body = { name: "thief's script", projectIds: [f.reached.id], access: "READ_WRITE", expiresInDays: null };
  const missing = await call(f.tokens.POST, {}, { method: "POST", body });
  expect(missing.status).toBe(400);
  expect(missing.body.error).toMatch(/password/i);
  const wrong = await call(f.tokens.POST, {}, { method: "POST", body: { ...body, password: "a guessed passphrase" } });
  expect(wrong).toMatchObject({ status: 400, body: { error: expect.stringMatching(/password is not right/) } });
  expect(await db.apiToken.count({ where: { userId: f.owner.id } })).toBe(0);
  // Guessing it there is slowed like signing in.
  const statuses: number[] = [];
  for (let i = 0; i < 4; i++) statuses.push((await call(f.tokens.POST, {}, { method: "POST", body: { ...body, password: `guess ${i}` } })).status);
  expect(statuses).toContain(429);
  expect(await db.apiToken.count({ where: { userId: f.owner.id } })).toBe(0);
});
