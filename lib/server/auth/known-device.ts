import "server-only";
import crypto from "node:crypto";
import { db } from "@/lib/db";

// A browser that has signed in to an account before carries a signed cookie saying so; it passes
// the per-account sign-in limit, so failures from elsewhere cannot lock the owner out of the
// browsers they use (OWASP's "device cookie"). The cookie names no account: it is a MAC over the
// account's email and when it was issued, checked against the email being signed in to. The MAC
// also covers the account's current password hash, so a password change or the operator's reset
// turns every device cookie of the account into a stranger's (a thief's browser stops counting).
// Sent on every path (it is HttpOnly and signed): password change and account linking check it too.
export const KNOWN_DEVICE_COOKIE = "awb-known-device";
const MAX_AGE_SECONDS = 365 * 24 * 3600;

function mac(email: string, issuedAt: number, passwordHash: string): string {
  const secret = process.env.AUTH_SECRET;
  if (!secret) throw new Error("AUTH_SECRET is not set");
  return crypto.createHmac("sha256", `known-device:${secret}`).update(`${email}\n${issuedAt}\n${passwordHash}`).digest("base64url");
}

/** What a device cookie is bound to besides the email: the password hash as it is now. */
async function accountEpoch(email: string): Promise<string> {
  return (await db.user.findUnique({ where: { email }, select: { passwordHash: true } }))?.passwordHash ?? "";
}

/** The Set-Cookie value that marks this browser as one `email` signed in from. */
export async function knownDeviceSetCookie(email: string, secure: boolean, now = Date.now()): Promise<string> {
  const issuedAt = Math.floor(now / 1000);
  const attributes = ["Path=/", `Max-Age=${MAX_AGE_SECONDS}`, "HttpOnly", "SameSite=Lax", ...(secure ? ["Secure"] : [])];
  return [`${KNOWN_DEVICE_COOKIE}=${issuedAt}.${mac(email, issuedAt, await accountEpoch(email))}`, ...attributes].join("; ");
}

/** Whether the request's cookies show a sign-in to `email` from this browser within the last year, since its password was last set. */
export async function isKnownDevice(cookieHeader: string | null, email: string, now = Date.now()): Promise<boolean> {
  // Every cookie of that name counts: a browser may still hold one from before under Path=/api/auth,
  // which it sends first there.
  const candidates = (cookieHeader ?? "")
    .split(";")
    .map((c) => c.trim())
    .filter((c) => c.startsWith(`${KNOWN_DEVICE_COOKIE}=`))
    .slice(0, 4)
    .map((c) => c.slice(KNOWN_DEVICE_COOKIE.length + 1).match(/^(\d{1,12})\.([A-Za-z0-9_-]{43})$/))
    .filter((m) => m !== null)
    .filter((m) => {
      const age = now / 1000 - Number(m[1]);
      return age <= MAX_AGE_SECONDS && age >= -60;
    });
  if (!candidates.length) return false;
  const epoch = await accountEpoch(email);
  return candidates.some((match) => {
    const expected = Buffer.from(mac(email, Number(match[1]), epoch));
    const given = Buffer.from(match[2]);
    return expected.length === given.length && crypto.timingSafeEqual(expected, given);
  });
}

/** Clears the cookie as it was set before it moved to Path=/ (it would otherwise shadow the new one on /api/auth). */
export const OLD_KNOWN_DEVICE_COOKIE_CLEARED = `${KNOWN_DEVICE_COOKIE}=; Path=/api/auth; Max-Age=0; HttpOnly; SameSite=Lax`;
