// The remembered session answer: one Auth.js call per Cookie header per minute, never for a
// request without a session cookie, never a remembered "signed out", forgotten after a minute,
// and never outliving the session's row (signed out or ended elsewhere). Auth.js itself is
// replaced (its JWT crypto is not what is tested here); the session rows are real.
import { afterEach, beforeAll, beforeEach, expect, test, vi } from "vitest";
import { useTestDatabase } from "@/lib/testing/test-database";

const state = vi.hoisted(() => ({ cookie: null as string | null, userId: null as string | null, sessionId: null as string | null, calls: 0, outsideRequest: false }));

vi.mock("next/headers", () => ({
  headers: async () => {
    if (state.outsideRequest) throw new Error("`headers` was called outside a request scope");
    return new Headers(state.cookie === null ? {} : { cookie: state.cookie });
  },
}));
vi.mock("@/lib/auth", () => ({
  auth: async () => {
    state.calls++;
    return state.userId ? { user: { id: state.userId }, sessionId: state.sessionId } : null;
  },
}));

let sessionUserId: typeof import("@/lib/server/session/session-user-id").sessionUserId;
let sessions: typeof import("@/lib/server/session/user-sessions");
let db: typeof import("@/lib/db").db;

beforeAll(async () => {
  await useTestDatabase();
  ({ db } = await import("@/lib/db"));
  sessions = await import("@/lib/server/session/user-sessions");
  ({ sessionUserId } = await import("@/lib/server/session/session-user-id"));
});

let n = 0;
/** A real account with a live session, as Auth.js would report it for `cookie`. */
async function signedIn(prefix: string) {
  const user = await db.user.create({ data: { email: `${prefix}-${n}-${Date.now()}@cache.test`, name: prefix }, select: { id: true } });
  return { userId: user.id, sessionId: await sessions.startSession(user.id) };
}

beforeEach(async () => {
  // A Cookie header of its own per test, so remembered answers of one test don't leak into another.
  n++;
  Object.assign(state, { cookie: `authjs.csrf-token=x; authjs.session-token=token-${n}`, ...(await signedIn("user")), calls: 0, outsideRequest: false });
});
afterEach(() => vi.useRealTimers());

test("the same Cookie header asks Auth.js once; another header asks again", async () => {
  const first = state.userId;
  expect(await sessionUserId()).toBe(first);
  expect(await sessionUserId()).toBe(first);
  expect(state.calls).toBe(1);
  state.cookie = `authjs.session-token=other-${n}`;
  Object.assign(state, await signedIn("someone-else"));
  expect(await sessionUserId()).toBe(state.userId);
  expect(state.calls).toBe(2);
});

test("a session ended elsewhere is refused at once, though its answer was remembered a moment ago", async () => {
  expect(await sessionUserId()).toBe(state.userId);
  // Signed out in another tab, or "sign out everywhere" on another app instance: only the row goes.
  await sessions.endSession(state.sessionId);
  expect(await sessionUserId()).toBeNull();
});

test("a signed-out answer is never remembered: signing in with the same cookies is seen at once", async () => {
  const userId = state.userId;
  state.userId = null;
  expect(await sessionUserId()).toBeNull();
  state.userId = userId;
  expect(await sessionUserId()).toBe(userId);
  expect(state.calls).toBe(2);
});

test("without a session cookie, or outside a request, every call goes to Auth.js", async () => {
  state.cookie = "authjs.csrf-token=x";
  await sessionUserId();
  await sessionUserId();
  expect(state.calls).toBe(2);
  state.outsideRequest = true;
  await sessionUserId();
  await sessionUserId();
  expect(state.calls).toBe(4);
});

test("a remembered answer is forgotten after a minute (an expired token is then refused)", async () => {
  vi.useFakeTimers({ now: Date.now(), toFake: ["Date"] });
  expect(await sessionUserId()).toBe(state.userId);
  vi.advanceTimersByTime(59_000);
  expect(await sessionUserId()).toBe(state.userId);
  expect(state.calls).toBe(1);
  vi.advanceTimersByTime(2_000);
  state.userId = null;
  expect(await sessionUserId()).toBeNull();
  expect(state.calls).toBe(2);
});
