import "server-only";
import { AppError } from "@/lib/server/errors";

// A cap on API requests and page renders (pageUser) made with a browser session, per account: a script driving a signed-in
// browser (or a page gone wrong in a loop) cannot take the server's one thread from everyone
// else. API tokens have their own limit, counted in PostgreSQL across instances
// (lib/server/tokens/api-rate-limit.ts); this one is counted in memory, per app instance, because
// it is checked on every browser request and must cost nothing — with several instances behind a
// balancer an account may use the limit on each. The default is far above what a person does in
// the viewer (the 50-annotator load benchmark makes about one request a second each).
//
// Settings (read per request): SESSION_RATE_LIMIT requests per account per window (default 3000),
// SESSION_RATE_LIMIT_WINDOW seconds (default 60).

const setting = (name: string, fallback: number) => {
  const value = Number(process.env[name]);
  return Number.isInteger(value) && value > 0 ? value : fallback;
};

export const sessionRateLimits = () => ({
  perAccount: setting("SESSION_RATE_LIMIT", 3000),
  windowSeconds: setting("SESSION_RATE_LIMIT_WINDOW", 60),
});

type Window = { start: number; count: number };
const globalWindows = globalThis as unknown as { sessionRequestWindows?: Map<string, Window> };
const windows = (globalWindows.sessionRequestWindows ??= new Map<string, Window>());
/** Accounts remembered at most; past windows are dropped first, so memory stays bounded. */
const MAX_ACCOUNTS = 50_000;

/** Counts one session request of `userId`; 429 with Retry-After once the account is over its limit in this window. */
export function countSessionRequest(userId: string, now = Date.now()): void {
  const { perAccount, windowSeconds } = sessionRateLimits();
  const windowMs = windowSeconds * 1000;
  const start = Math.floor(now / windowMs) * windowMs;
  let current = windows.get(userId);
  if (!current || current.start !== start) {
    if (!current && windows.size >= MAX_ACCOUNTS) {
      for (const [key, w] of windows) if (w.start !== start) windows.delete(key);
      if (windows.size >= MAX_ACCOUNTS) windows.delete(windows.keys().next().value!);
    }
    current = { start, count: 0 };
    windows.set(userId, current);
  }
  current.count++;
  if (current.count > perAccount) {
    const retryAfter = Math.max(1, Math.ceil((start + windowMs - now) / 1000));
    throw new AppError(
      "RATE_LIMITED",
      `Too many requests from your account: at most ${perAccount} per ${windowSeconds} seconds. Try again in ${retryAfter} seconds.`,
      { retryAfter },
      { "retry-after": String(retryAfter) },
    );
  }
}
