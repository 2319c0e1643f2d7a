import { expect, test, type Browser, type BrowserContext } from "@playwright/test";
import { newUser, signIn, signUpViaApi, type TestUser } from "./fixtures";

// Sessions end on the server: after signing out, "sign out everywhere" or a password change, a
// session cookie — also a copy someone kept — opens nothing any more.

async function signedInContext(browser: Browser, user: TestUser): Promise<BrowserContext> {
  const context = await browser.newContext();
  await signIn(await context.newPage(), user);
  return context;
}

/** What a browser holding these cookies gets from the API and from a page. */
async function access(browser: Browser, cookies: Awaited<ReturnType<BrowserContext["cookies"]>>) {
  const context = await browser.newContext();
  await context.addCookies(cookies);
  const page = await context.newPage();
  const api = (await page.request.get("/api/projects")).status();
  await page.goto("/projects");
  const url = new URL(page.url()).pathname;
  await context.close();
  return { api, url };
}

test("a copied session cookie stops working after sign-out, on every app instance", async ({ browser, request, playwright }) => {
  const user = newUser("copied");
  await signUpViaApi(request, user);
  const context = await signedInContext(browser, user);
  const copied = await context.cookies();
  expect(await access(browser, copied)).toEqual({ api: 200, url: "/projects" });
  // The second instance behind the same database remembers this cookie's answer for a minute.
  const cookie = copied.map((c) => `${c.name}=${c.value}`).join("; ");
  const second = await playwright.request.newContext({ baseURL: test.info().config.metadata.secondInstance as string, extraHTTPHeaders: { cookie } });
  expect((await second.get("/api/projects")).status()).toBe(200);

  const page = context.pages()[0];
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/signin/);
  expect(await access(browser, copied)).toEqual({ api: 401, url: "/signin" });
  expect((await second.get("/api/projects")).status()).toBe(401);
  await Promise.all([context.close(), second.dispose()]);
});

test("sign out everywhere ends the sessions of every browser", async ({ browser, request }) => {
  const user = newUser("everywhere");
  await signUpViaApi(request, user);
  const laptop = await signedInContext(browser, user);
  const phone = await signedInContext(browser, user);
  const phoneCookies = await phone.cookies();

  const page = laptop.pages()[0];
  await page.getByRole("link", { name: "Account" }).click();
  await expect(page.getByText("You are signed in on 2 browsers")).toBeVisible();
  await page.getByRole("button", { name: "Sign out everywhere" }).click();
  await expect(page).toHaveURL(/\/signin/);

  const phonePage = phone.pages()[0];
  expect((await phonePage.request.get("/api/projects")).status()).toBe(401);
  await phonePage.goto("/projects");
  await expect(phonePage).toHaveURL(/\/signin/);
  expect(await access(browser, phoneCookies)).toEqual({ api: 401, url: "/signin" });
  await Promise.all([laptop.close(), phone.close()]);
});

test("changing the password: a weak one is refused with the reason; the other browsers are signed out, this one stays", async ({ browser, request }) => {
  const user = newUser("changer");
  await signUpViaApi(request, user);
  const here = await signedInContext(browser, user);
  const there = await signedInContext(browser, user);
  const page = here.pages()[0];
  await page.goto("/account");
  // A token made before the change (say, through a stolen session) stops working with it.
  const project = (await (await page.request.post("/api/projects", { data: { name: "Changer's" } })).json()) as { id: string };
  const made = await page.request.post("/api/tokens", { data: { name: "old script", projectIds: [project.id], access: "READ", password: user.password } });
  expect(made.status()).toBe(201);
  const bearer = { authorization: `Bearer ${((await made.json()) as { secret: string }).secret}` };
  expect((await request.get("/api/projects", { headers: bearer })).status()).toBe(200);

  await page.getByLabel("Current password").fill(user.password);
  await page.getByLabel("New password").fill("password12");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByText("This password is too easy to guess. This is a commonly used password.")).toBeVisible();

  await page.getByLabel("Current password").fill("not my password");
  await page.getByLabel("New password").fill("a completely new passphrase");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByText("Your current password is not right.")).toBeVisible();

  await page.getByLabel("Current password").fill(user.password);
  await page.getByLabel("New password").fill("a completely new passphrase");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByText("Your password was changed.")).toBeVisible();
  await expect(page.getByRole("status")).toContainText("every API token of the account was revoked");
  expect((await request.get("/api/projects", { headers: bearer })).status()).toBe(401);

  // This browser is still signed in; the other is not.
  expect((await page.request.get("/api/projects")).status()).toBe(200);
  expect((await there.pages()[0].request.get("/api/projects")).status()).toBe(401);

  // The new password signs in; the old one does not.
  const fresh = await browser.newContext();
  const freshPage = await fresh.newPage();
  await signIn(freshPage, { email: user.email, password: "a completely new passphrase" });
  await Promise.all([here.close(), there.close(), fresh.close()]);
});

test("sign-up refuses a weak password and says why", async ({ page }) => {
  const user = newUser("weak");
  await page.goto("/signup");
  await page.getByLabel("Name").fill(user.name);
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill("1234567890");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByText("This password is too easy to guess. This is a frequently used password.")).toBeVisible();
});

test("a new X-Forwarded-For on every try does not give the guesser a new address", async ({ request }) => {
  const victim = newUser("xff");
  await signUpViaApi(request, victim);
  const csrf = async () => (await (await request.get("/api/auth/csrf")).json()).csrfToken as string;
  const statuses: number[] = [];
  for (let i = 0; i < 4; i++) {
    const r = await request.post("/api/auth/callback/credentials", {
      form: { email: victim.email, password: `guess ${i}`, csrfToken: await csrf() },
      headers: { "X-Auth-Return-Redirect": "1", "X-Forwarded-For": `10.77.${i}.${i + 1}` },
      maxRedirects: 0,
    });
    statuses.push(r.status());
  }
  // Three free tries from one address for one account, then a wait — the header changed nothing.
  expect(statuses).toEqual([200, 200, 200, 429]);
});
