// The Auth.js route with the real Auth.js behind it: a sign-in still works through the capped
// body, a failed one is still counted for the rate limit, and a body over 64 KB — however it is
// sent — is refused before Auth.js (or the rate limiter) reads it.
import { beforeAll, expect, test } from "vitest";
import { useTestDatabase } from "@/lib/testing/test-database";

type Handler = (req: Request) => Promise<Response>;
let POST: Handler;
let GET: Handler;
let db: typeof import("@/lib/db").db;

const BASE = "http://localhost:3000/api/auth";

beforeAll(async () => {
  process.env.AUTH_SECRET = "test-secret-for-the-auth-route-test-0123456789";
  process.env.AUTH_TRUST_HOST = "true";
  await useTestDatabase();
  ({ db } = await import("@/lib/db"));
  const { hashPassword } = await import("@/lib/server/auth/passwords");
  await db.user.create({ data: { email: "ada@auth-route.test", name: "Ada", passwordHash: await hashPassword("correct horse battery") } });
  ({ POST, GET } = (await import("@/app/api/auth/[...nextauth]/route")) as unknown as { POST: Handler; GET: Handler });
});

/** A CSRF token and the cookie that goes with it, as the sign-in page gets them. */
async function csrf() {
  const response = await GET(new Request(`${BASE}/csrf`));
  const { csrfToken } = (await response.json()) as { csrfToken: string };
  const cookie = response.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  return { csrfToken, cookie };
}

type From = { email?: string; ip?: string; cookie?: string };

async function signIn(password: string, extra: Record<string, string> = {}, from: From = {}) {
  const { csrfToken, cookie } = await csrf();
  const body = new URLSearchParams({ email: from.email ?? "ada@auth-route.test", password, csrfToken, callbackUrl: "http://localhost:3000/", ...extra });
  // As the server hands it on: the connection's address appended last (lib/server/http/peer-address.ts).
  const headers: Record<string, string> = { "content-type": "application/x-www-form-urlencoded", cookie: [cookie, from.cookie].filter(Boolean).join("; ") };
  if (from.ip) headers["x-forwarded-for"] = from.ip;
  return POST(new Request(`${BASE}/callback/credentials`, { method: "POST", headers, body }));
}

const signedIn = (response: Response) => response.headers.getSetCookie().some((c) => /^authjs\.session-token=[^;]/.test(c));
const deviceCookie = (response: Response) => response.headers.getSetCookie().find((c) => c.startsWith("awb-known-device="))?.split(";")[0];

async function newAccount(email: string) {
  const { hashPassword } = await import("@/lib/server/auth/passwords");
  await db.user.create({ data: { email, name: "Owner", passwordHash: await hashPassword("owner's long passphrase") } });
}

test("signing in with the right password still works through the capped body; a wrong one is counted", async () => {
  const ok = await signIn("correct horse battery");
  expect(ok.status).toBe(302);
  expect(ok.headers.getSetCookie().some((c) => c.startsWith("authjs.session-token="))).toBe(true);

  const wrong = await signIn("wrong password");
  expect(wrong.status).toBe(302);
  expect(wrong.headers.get("location")).toMatch(/error=CredentialsSignin/);
  expect(await db.signInFailure.count({ where: { email: "ada@auth-route.test" } })).toBe(1);
});

test("a body over 64 KB gets 413 before anything reads it, with or without an honest Content-Length", async () => {
  const padded = await signIn("wrong password", { padding: "x".repeat(70 * 1024) });
  expect(padded.status).toBe(413);
  expect(await padded.json()).toMatchObject({ error: "The request body is over the limit of 64 KB." });

  let pulled = 0;
  const endless = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        pulled += 16 * 1024;
        controller.enqueue(new Uint8Array(16 * 1024).fill(0x61));
      },
    },
    { highWaterMark: 0 },
  );
  const chunked = await POST(
    new Request(`${BASE}/callback/credentials`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", "content-length": "20" }, body: endless, duplex: "half" } as RequestInit),
  );
  expect(chunked.status).toBe(413);
  expect(pulled).toBeLessThanOrEqual(64 * 1024 + 16 * 1024);
  // Neither attempt reached the password check.
  expect(await db.signInFailure.count({ where: { email: "ada@auth-route.test" } })).toBe(1);
});

