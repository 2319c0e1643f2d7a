import { expect, test } from "@playwright/test";
import { newUser, signIn, signUpViaApi } from "./fixtures";

// Security headers on pages and API answers, and cross-site requests refused.

test("pages and API answers carry the security headers", async ({ page, request }) => {
  for (const response of [await page.goto("/signin"), await request.get("/api/health")]) {
    const headers = response!.headers();
    expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
    expect(headers["content-security-policy"]).toContain("object-src 'none'");
    expect(headers["x-content-type-options"]).toBe("nosniff");
    expect(headers["x-frame-options"]).toBe("DENY");
    expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
    expect(headers["permissions-policy"]).toContain("camera=()");
    expect(headers["permissions-policy"]).toContain("geolocation=()");
    expect(headers["cross-origin-opener-policy"]).toBe("same-origin");
    // Served over plain http here: no HSTS (it would pin a host that has no https to https).
    expect(headers["strict-transport-security"]).toBeUndefined();
  }
  // Behind a TLS-terminating proxy (which says so in X-Forwarded-Proto) every answer carries HSTS.
  for (const path of ["/signin", "/api/health"]) {
    const viaTls = await request.get(path, { headers: { "x-forwarded-proto": "https" } });
    expect(viaTls.headers()["strict-transport-security"], path).toBe("max-age=31536000");
  }
  // The policy does not break the app: sign-in still works in the browser.
  const user = newUser("sec");
  await signUpViaApi(request, user);
  await signIn(page, user);
  await expect(page.getByRole("heading", { name: "Projects" })).toBeVisible();
});

test("a changing request from another site (another host, scheme or port) is refused with 403, JSON sent as text/plain with 415; the same request from the workbench goes through", async ({ page, request }) => {
  const user = newUser("csrf");
  await signUpViaApi(request, user);
  await signIn(page, user);
  const foreign = await page.request.post("/api/projects", { data: { name: "Forged" }, headers: { origin: "https://evil.example" } });
  expect(foreign.status()).toBe(403);
  expect((await foreign.json()).error).toContain("came from another site");
  const signUp = await request.post("/api/users", { data: newUser("forged"), headers: { origin: "https://evil.example" } });
  expect(signUp.status()).toBe(403);
  // The same host over another scheme or port is another site.
  const here = new URL(page.url());
  for (const origin of [`https://${here.host}`, `${here.protocol}//${here.hostname}:${Number(here.port) + 1}`]) {
    const otherScheme = await page.request.post("/api/projects", { data: { name: "Forged" }, headers: { origin } });
    expect(otherScheme.status(), origin).toBe(403);
  }
  // JSON sent as text/plain (what another site's form or no-preflight fetch can send) is refused.
  const plain = await page.request.post("/api/projects", { data: JSON.stringify({ name: "Forged" }), headers: { "content-type": "text/plain" } });
  expect(plain.status()).toBe(415);
  expect((await plain.json()).error).toContain("Content-Type: application/json");
  const own = await page.request.post("/api/projects", { data: { name: "Mine" }, headers: { origin: new URL(page.url()).origin } });
  expect(own.status()).toBe(201);
  const projects = (await (await page.request.get("/api/projects")).json()).projects as { name: string }[];
  expect(projects.map((p) => p.name)).toEqual(["Mine"]);
});

test("the session cookie is HttpOnly and SameSite=Lax, so page scripts and other sites' forms cannot use it", async ({ page, request }) => {
  const user = newUser("cookie");
  await signUpViaApi(request, user);
  await signIn(page, user);
  const session = (await page.context().cookies()).find((c) => c.name.endsWith("authjs.session-token"));
  expect(session).toMatchObject({ httpOnly: true, sameSite: "Lax" });
  // Served over plain http here; over https Auth.js switches to the __Secure- cookie with Secure set.
  expect(await page.evaluate(() => document.cookie)).not.toContain("session-token");
});
