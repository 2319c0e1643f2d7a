// GET/POST /api/auth/* — Auth.js; failed password sign-ins are rate limited here with a 429, and a
// successful one marks the browser as a known device of the account (known-device.ts).
import { NextRequest } from "next/server";
import { handlers } from "@/lib/auth";
import { emailSchema } from "@/lib/schemas/account";
import { isKnownDevice, knownDeviceSetCookie, OLD_KNOWN_DEVICE_COOKIE_CLEARED } from "@/lib/server/auth/known-device";
import { withSafeCallbackUrl, withSafeFormCallbackUrl } from "@/lib/server/auth/safe-callback-url";
import { claimSignInAttempt, clientAddress, releaseSignInAttempt, routeSignInClaim, type SignInClaim } from "@/lib/server/auth/rate-limit";
import { readBodyBytes } from "@/lib/server/http/read-body";
import { errorResponse, json } from "@/lib/server/http/route";

// GET /api/auth/* — Auth.js's pages and session answer, with a hostile callbackUrl dropped first (safe-callback-url.ts).
export function GET(incoming: NextRequest) {
  return handlers.GET(withSafeCallbackUrl(incoming, (url, headers) => new NextRequest(url, { headers })));
}

// Sign-in, sign-out and CSRF forms are a few hundred bytes; Auth.js would read any body whole.
const MAX_AUTH_BODY_BYTES = 64 * 1024;

export async function POST(incoming: Request) {
  try {
    // Read the body once, capped while it streams in, and hand Auth.js a request carrying it.
    const raw = await readBodyBytes(incoming, MAX_AUTH_BODY_BYTES, (limit) => `The request body is over the limit of ${limit / 1024} KB.`);
    const body = withSafeFormCallbackUrl(raw, incoming.headers.get("content-type"));
    const headers = new Headers(incoming.headers);
    if (body !== raw) headers.delete("content-length");
    const req = withSafeCallbackUrl(
      new NextRequest(incoming.url, { method: "POST", headers, body: body.byteLength ? body : undefined }),
      (url, headers) => new NextRequest(url, { method: "POST", headers, body: body.byteLength ? body : undefined }),
    );
    let signingInAs: string | null = null;
    let claimed: { email: string; claim: Extract<SignInClaim, { ok: true }>; settled: boolean } | null = null;
    if (new URL(req.url).pathname.endsWith("/callback/credentials")) {
      const form = await req.clone().formData().catch(() => null);
      const email = emailSchema.safeParse(form?.get("email"));
      if (email.success) {
        signingInAs = email.data;
        const knownDevice = await isKnownDevice(req.headers.get("cookie"), email.data);
        // Claimed (counted as a failure) before the password is checked, so guesses sent at once
        // cannot all slip past the limit while the first ones are still being checked.
        const claim = await claimSignInAttempt({ email: email.data, ip: clientAddress(req.headers), knownDevice });
        if (!claim.ok) {
          const { retryAfter } = claim;
          const signInUrl = new URL(`/signin?error=RateLimited&retryAfter=${retryAfter}`, req.url).toString();
          return json(
            { error: `Too many failed sign-ins. Try again in ${retryAfter} seconds.`, code: "RATE_LIMITED", retryAfter, url: signInUrl },
            429,
            { "Retry-After": String(retryAfter) },
          );
        }
        claimed = { email: email.data, claim, settled: false };
      }
    }
    let response: Response;
    try {
      response = claimed ? await routeSignInClaim.run(claimed, () => handlers.POST(req)) : await handlers.POST(req);
    } finally {
      // Auth.js refused the request before checking the password (a bad CSRF token): nothing to count.
      if (claimed && !claimed.settled) await releaseSignInAttempt(claimed.claim);
    }
    const sessionCookie = response.headers.getSetCookie().find((c) => /^(__Secure-)?authjs\.session-token(\.\d+)?=[^;]/.test(c));
    if (!signingInAs || !sessionCookie) return response;
    const marked = new Response(response.body, response);
    marked.headers.append("set-cookie", await knownDeviceSetCookie(signingInAs, sessionCookie.startsWith("__Secure-")));
    marked.headers.append("set-cookie", OLD_KNOWN_DEVICE_COOKIE_CLEARED);
    return marked;
  } catch (error) {
    return errorResponse(error);
  }
}