test("a hostile callbackUrl (in the query, the form or the callback-url cookie) is dropped, never a 500 or a way off the site", async () => {
  const hostile = ["javascript:alert(1)", "\\\\evil.example", "/\\evil.example", "//evil.example", "https://evil.example/", "data:text/html,x", "http://[::1"];
  for (const callbackUrl of hostile) {
    for (const path of ["signin", "signin/credentials", "signout", "session", "providers"]) {
      const response = await GET(new Request(`${BASE}/${path}?callbackUrl=${encodeURIComponent(callbackUrl)}`));
      expect(response.status, `${path} ${callbackUrl}`).toBeLessThan(500);
      const location = response.headers.get("location");
      if (location) expect(new URL(location, BASE).origin, `${path} ${callbackUrl}`).toBe("http://localhost:3000");
    }
    const withCookie = await GET(new Request(`${BASE}/signin`, { headers: { cookie: `authjs.callback-url=${encodeURIComponent(callbackUrl)}` } }));
    expect(withCookie.status, `cookie ${callbackUrl}`).toBeLessThan(500);

    const signedIn = await signIn("correct horse battery", { callbackUrl });
    expect(signedIn.status, `form ${callbackUrl}`).toBe(302);
    expect(new URL(signedIn.headers.get("location")!, BASE).origin, `form ${callbackUrl}`).toBe("http://localhost:3000");
  }
  // A same-site path is kept.
  const kept = await signIn("correct horse battery", { callbackUrl: "/projects?x=1" });
  expect(kept.headers.get("location")).toBe("http://localhost:3000/projects?x=1");
});

test("five wrong passwords from an attacker's address do not stop the owner signing in from theirs", async () => {
  const email = "owner-one@auth-route.test";
  await newAccount(email);
  for (let i = 0; i < 5; i++) {
    const wrong = await signIn("guess " + i, {}, { email, ip: "203.0.113.66" });
    // The attacker's own address is slowed down: after three failures it must wait.
    expect([302, 429]).toContain(wrong.status);
  }
  expect((await signIn("guess 6", {}, { email, ip: "203.0.113.66" })).status).toBe(429);
  const owner = await signIn("owner's long passphrase", {}, { email, ip: "198.51.100.10" });
  expect(owner.status).toBe(302);
  expect(signedIn(owner)).toBe(true);
});

test("failures from many addresses hold off new devices, but the owner's known device still signs in", async () => {
  const email = "owner-two@auth-route.test";
  await newAccount(email);
  const first = await signIn("owner's long passphrase", {}, { email, ip: "198.51.100.20" });
  const device = deviceCookie(first);
  expect(device).toBeDefined();
  for (let i = 0; i < 12; i++) await signIn("guess " + i, {}, { email, ip: `203.0.113.${100 + i}` });
  // A browser that never signed in to this account waits (the per-account limit)…
  expect((await signIn("owner's long passphrase", {}, { email, ip: "198.51.100.21" })).status).toBe(429);
  // …the owner's own browser does not, from wherever it is now.
  const owner = await signIn("owner's long passphrase", {}, { email, ip: "198.51.100.22", cookie: device });
  expect(owner.status).toBe(302);
  expect(signedIn(owner)).toBe(true);
  // A device cookie of another account, or a forged one, does not pass.
  expect((await signIn("owner's long passphrase", {}, { email, ip: "198.51.100.23", cookie: device!.replace(/.$/, (c) => (c === "A" ? "B" : "A")) })).status).toBe(429);
});

test("a session cookie stops working after signing out, also a copy of it", async () => {
  const ok = await signIn("correct horse battery", {}, { ip: "198.51.100.30" });
  const session = ok.headers.getSetCookie().find((c) => c.startsWith("authjs.session-token="))!.split(";")[0];
  const sessionOf = async (cookie: string) => (await (await GET(new Request(`${BASE}/session`, { headers: { cookie } }))).json()) as { user?: { id: string } } | null;
  expect((await sessionOf(session))?.user?.id).toBeDefined();

  const { csrfToken, cookie } = await csrf();
  const out = await POST(
    new Request(`${BASE}/signout`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", cookie: `${cookie}; ${session}` },
      body: new URLSearchParams({ csrfToken, callbackUrl: "http://localhost:3000/" }),
    }),
  );
  expect(out.status).toBe(302);
  // The copy kept from before still carries a valid, unexpired JWT; the server no longer honours it.
  expect((await sessionOf(session))?.user).toBeUndefined();
});

