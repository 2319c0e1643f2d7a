import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";
import { db } from "@/lib/db";
import { AppError } from "@/lib/server/errors";
import { proxyTrusted } from "@/lib/server/http/trust-proxy";

// Failed sign-ins are counted in the database (not in memory) so that the limits hold across
// several app instances and restarts. Three limits, so that guessing is slow but nobody can lock
// an account's owner out by failing on purpose:
// - per (account, address) pair: a few free tries, then a delay that doubles with each failure
//   (30 s, 1 min, 2 min … up to the window). An attacker's address slows only itself.
// - per address: MAX_FAILURES_PER_ADDRESS failures in the window, whatever the accounts.
// - per account: MAX_FAILURES_PER_ACCOUNT failures in the window from anywhere stop new devices,
//   but a browser that signed in to this account before (known-device.ts) passes this limit.
export const SIGN_IN_WINDOW_MS = 15 * 60 * 1000;
export const FREE_FAILURES_PER_PAIR = 3;
export const PAIR_BASE_DELAY_MS = 30_000;
export const MAX_FAILURES_PER_ACCOUNT = 10;
export const MAX_FAILURES_PER_ADDRESS = 20;
// Failures older than the window count for nothing; each new failure deletes up to this many.
const PRUNE_BATCH = 100;
// Past this many failures the pair's delay is already the whole window.
const PAIR_LOOKBACK = FREE_FAILURES_PER_PAIR + Math.ceil(Math.log2(SIGN_IN_WINDOW_MS / PAIR_BASE_DELAY_MS));

export type SignInAttempt = { email: string; ip: string; knownDevice?: boolean };
type Client = Pick<typeof db, "signInFailure">;

/** Seconds until this attempt may be made, or null when it is allowed now. */
export async function signInRetryAfter({ email, ip, knownDevice = false }: SignInAttempt, now = new Date(), client: Client = db): Promise<number | null> {
  const since = new Date(now.getTime() - SIGN_IN_WINDOW_MS);
  const recent = (where: { email?: string; ip?: string; knownDevice?: boolean }, take: number) =>
    client.signInFailure.findMany({ where: { ...where, createdAt: { gt: since } }, orderBy: { createdAt: "desc" }, take, select: { createdAt: true } });
  // The oldest of the last `max` failures must leave the window before another try.
  const windowFull = (rows: { createdAt: Date }[], max: number) =>
    rows.length < max ? 0 : rows[max - 1].createdAt.getTime() + SIGN_IN_WINDOW_MS - now.getTime();

  // A known device passes the per-account limit and the per-address one too: junk failures from
  // a shared (NAT) address must not lock out the people behind it whose browsers are known.
  // Failures from known devices are not counted per address, only per pair and per account.
  const [pair, byAddress, byAccount] = await Promise.all([
    recent({ email, ip }, PAIR_LOOKBACK),
    knownDevice ? Promise.resolve([]) : recent({ ip, knownDevice: false }, MAX_FAILURES_PER_ADDRESS),
    knownDevice ? Promise.resolve([]) : recent({ email }, MAX_FAILURES_PER_ACCOUNT),
  ]);
  const pairDelayMs =
    pair.length < FREE_FAILURES_PER_PAIR ? 0 : Math.min(2 ** (pair.length - FREE_FAILURES_PER_PAIR) * PAIR_BASE_DELAY_MS, SIGN_IN_WINDOW_MS);
  const waitMs = Math.max(
    pair.length ? pair[0].createdAt.getTime() + pairDelayMs - now.getTime() : 0,
    windowFull(byAddress, MAX_FAILURES_PER_ADDRESS),
    windowFull(byAccount, MAX_FAILURES_PER_ACCOUNT),
  );
  return waitMs > 0 ? Math.ceil(waitMs / 1000) : null;
}

/** 429 with Retry-After, for password checks outside Auth.js (password change, account linking). */
export const rateLimited = (retryAfter: number) =>
  new AppError("RATE_LIMITED", `Too many wrong passwords. Try again in ${retryAfter} seconds.`, { retryAfter }, { "retry-after": String(retryAfter) });

export async function recordSignInFailure(email: string, ip: string, now = new Date(), knownDevice = false) {
  await db.signInFailure.create({ data: { email, ip, knownDevice, createdAt: now } });
  await pruneSignInFailures(now);
}

