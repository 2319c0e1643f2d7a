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
  expect(await ok.json()).toEqual({ endedSessions: 1, revokedTokens: 0 });
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

test("twenty wrong current passwords sent at once: at most the free tries are checked, the rest get 429", async () => {
  const statuses = await Promise.all(
    Array.from({ length: 20 }, async (_, i) => (await call(changePasswordRoute, "POST", { currentPassword: `guess ${i}`, newPassword: "a brand new passphrase" }, "203.0.113.40")).status),
  );
  const { FREE_FAILURES_PER_PAIR } = await import("@/lib/server/auth/rate-limit");
  expect(await db.signInFailure.count({ where: { email: user.email } })).toBeLessThanOrEqual(FREE_FAILURES_PER_PAIR);
  expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(20 - FREE_FAILURES_PER_PAIR);
  expect(await passwordIs("the old passphrase")).toBe(true);
});

test("changing the password revokes every API token of the account, and says so", async () => {
  const token = await db.apiToken.create({ data: { userId: user.id, name: "script", tokenHash: `hash-${n}`, prefix: "awb_x", access: "READ" } });
  const ok = await call(changePasswordRoute, "POST", { currentPassword: "the old passphrase", newPassword: "a brand new passphrase" });
  expect(ok.status).toBe(200);
  expect(await ok.json()).toEqual({ endedSessions: 1, revokedTokens: 1 });
  expect(await db.apiToken.findUnique({ where: { id: token.id } })).toBeNull();
});

test("sixty sign-ups sent at once from one address, most for taken emails: no more refusals than the limit", async () => {
  for (let i = 0; i < 40; i++) await db.user.create({ data: { email: `taken-${n}-${i}@enum.test`, name: "Taken" } });
  const emails = Array.from({ length: 60 }, (_, i) => (i % 3 === 0 ? `free-${n}-${i}@enum.test` : `taken-${n}-${i % 40}@enum.test`));
  const statuses = await Promise.all(
    emails.map(
      async (email) =>
        (
          await signUpRoute(
            new Request("http://workbench.test/api/users", {
              method: "POST",
              headers: { "content-type": "application/json", "x-forwarded-for": "198.51.100.77" },
              body: JSON.stringify({ email, name: "Prober", password: "correct horse battery staple" }),
            }),
          )
        ).status,
    ),
  );
  const { MAX_SIGN_UP_REFUSALS_PER_ADDRESS } = await import("@/lib/server/auth/sign-up-limit");
  // Each 409 tells the prober an address has an account: no more of them than the limit allows.
  expect(statuses.filter((s) => s === 409).length).toBeLessThanOrEqual(MAX_SIGN_UP_REFUSALS_PER_ADDRESS);
  expect(statuses.every((s) => [201, 409, 429].includes(s))).toBe(true);
});
