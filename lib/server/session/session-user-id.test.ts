// The remembered session answer: one Auth.js call per Cookie header per minute, never for a
// request without a session cookie, never a remembered "signed out", and forgotten after a minute.
import { afterEach, beforeEach, expect, test, vi } from "vitest";

const state = vi.hoisted(() => ({ cookie: null as string | null, userId: null as string | null, calls: 0, outsideRequest: false }));

vi.mock("next/headers", () => ({
  headers: async () => {
    if (state.outsideRequest) throw new Error("`headers` was called outside a request scope");
    return new Headers(state.cookie === null ? {} : { cookie: state.cookie });
  },
}));
vi.mock("@/lib/auth", () => ({
  auth: async () => {
    state.calls++;
    return state.userId ? { user: { id: state.userId } } : null;
  },
}));

const { sessionUserId } = await import("@/lib/server/session/session-user-id");

let n = 0;
beforeEach(() => {
  // A Cookie header of its own per test, so remembered answers of one test don't leak into another.
  n++;
  Object.assign(state, { cookie: `authjs.csrf-token=x; authjs.session-token=token-${n}`, userId: `user-${n}`, calls: 0, outsideRequest: false });
});
afterEach(() => vi.useRealTimers());

test("the same Cookie header asks Auth.js once; another header asks again", async () => {
  expect(await sessionUserId()).toBe(`user-${n}`);
  expect(await sessionUserId()).toBe(`user-${n}`);
  expect(state.calls).toBe(1);
  state.cookie = `authjs.session-token=other-${n}`;
  state.userId = `someone-else-${n}`;
  expect(await sessionUserId()).toBe(`someone-else-${n}`);
  expect(state.calls).toBe(2);
});

test("a signed-out answer is never remembered: signing in with the same cookies is seen at once", async () => {
  state.userId = null;
  expect(await sessionUserId()).toBeNull();
  state.userId = `user-${n}`;
  expect(await sessionUserId()).toBe(`user-${n}`);
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
  vi.useFakeTimers({ now: Date.now() });
  expect(await sessionUserId()).toBe(`user-${n}`);
  vi.advanceTimersByTime(59_000);
  expect(await sessionUserId()).toBe(`user-${n}`);
  expect(state.calls).toBe(1);
  vi.advanceTimersByTime(2_000);
  state.userId = null;
  expect(await sessionUserId()).toBeNull();
  expect(state.calls).toBe(2);
});