async function pruneSignInFailures(now: Date) {
  // Bounded: the table holds at most what the limits can still count, plus a little.
  await db.$executeRaw`DELETE FROM "SignInFailure" WHERE id IN (
    SELECT id FROM "SignInFailure" WHERE "createdAt" < ${new Date(now.getTime() - SIGN_IN_WINDOW_MS)} LIMIT ${PRUNE_BATCH})`;
}

/** After a successful sign-in: this address's delay for this account starts over; the account's count stays. */
export async function clearSignInFailures(email: string, ip: string) {
  await db.signInFailure.deleteMany({ where: { email, ip } });
}

export type SignInClaim = { ok: true; id: string; email: string; ip: string } | { ok: false; retryAfter: number };

/**
 * Checks the limits and, when the attempt is allowed, records it as a failure before the password
 * is even looked at; settleSignInAttempt takes it back if the password was right. Checking and
 * recording happen under database locks on the account and on the address, so guesses sent all at
 * once (from one app instance or several) are counted one after the other: each sees the ones
 * before it, and only as many reach the slow password check as the limits allow.
 */
export async function claimSignInAttempt(attempt: SignInAttempt, now = new Date()): Promise<SignInClaim> {
  const { email, ip, knownDevice = false } = attempt;
  return db.$transaction(
    async (tx) => {
      // Always the account's lock first, then the address's: no two attempts wait on each other in a cycle.
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(${SIGN_IN_LOCK_ACCOUNT}::int, hashtext(${email}))`;
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(${SIGN_IN_LOCK_ADDRESS}::int, hashtext(${ip}))`;
      const retryAfter = await signInRetryAfter(attempt, now, tx);
      if (retryAfter) return { ok: false as const, retryAfter };
      const row = await tx.signInFailure.create({ data: { email, ip, knownDevice, createdAt: now }, select: { id: true } });
      return { ok: true as const, id: row.id, email, ip };
    },
    // Attempts for one account queue on its lock; each holds it for a few short queries.
    { maxWait: 30_000, timeout: 30_000 },
  );
}

/** The outcome of a claimed attempt: a right password takes the failure back (and clears the pair's delay); a wrong one keeps it. */
export async function settleSignInAttempt(claim: Extract<SignInClaim, { ok: true }>, succeeded: boolean, now = new Date()) {
  if (succeeded) await clearSignInFailures(claim.email, claim.ip);
  else await pruneSignInFailures(now);
}

/** A claim given back without a password check (the request failed before it): it counts for nothing. */
export async function releaseSignInAttempt(claim: Extract<SignInClaim, { ok: true }>) {
  await db.signInFailure.deleteMany({ where: { id: claim.id } });
}

// Keys of the two-integer advisory locks (a key space apart from the one-integer document locks).
const SIGN_IN_LOCK_ACCOUNT = 71_001;
const SIGN_IN_LOCK_ADDRESS = 71_002;

/**
 * The sign-in route claims the attempt itself (to answer 429 rather than a redirect) and hands the
 * claim to the credentials provider's authorize() through this, which settles it.
 */
export const routeSignInClaim = new AsyncLocalStorage<{ email: string; claim: Extract<SignInClaim, { ok: true }>; settled: boolean }>();

/** How many proxies in front of the app append to X-Forwarded-For (TRUSTED_PROXY_COUNT; TRUST_PROXY=1 means one). */
export function trustedProxyCount(): number {
  // Empty counts as unset (compose passes `${TRUSTED_PROXY_COUNT:-}` through as "").
  const raw = process.env.TRUSTED_PROXY_COUNT || (proxyTrusted() ? "1" : "0");
  const count = Number(raw);
  return Number.isInteger(count) && count >= 0 ? count : 0;
}

/**
 * The client's address. Every hop of X-Forwarded-For left of the ones our own machinery wrote
 * is whatever the client chose to send. The server itself appends the connection's address as
 * the right-most hop (lib/server/http/peer-address.ts), and each trusted proxy appended the
 * address it saw before that, so the client is the hop `proxies` places left of the right end.
 */
export function clientAddress(headers: Headers, proxies = trustedProxyCount()): string {
  const hops = (headers.get("x-forwarded-for") ?? "").split(",").map((h) => h.trim()).filter(Boolean);
  // Fewer hops than proxies: the request came around the proxies; the left-most is the nearest we have.
  return hops[hops.length - 1 - proxies] ?? hops[0] ?? "unknown";
}
