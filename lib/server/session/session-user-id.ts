import "server-only";
import { headers } from "next/headers";
import { auth } from "@/lib/auth";

// Auth.js's `auth()` answers a route handler by running its whole session endpoint on a synthetic
// request: key derivation, decrypting the JWT, a new CSRF token, re-encrypting a refreshed token
// (which a route handler then throws away) — about a third of the server's CPU time per API call
// under load. Its answer depends only on the request's cookies and the clock, so it is remembered
// per Cookie header for a short while. Only signed-in answers are kept (a request without a valid
// session cookie always goes to Auth.js), and only for TTL_MS: a session token that expires is
// refused at most that much later than Auth.js alone would (tokens live 30 days). Signing out
// removes the cookie, so the browser's next request has another Cookie header and misses.
const TTL_MS = 60_000;
const MAX_ENTRIES = 5_000;
const SESSION_COOKIE = /(?:^|;\s*)(?:__Secure-)?authjs\.session-token(?:\.\d+)?=/;

type Entry = { userId: string; until: number };
const globalCache = globalThis as unknown as { sessionUsers?: Map<string, Entry> };
const cache = (globalCache.sessionUsers ??= new Map<string, Entry>());

async function cookieHeader(): Promise<string | null> {
  try {
    return (await headers()).get("cookie");
  } catch {
    // Outside a request (scripts, tests calling a handler directly): nothing to key on.
    return null;
  }
}

/** The signed-in user's id, or null. */
export async function sessionUserId(): Promise<string | null> {
  const cookie = await cookieHeader();
  const key = cookie && SESSION_COOKIE.test(cookie) ? cookie : null;
  const now = Date.now();
  if (key) {
    const hit = cache.get(key);
    if (hit && hit.until > now) return hit.userId;
    if (hit) cache.delete(key);
  }
  const session = await auth();
  const userId = session?.user?.id ?? null;
  if (key && userId) {
    if (cache.size >= MAX_ENTRIES) {
      for (const [k, entry] of cache) if (entry.until <= now) cache.delete(k);
      if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value!);
    }
    cache.set(key, { userId, until: now + TTL_MS });
  }
  return userId;
}
