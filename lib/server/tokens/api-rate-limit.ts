import "server-only";
import { sqlPool } from "@/lib/server/db/sql-pool";
import { AppError } from "@/lib/server/errors";

// A rate limit for requests made with personal API tokens: per token, and per account over all
// its tokens (so making more tokens does not raise it). Counted in PostgreSQL in fixed windows, so
// it holds across every app instance and restart; one upsert per token request. Browser requests
// (session cookie) are not limited here.
//
// Every token answer carries the IETF draft headers (draft-ietf-httpapi-ratelimit-headers, the
// separate-field form): RateLimit-Limit, RateLimit-Remaining, RateLimit-Reset (seconds until the
// window ends) and RateLimit-Policy ("600;w=60"), for whichever of the two limits is closer to
// running out. Over the limit: 429 with Retry-After.
//
// Settings (read per request): API_TOKEN_RATE_LIMIT requests per token per window (default 600),
// API_ACCOUNT_RATE_LIMIT per account (default 1200), API_RATE_LIMIT_WINDOW seconds (default 60).

const setting = (name: string, fallback: number) => {
  const value = Number(process.env[name]);
  return Number.isInteger(value) && value > 0 ? value : fallback;
};

export const apiRateLimits = () => ({
  perToken: setting("API_TOKEN_RATE_LIMIT", 600),
  perAccount: setting("API_ACCOUNT_RATE_LIMIT", 1200),
  windowSeconds: setting("API_RATE_LIMIT_WINDOW", 60),
});

export type ApiRateLimitState = { limit: number; remaining: number; resetSeconds: number; windowSeconds: number };

// Counts this request for both keys in one statement. The window is aligned to the database's
// clock, so instances with skewed clocks still share windows.
const COUNT_SQL = `
WITH w AS (SELECT to_timestamp(floor(extract(epoch FROM now()) / $2) * $2) AS start)
INSERT INTO "ApiRequestCount" (key, "windowStart", count)
SELECT k.key, w.start, 1 FROM w, unnest($1::text[]) WITH ORDINALITY AS k(key, ord)
ORDER BY k.ord
ON CONFLICT (key, "windowStart") DO UPDATE SET count = "ApiRequestCount".count + 1
RETURNING key, count, greatest(1, ceil(extract(epoch FROM "windowStart" + make_interval(secs => $2) - now())))::int AS "resetSeconds"`;

const PRUNE_EVERY_MS = 60_000;
let lastPruned = 0;

async function prunePastWindows(windowSeconds: number) {
  const now = Date.now();
  if (now - lastPruned < PRUNE_EVERY_MS) return;
  lastPruned = now;
  await sqlPool()
    .query(`DELETE FROM "ApiRequestCount" WHERE "windowStart" < now() - make_interval(secs => $1)`, [windowSeconds * 2])
    .catch(() => undefined);
}

/** Counts a token request; 429 (with Retry-After and RateLimit-* headers) when the token or its account is over its limit. */
export async function countApiTokenRequest(tokenId: string, userId: string): Promise<ApiRateLimitState> {
  const { perToken, perAccount, windowSeconds } = apiRateLimits();
  const { rows } = await sqlPool().query<{ key: string; count: number; resetSeconds: number }>(COUNT_SQL, [[`token:${tokenId}`, `account:${userId}`], windowSeconds]);
  void prunePastWindows(windowSeconds);
  const states = rows.map((row) => {
    const limit = row.key.startsWith("token:") ? perToken : perAccount;
    return { limit, count: row.count, remaining: Math.max(0, limit - row.count), resetSeconds: row.resetSeconds, windowSeconds, over: row.count > limit };
  });
  const tightest = states.reduce((a, b) => (b.over && !a.over) || (b.over === a.over && b.remaining < a.remaining) ? b : a);
  const state: ApiRateLimitState = { limit: tightest.limit, remaining: tightest.remaining, resetSeconds: tightest.resetSeconds, windowSeconds };
  if (tightest.over) {
    const whose = tightest === states[0] ? "this API token" : "your account's API tokens together";
    throw new AppError(
      "RATE_LIMITED",
      `Too many requests with ${whose}: at most ${tightest.limit} per ${windowSeconds} seconds. Try again in ${tightest.resetSeconds} seconds.`,
      { retryAfter: tightest.resetSeconds },
      { "retry-after": String(tightest.resetSeconds), ...rateLimitHeaders(state) },
    );
  }
  return state;
}

export function rateLimitHeaders(state: ApiRateLimitState): Record<string, string> {
  return {
    "ratelimit-limit": String(state.limit),
    "ratelimit-remaining": String(state.remaining),
    "ratelimit-reset": String(state.resetSeconds),
    "ratelimit-policy": `${state.limit};w=${state.windowSeconds}`,
  };
}

/** The answer with the RateLimit-* headers added (left as it is if its headers cannot be changed). */
export function withRateLimitHeaders(response: Response, state: ApiRateLimitState): Response {
  try {
    for (const [name, value] of Object.entries(rateLimitHeaders(state))) response.headers.set(name, value);
  } catch {
    // An immutable answer (a redirect made by Response.redirect): it goes out without them.
  }
  return response;
}
