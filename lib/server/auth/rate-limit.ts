import "server-only";
import { db } from "@/lib/db";

// Failed sign-ins are counted in the database (not in memory) so that the limit holds across
// several app instances and restarts.
export const SIGN_IN_WINDOW_MS = 15 * 60 * 1000;
export const MAX_FAILURES_PER_ACCOUNT = 5;
export const MAX_FAILURES_PER_ADDRESS = 20;

/** Seconds until the caller may try again, or null when a sign-in attempt is allowed now. */
export async function signInRetryAfter(email: string, ip: string, now = new Date()): Promise<number | null> {
  const since = new Date(now.getTime() - SIGN_IN_WINDOW_MS);
  const blockedUntil = async (where: { email: string } | { ip: string }, max: number) => {
    const recent = await db.signInFailure.findMany({
      where: { ...where, createdAt: { gt: since } },
      orderBy: { createdAt: "desc" },
      take: max,
      select: { createdAt: true },
    });
    if (recent.length < max) return 0;
    // The oldest of the last `max` failures must leave the window before another try.
    return recent[max - 1].createdAt.getTime() + SIGN_IN_WINDOW_MS - now.getTime();
  };
  const waitMs = Math.max(
    await blockedUntil({ email }, MAX_FAILURES_PER_ACCOUNT),
    await blockedUntil({ ip }, MAX_FAILURES_PER_ADDRESS),
  );
  return waitMs > 0 ? Math.ceil(waitMs / 1000) : null;
}

export async function recordSignInFailure(email: string, ip: string) {
  await db.signInFailure.create({ data: { email, ip } });
}

export async function clearSignInFailures(email: string) {
  await db.signInFailure.deleteMany({ where: { email } });
}

/**
 * The client's address as seen by the server. Behind a reverse proxy set TRUST_PROXY=1 so the
 * proxy's X-Forwarded-For is used; otherwise Next.js fills the header from the socket when the
 * client did not send one.
 */
export function clientAddress(headers: Headers): string {
  const forwarded = headers.get("x-forwarded-for");
  if (!forwarded) return headers.get("x-real-ip") ?? "unknown";
  const hops = forwarded.split(",").map((h) => h.trim()).filter(Boolean);
  return (process.env.TRUST_PROXY ? hops[0] : hops[hops.length - 1]) ?? "unknown";
}
