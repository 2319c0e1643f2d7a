import { beforeAll, expect, test } from "vitest";
import { useTestDatabase } from "@/lib/testing/test-database";

let db: typeof import("@/lib/db").db;
let sessions: typeof import("@/lib/server/session/user-sessions");

beforeAll(async () => {
  await useTestDatabase();
  ({ db } = await import("@/lib/db"));
  sessions = await import("@/lib/server/session/user-sessions");
});

const DAY = 24 * 3600 * 1000;

test("a session in use is kept; one unused for longer than a cookie lives is cleared at the next sign-in", async () => {
  const user = await db.user.create({ data: { email: "rows@sessions.test", name: "Rows" } });
  const [used, abandoned] = [await sessions.startSession(user.id), await sessions.startSession(user.id)];
  await db.userSession.updateMany({ where: { id: { in: [used, abandoned] } }, data: { lastSeenAt: new Date(Date.now() - 40 * DAY) } });
  // Used today: its last use moves forward (at most one write a day).
  expect(await sessions.sessionIsLive(used, user.id)).toBe(true);
  expect((await db.userSession.findUniqueOrThrow({ where: { id: used } })).lastSeenAt.getTime()).toBeGreaterThan(Date.now() - DAY);

  const fresh = await sessions.startSession(user.id);
  const left = (await db.userSession.findMany({ where: { userId: user.id }, select: { id: true } })).map((s) => s.id).sort();
  expect(left).toEqual([used, fresh].sort());
  expect(await sessions.sessionIsLive(abandoned, user.id)).toBe(false);
  // Another account's session id does not pass for this account.
  const other = await db.user.create({ data: { email: "other@sessions.test", name: "Other" } });
  expect(await sessions.sessionIsLive(used, other.id)).toBe(false);
});
