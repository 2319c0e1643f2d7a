// Password change, "sign out everywhere" and sign-up's password check, through the route handlers
// with real sessions rows; Auth.js's cookie decoding is replaced by the session being asked about.
import { beforeAll, beforeEach, expect, test, vi } from "vitest";
import { useTestDatabase } from "@/lib/testing/test-database";

const state = vi.hoisted(() => ({ userId: null as string | null, sessionId: null as string | null }));
vi.mock("@/lib/auth", () => ({ auth: async () => (state.userId ? { user: { id: state.userId }, sessionId: state.sessionId } : null) }));

type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
let db: typeof import("@/lib/db").db;
let sessions: typeof import("@/lib/server/session/user-sessions");
let verifyPassword: typeof import("@/lib/server/auth/passwords").verifyPassword;
let changePasswordRoute: Handler;
let endSessionsRoute: Handler;
let signUpRoute: (req: Request) => Promise<Response>;

beforeAll(async () => {
  await useTestDatabase();
  ({ db } = await import("@/lib/db"));
  sessions = await import("@/lib/server/session/user-sessions");
  ({ verifyPassword } = await import("@/lib/server/auth/passwords"));
  changePasswordRoute = (await import("@/app/api/account/password/route")).POST as unknown as Handler;
  endSessionsRoute = (await import("@/app/api/account/sessions/route")).DELETE as unknown as Handler;
  signUpRoute = (await import("@/app/api/users/route")).POST;
});

let n = 0;
let user: { id: string; email: string };
let here: string;
let elsewhere: string;
beforeEach(async () => {
  const { hashPassword } = await import("@/lib/server/auth/passwords");
  user = await db.user.create({ data: { email: `person-${++n}@account.test`, name: "Person", passwordHash: await hashPassword("the old passphrase") }, select: { id: true, email: true } });
  [here, elsewhere] = [await sessions.startSession(user.id), await sessions.startSession(user.id)];
  Object.assign(state, { userId: user.id, sessionId: here });
});

const call = (handler: Handler, method: string, body?: unknown, ip = "198.51.100.9") =>
  handler(
    new Request("http://workbench.test/api/account", { method, headers: { "content-type": "application/json", "x-forwarded-for": ip }, body: body === undefined ? undefined : JSON.stringify(body) }),
    { params: Promise.resolve({}) },
  );
const live = (sessionId: string) => sessions.sessionIsLive(sessionId, user.id);
const passwordIs = async (password: string) => verifyPassword((await db.user.findUniqueOrThrow({ where: { id: user.id } })).passwordHash, password);

test("changing the password needs the current one, ends the other sessions and keeps this one", async () => {
  const wrong = await call(changePasswordRoute, "POST", { currentPassword: "not it at all", newPassword: "a brand new passphrase" });
  expect(wrong.status).toBe(400);
  expect((await wrong.json()).error).toMatch(/current password is not right/);
  expect(await passwordIs("the old passphrase")).toBe(true);

  const ok = await call(changePasswordRoute, "POST", { currentPassword: "the old passphrase", newPassword: "a brand new passphrase" });
  expect(ok.status).toBe(200);
  expect(await ok.json()).toEqual({ endedSessions: 1 });
  expect(await passwordIs("a brand new passphrase")).toBe(true);
  expect(await live(here)).toBe(true);
  expect(await live(elsewhere)).toBe(false);
});

test("a weak new password is refused with the reason, and nothing changes", async () => {
  for (const weak of ["aaaaaaaaaa", "1234567890", "password12", "          "]) {
    const response = await call(changePasswordRoute, "POST", { currentPassword: "the old passphrase", newPassword: weak });
    expect(response.status).toBe(400);
    expect((await response.json()).error).toMatch(/too easy to guess\. \S/);
  }
  expect(await passwordIs("the old passphrase")).toBe(true);
  expect(await live(elsewhere)).toBe(true);
});

test("guessing the current password through a stolen session is slowed like signing in", async () => {
  const statuses: number[] = [];
  for (let i = 0; i < 5; i++) statuses.push((await call(changePasswordRoute, "POST", { currentPassword: `guess ${i}`, newPassword: "a brand new passphrase" })).status);
  expect(statuses.slice(0, 3)).toEqual([400, 400, 400]);
  expect(statuses).toContain(429);
});

test("sign out everywhere ends every session of the account, this one too, and nobody else's", async () => {
  const other = await db.user.create({ data: { email: `other-${n}@account.test`, name: "Other" }, select: { id: true } });
  const othersSession = await sessions.startSession(other.id);
  const response = await call(endSessionsRoute, "DELETE");
  expect(response.status).toBe(200);
  expect(await response.json()).toEqual({ endedSessions: 2 });
  expect([await live(here), await live(elsewhere)]).toEqual([false, false]);
  expect(await sessions.sessionIsLive(othersSession, other.id)).toBe(true);
  // That the browser's cookie then stops working is shown with real Auth.js cookies in
  // app/api/auth/[...nextauth]/route.test.ts and e2e/sessions.spec.ts.
});

test("sign-up refuses the weak passwords from the review, each with a reason, and makes no account", async () => {
  for (const [i, weak] of ["aaaaaaaaaa", "1234567890", "password12", "          "].entries()) {
    const email = `weak-${n}-${i}@account.test`;
    const response = await signUpRoute(new Request("http://workbench.test/api/users", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ email, name: "Weak", password: weak }) }));
    expect(response.status, weak).toBe(400);
    expect((await response.json()).error).toMatch(/too easy to guess\. \S/);
    expect(await db.user.count({ where: { email } })).toBe(0);
  }
});