test("thirty wrong passwords sent at once: at most the free tries reach the password check, the rest get 429", async () => {
  const email = "burst@auth-route.test";
  await newAccount(email);
  const forms = await Promise.all(Array.from({ length: 30 }, () => csrf()));
  const responses = await Promise.all(
    forms.map(({ csrfToken, cookie }, i) =>
      POST(
        new Request(`${BASE}/callback/credentials`, {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded", cookie, "x-forwarded-for": "203.0.113.77" },
          body: new URLSearchParams({ email, password: `guess number ${i}`, csrfToken, callbackUrl: "http://localhost:3000/" }),
        }),
      ),
    ),
  );
  const { FREE_FAILURES_PER_PAIR } = await import("@/lib/server/auth/rate-limit");
  // Every password check that failed left a failure row; nothing else does.
  expect(await db.signInFailure.count({ where: { email } })).toBeLessThanOrEqual(FREE_FAILURES_PER_PAIR);
  expect(responses.filter((r) => r.status === 429).length).toBeGreaterThanOrEqual(30 - FREE_FAILURES_PER_PAIR);
  expect(responses.every((r) => r.status === 429 || r.status === 302)).toBe(true);
});

test("a repeated callbackUrl (a safe one, then a hostile one) is never a 500 nor a way off the site", async () => {
  for (const query of ["callbackUrl=/&callbackUrl=javascript:alert(1)", "callbackUrl=/&callbackUrl=%5C%5Cevil.example", "callbackUrl=javascript:alert(1)&callbackUrl=/"]) {
    const response = await GET(new Request(`${BASE}/signin?${query}`));
    expect(response.status, query).toBeLessThan(500);
    const location = response.headers.get("location");
    if (location) expect(new URL(location, BASE).origin, query).toBe("http://localhost:3000");
  }
  const { csrfToken, cookie } = await csrf();
  const body = `email=ada%40auth-route.test&password=correct+horse+battery&csrfToken=${encodeURIComponent(csrfToken)}&callbackUrl=%2F&callbackUrl=javascript%3Aalert(1)`;
  const form = await POST(
    new Request(`${BASE}/callback/credentials`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", cookie, "x-forwarded-for": "198.51.100.40" }, body }),
  );
  expect(form.status).toBe(302);
  expect(new URL(form.headers.get("location")!, BASE).origin).toBe("http://localhost:3000");
});

test("failures for other accounts from a shared address do not lock out a known device behind it; its cookie reaches the whole site", async () => {
  const email = "behind-nat@auth-route.test";
  await newAccount(email);
  const first = await signIn("owner's long passphrase", {}, { email, ip: "198.51.100.50" });
  const setCookie = first.headers.getSetCookie().find((c) => c.startsWith("awb-known-device="))!;
  // Sent to /api/account/link and /api/account/password too, where passwords are also checked.
  expect(setCookie).toMatch(/; Path=\/(;|$)/);
  const { MAX_FAILURES_PER_ADDRESS } = await import("@/lib/server/auth/rate-limit");
  for (let i = 0; i < MAX_FAILURES_PER_ADDRESS; i++) await signIn("junk", {}, { email: `junk-${i}@auth-route.test`, ip: "192.0.2.50" });
  // A new device behind that address waits…
  expect((await signIn("owner's long passphrase", {}, { email, ip: "192.0.2.50" })).status).toBe(429);
  // …the owner's known device does not, also with a stale cookie of the same name from the old Path=/api/auth sent first.
  expect(first.headers.getSetCookie()).toContain("awb-known-device=; Path=/api/auth; Max-Age=0; HttpOnly; SameSite=Lax");
  const stale = `awb-known-device=${Math.floor(Date.now() / 1000) - 100}.${"A".repeat(43)}`;
  const owner = await signIn("owner's long passphrase", {}, { email, ip: "192.0.2.50", cookie: `${stale}; ${deviceCookie(first)}` });
  expect(owner.status).toBe(302);
  expect(signedIn(owner)).toBe(true);
});

test("a known-device cookie stops counting once the account's password is changed or reset", async () => {
  const email = "rotated@auth-route.test";
  await newAccount(email);
  const device = deviceCookie(await signIn("owner's long passphrase", {}, { email, ip: "198.51.100.60" }));
  for (let i = 0; i < 12; i++) await signIn("guess " + i, {}, { email, ip: `203.0.113.${150 + i}` });
  expect((await signIn("owner's long passphrase", {}, { email, ip: "198.51.100.61", cookie: device })).status).toBe(302);
  const { resetPassword } = await import("@/lib/server/account/reset-password");
  await resetPassword(email, "the operator's new passphrase");
  for (let i = 0; i < 12; i++) await signIn("guess " + i, {}, { email, ip: `203.0.113.${170 + i}` });
  // The old browser is a new device now (the reset lifted the limits; new failures apply them again).
  expect((await signIn("the operator's new passphrase", {}, { email, ip: "198.51.100.62", cookie: device })).status).toBe(429);
});
