import "server-only";
import crypto from "node:crypto";

// A browser that has signed in to an account before carries a signed cookie saying so; it passes
// the per-account sign-in limit, so failures from elsewhere cannot lock the owner out of the
// browsers they use (OWASP's "device cookie"). The cookie names no account: it is a MAC over the
// account's email and when it was issued, checked against the email being signed in to.
export const KNOWN_DEVICE_COOKIE = "awb-known-device";
const MAX_AGE_SECONDS = 365 * 24 * 3600;

function mac(email: string, issuedAt: number): string {
  const secret = process.env.AUTH_SECRET;
  if (!secret) throw new Error("AUTH_SECRET is not set");
  return crypto.createHmac("sha256", `known-device:${secret}`).update(`${email}\n${issuedAt}`).digest("base64url");
}

/** The Set-Cookie value that marks this browser as one `email` signed in from. */
export function knownDeviceSetCookie(email: string, secure: boolean, now = Date.now()): string {
  const issuedAt = Math.floor(now / 1000);
  const attributes = ["Path=/api/auth", `Max-Age=${MAX_AGE_SECONDS}`, "HttpOnly", "SameSite=Lax", ...(secure ? ["Secure"] : [])];
  return [`${KNOWN_DEVICE_COOKIE}=${issuedAt}.${mac(email, issuedAt)}`, ...attributes].join("; ");
}

/** Whether the request's cookies show a sign-in to `email` from this browser within the last year. */
export function isKnownDevice(cookieHeader: string | null, email: string, now = Date.now()): boolean {
  const value = cookieHeader
    ?.split(";")
    .map((c) => c.trim())
    .find((c) => c.startsWith(`${KNOWN_DEVICE_COOKIE}=`))
    ?.slice(KNOWN_DEVICE_COOKIE.length + 1);
  const match = value?.match(/^(\d{1,12})\.([A-Za-z0-9_-]{43})$/);
  if (!match) return false;
  const issuedAt = Number(match[1]);
  if (now / 1000 - issuedAt > MAX_AGE_SECONDS || issuedAt - now / 1000 > 60) return false;
  const expected = Buffer.from(mac(email, issuedAt));
  const given = Buffer.from(match[2]);
  return expected.length === given.length && crypto.timingSafeEqual(expected, given);
}
