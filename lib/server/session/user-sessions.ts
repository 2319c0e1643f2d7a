import "server-only";
import { db } from "@/lib/db";

// Sessions are JWT cookies that name a row of UserSession (see prisma/schema.prisma). One row per
// signed-in browser rather than one version number per account, so that signing out ends only
// the session that signed out, while "sign out everywhere", a password change and a reset end
// the others too. The check is one primary-key lookup per request.

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A new session for `userId`; its id goes into the session cookie. */
export async function startSession(userId: string): Promise<string> {
  return (await db.userSession.create({ data: { userId }, select: { id: true } })).id;
}

/** Whether the session still exists (not signed out or ended) and belongs to `userId`. */
export async function sessionIsLive(sessionId: unknown, userId: unknown): Promise<boolean> {
  if (typeof sessionId !== "string" || typeof userId !== "string" || !UUID.test(sessionId)) return false;
  return (await db.userSession.count({ where: { id: sessionId, userId } })) > 0;
}

export async function endSession(sessionId: unknown) {
  if (typeof sessionId === "string" && UUID.test(sessionId)) await db.userSession.deleteMany({ where: { id: sessionId } });
}

/** Ends every session of the account, except `keep` (the one asking, after a password change). */
export async function endAllSessions(userId: string, keep?: string) {
  const { count } = await db.userSession.deleteMany({ where: { userId, ...(keep ? { id: { not: keep } } : {}) } });
  return count;
}
