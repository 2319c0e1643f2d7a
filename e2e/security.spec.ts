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
  }
  // The policy does not break the app: sign-in still works in the browser.
  const user = newUser("sec");
  await signUpViaApi(request, user);
  await signIn(page, user);
  await expect(page.getByRole("heading", { name: "Projects" })).toBeVisible();
});

test("a changing request from another site is refused with 403; the same request from the workbench goes through", async ({ page, request }) => {
  const user = newUser("csrf");
  await signUpViaApi(request, user);
  await signIn(page, user);
  const foreign = await page.request.post("/api/projects", { data: { name: "Forged" }, headers: { origin: "https://evil.example" } });
  expect(foreign.status()).toBe(403);
  expect((await foreign.json()).error).toContain("came from another site");
  const signUp = await request.post("/api/users", { data: newUser("forged"), headers: { origin: "https://evil.example" } });
  expect(signUp.status()).toBe(403);
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
