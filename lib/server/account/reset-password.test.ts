import { beforeAll, expect, test } from "vitest";
import { useTestDatabase } from "@/lib/testing/test-database";

let db: typeof import("@/lib/db").db;
let resetPassword: typeof import("@/lib/server/account/reset-password").resetPassword;
let sessions: typeof import("@/lib/server/session/user-sessions");
let verifyPassword: typeof import("@/lib/server/auth/passwords").verifyPassword;

beforeAll(async () => {
  await useTestDatabase();
  ({ db } = await import("@/lib/db"));
  ({ resetPassword } = await import("@/lib/server/account/reset-password"));
  sessions = await import("@/lib/server/session/user-sessions");
  ({ verifyPassword } = await import("@/lib/server/auth/passwords"));
});

test("the operator's reset sets a new password, ends every session and lifts the sign-in limit", async () => {
  const user = await db.user.create({ data: { email: "forgot@reset.test", name: "Forgetful" } });
  const session = await sessions.startSession(user.id);
  await db.signInFailure.create({ data: { email: "forgot@reset.test", ip: "203.0.113.5" } });

  const generated = await resetPassword(" Forgot@Reset.test ");
  expect(generated).toMatchObject({ email: "forgot@reset.test", endedSessions: 1 });
  expect(await verifyPassword((await db.user.findUniqueOrThrow({ where: { id: user.id } })).passwordHash, generated.password)).toBe(true);
  expect(await sessions.sessionIsLive(session, user.id)).toBe(false);
  expect(await db.signInFailure.count({ where: { email: "forgot@reset.test" } })).toBe(0);

  const chosen = await resetPassword("forgot@reset.test", "a chosen new passphrase");
  expect(chosen.password).toBe("a chosen new passphrase");
  await expect(resetPassword("forgot@reset.test", "password12")).rejects.toMatchObject({ code: "INVALID_INPUT", message: expect.stringMatching(/too easy to guess/) });
  await expect(resetPassword("nobody@reset.test")).rejects.toMatchObject({ code: "NOT_FOUND" });
});

test("the operator's reset revokes every API token of the account and says how many", async () => {
  const user = await db.user.create({ data: { email: "tokens@reset.test", name: "Scripted" } });
  await db.apiToken.createMany({
    data: [1, 2].map((i) => ({ userId: user.id, name: `script ${i}`, tokenHash: `reset-hash-${i}`, prefix: "awb_x", access: "READ" as const })),
  });
  const other = await db.user.create({ data: { email: "bystander@reset.test", name: "Bystander" } });
  await db.apiToken.create({ data: { userId: other.id, name: "theirs", tokenHash: "reset-hash-other", prefix: "awb_y", access: "READ" } });
  expect(await resetPassword("tokens@reset.test", "a chosen new passphrase")).toMatchObject({ revokedTokens: 2 });
  expect(await db.apiToken.count({ where: { userId: user.id } })).toBe(0);
  expect(await db.apiToken.count({ where: { userId: other.id } })).toBe(1);
});
