import "server-only";
import { headers } from "next/headers";
import { auth } from "@/lib/auth";
import { sessionIsLive } from "@/lib/server/session/user-sessions";

// Auth.js's `auth()` answers a route handler by running its whole session endpoint on a synthetic
// request: key derivation, decrypting the JWT, a new CSRF token, re-encrypting a refreshed token
// (which a route handler then throws away) — about a third of the server's CPU time per API call
// under load. Its answer depends only on the request's cookies, the clock and whether the session
// still exists, so it is remembered per Cookie header for a short while, and each use re-checks
// the session's row (one primary-key lookup, on the database every app instance shares): a
// session ended anywhere — signed out, "sign out everywhere", a password change — is refused at
// once, never up to TTL_MS later. Only signed-in answers are kept (a request without a valid
// session cookie always goes to Auth.js), and only for TTL_MS: a session token that expires is
// refused at most that much later than Auth.js alone would (tokens live 30 days).
const TTL_MS = 60_000;
const MAX_ENTRIES = 5_000;
const SESSION_COOKIE = /(?:^|;\s*)(?:__Secure-)?authjs\.session-token(?:\.\d+)?=/;

export type SignedInSession = { userId: string; sessionId: string | null };
type Entry = { userId: string; sessionId: string; until: number };
const globalCache = globalThis as unknown as { signedInSessions?: Map<string, Entry> };
const cache = (globalCache.signedInSessions ??= new Map<string, Entry>());

async function cookieHeader(): Promise<string | null> {
  try {
    return (await headers()).get("cookie");
  } catch {
    // Outside a request (scripts, tests calling a handler directly): nothing to key on.
    return null;
  }
}

/** The signed-in user and their session, or null. */
export async function currentSession(): Promise<SignedInSession | null> {
  const cookie = await cookieHeader();
  const key = cookie && SESSION_COOKIE.test(cookie) ? cookie : null;
  const now = Date.now();
  if (key) {
    const hit = cache.get(key);
    if (hit && hit.until > now) {
      if (await sessionIsLive(hit.sessionId, hit.userId)) return { userId: hit.userId, sessionId: hit.sessionId };
      cache.delete(key);
      return null;
    }
    if (hit) cache.delete(key);
  }
  // Auth.js's answer is current: its jwt callback (lib/auth.ts) has just checked the session row.
  const session = await auth();
  const userId = session?.user?.id;
  if (!userId) return null;
  const sessionId = session.sessionId ?? null;
  // Without the session's id there is nothing to re-check a remembered answer against.
  if (key && sessionId) {
    if (cache.size >= MAX_ENTRIES) {
      for (const [k, entry] of cache) if (entry.until <= now) cache.delete(k);
      if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value!);
    }
    cache.set(key, { userId, sessionId, until: now + TTL_MS });
  }
  return { userId, sessionId };
}

/** The signed-in user's id, or null. */
export async function sessionUserId(): Promise<string | null> {
  return (await currentSession())?.userId ?? null;
}
