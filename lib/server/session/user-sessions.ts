import "server-only";
import { db } from "@/lib/db";

// Sessions are JWT cookies that name a row of UserSession (see prisma/schema.prisma). One row per
// signed-in browser rather than one version number per account, so that signing out ends only
// the session that signed out, while "sign out everywhere", a password change and a reset end
// the others too. The check is one primary-key lookup per request.

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DAY_MS = 24 * 3600 * 1000;
// Auth.js's session cookie lives 30 days from its last use; a row unseen for longer is dead.
const UNUSED_SESSION_MS = 31 * DAY_MS;

/** A new session for `userId`; its id goes into the session cookie. Dead sessions of the account are cleared. */
export async function startSession(userId: string, now = new Date()): Promise<string> {
  await db.userSession.deleteMany({ where: { userId, lastSeenAt: { lt: new Date(now.getTime() - UNUSED_SESSION_MS) } } });
  return (await db.userSession.create({ data: { userId }, select: { id: true } })).id;
}

/** Whether the session still exists (not signed out or ended) and belongs to `userId`. */
export async function sessionIsLive(sessionId: unknown, userId: unknown, now = new Date()): Promise<boolean> {
  if (typeof sessionId !== "string" || typeof userId !== "string" || !UUID.test(sessionId)) return false;
  const session = await db.userSession.findFirst({ where: { id: sessionId, userId }, select: { lastSeenAt: true } });
  if (!session) return false;
  // One write a day per session at most, so that a session in use is never taken for dead.
  if (now.getTime() - session.lastSeenAt.getTime() > DAY_MS) {
    await db.userSession.updateMany({ where: { id: sessionId }, data: { lastSeenAt: now } });
  }
  return true;
}

export async function endSession(sessionId: unknown) {
  if (typeof sessionId === "string" && UUID.test(sessionId)) await db.userSession.deleteMany({ where: { id: sessionId } });
}

/** Ends every session of the account, except `keep` (the one asking, after a password change). */
export async function endAllSessions(userId: string, keep?: string) {
  const { count } = await db.userSession.deleteMany({ where: { userId, ...(keep ? { id: { not: keep } } : {}) } });
  return count;
}
