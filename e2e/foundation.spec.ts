import { expect, test } from "@playwright/test";
import { addMember, createProject, demoAccounts, newUser, signIn, signUpViaApi } from "./fixtures";

test("a new user signs up, creates a project, imports two files and sees them; a stranger gets 404", async ({ page, browser }) => {
  const alice = newUser("alice");
  await page.goto("/signup");
  await page.getByLabel("Name").fill(alice.name);
  await page.getByLabel("Email").fill(alice.email);
  await page.getByLabel("Password").fill(alice.password);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/projects$/);

  const projectId = await createProject(page, `Press review ${alice.name}`);

  await page.getByLabel("Files to import").setInputFiles([
    { name: "emoji-crlf.txt", mimeType: "text/plain", buffer: Buffer.from("\uFEFFSummit 🤝 report\r\nKim Jong Un met Putin.\r\n") },
    { name: "batch.jsonl", mimeType: "application/json", buffer: Buffer.from(JSON.stringify({ text: "Treaty signed in Pyongyang.", title: "Treaty day", publishedOn: "2024-06-19" }) + "\n") },
  ]);
  await page.getByRole("button", { name: "Preview import" }).click();
  await page.getByRole("button", { name: /^Import/ }).click();
  await expect(page.getByRole("status").filter({ hasText: /Imported 2/ })).toBeVisible();

  const table = page.getByRole("table");
  await expect(table.getByRole("link", { name: "Summit 🤝 report" })).toBeVisible();
  await expect(table.getByRole("link", { name: "Treaty day" })).toBeVisible();
  await expect(table.getByTestId("annotation-count")).toHaveText(["0", "0"]);

  // Canonical text: BOM gone, CRLF → LF, offsets counted in code points (the emoji is one).
  const docs = await (await page.request.get(`/api/projects/${projectId}/documents`)).json();
  const summit = docs.documents.find((d: { title: string }) => d.title === "Summit 🤝 report");
  expect(summit.length).toBe([..."Summit 🤝 report\nKim Jong Un met Putin.\n"].length);
  const full = await (await page.request.get(`/api/documents/${summit.id}`)).json();
  expect(full.text).toBe("Summit 🤝 report\nKim Jong Un met Putin.\n");

  // Somebody else: every page and API of the project answers 404, not 403.
  const bob = newUser("bob");
  const other = await browser.newContext();
  const bobPage = await other.newPage();
  await signUpViaApi(bobPage.request, bob);
  await signIn(bobPage, bob);
  for (const url of [`/projects/${projectId}`, `/projects/${projectId}/members`, `/projects/${projectId}/labels`, `/documents/${summit.id}`]) {
    const response = await bobPage.goto(url);
    expect(response?.status(), url).toBe(404);
  }
  for (const url of [`/api/projects/${projectId}`, `/api/projects/${projectId}/documents`, `/api/projects/${projectId}/members`, `/api/projects/${projectId}/labels`, `/api/documents/${summit.id}`]) {
    const response = await bobPage.request.get(url);
    expect(response.status(), url).toBe(404);
  }
  const write = await bobPage.request.post(`/api/projects/${projectId}/documents`, { data: { documents: [{ text: "intrusion" }] } });
  expect(write.status()).toBe(404);
  await other.close();
});

test("a binary file and an oversized file are refused by name, and nothing is half-imported", async ({ page, request }) => {
  const carol = newUser("carol");
  await signUpViaApi(request, carol);
  await signIn(page, carol);
  const projectId = await createProject(page, `Refusals ${carol.name}`);

  const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52]);
  const huge = Buffer.alloc(5 * 1024 * 1024 + 10, "a");
  await page.getByLabel("Files to import").setInputFiles([
    { name: "good.txt", mimeType: "text/plain", buffer: Buffer.from("A perfectly good article.") },
    { name: "picture.txt", mimeType: "text/plain", buffer: png },
    { name: "huge.txt", mimeType: "text/plain", buffer: huge },
  ]);
  await page.getByRole("button", { name: "Preview import" }).click();
  const alert = page.getByRole("region", { name: "Import documents" }).getByRole("alert");
  await expect(alert).toContainText("picture.txt");
  await expect(alert).toContainText(/binary|UTF-8/i);
  await expect(alert).toContainText("huge.txt");
  await expect(alert).toContainText(/over the limit of 5\.0 MB/);
  await expect(alert).toContainText(/nothing was imported/i);

  // Straight through the API as well: all-or-nothing, with the right status.
  const response = await page.request.post(`/api/projects/${projectId}/documents`, {
    multipart: {
      files: { name: "huge.txt", mimeType: "text/plain", buffer: huge },
    },
  });
  expect(response.status()).toBe(413);
  const mixed = await page.request.post(`/api/projects/${projectId}/documents`, {
    data: { documents: [{ text: "fine" }, { text: "   " }] },
  });
  expect(mixed.status()).toBe(400);
  expect((await mixed.json()).details.report.map((r: { outcome: string }) => r.outcome)).toEqual(["ready", "refused"]);
  const list = await (await page.request.get(`/api/projects/${projectId}/documents`)).json();
  expect(list.documents).toEqual([]);
});

test("a demo account signs in and sees the five sample articles, trimmed", async ({ page }) => {
  const accounts = demoAccounts();
  await signIn(page, { email: "annotator1@demo.workbench", password: accounts["annotator1@demo.workbench"] });
  await page.getByRole("link", { name: "DPRK–Russia relations" }).click();
  const rows = page.getByRole("table").getByRole("row");
  await expect(rows).toHaveCount(6);
  await page.getByRole("link", { name: "5th anniversary of the first DPRK–Russia summit meeting" }).click();
  const text = page.getByTestId("document-text");
  await expect(text).toContainText("Pyongyang, April 25, Juche 113(2024)");
  await expect(text).not.toContainText("More Articles");
  // Annotators may not import.
  await expect(page.getByRole("heading", { name: "Import documents" })).toHaveCount(0);
});

test("failed sign-ins from one address slow down for that account, with a retry time", async ({ request }) => {
  const dave = newUser("dave");
  await signUpViaApi(request, dave);
  const csrf = async () => (await (await request.get("/api/auth/csrf")).json()).csrfToken as string;
  const attempt = async (password: string) =>
    request.post("/api/auth/callback/credentials", {
      form: { email: dave.email, password, csrfToken: await csrf() },
      headers: { "X-Auth-Return-Redirect": "1" },
      maxRedirects: 0,
    });
  // A few free tries, then a wait that doubles per failure (lib/server/auth/rate-limit.ts).
  for (let i = 0; i < 3; i++) {
    const r = await attempt("wrong password");
    expect(r.status()).not.toBe(429);
    expect((await r.json()).url).toContain("error=CredentialsSignin");
  }
  const limited = await attempt(dave.password);
  expect(limited.status()).toBe(429);
  const retryAfter = Number(limited.headers()["retry-after"]);
  expect(retryAfter).toBeGreaterThan(0);
  expect(retryAfter).toBeLessThanOrEqual(15 * 60);
  expect((await limited.json()).error).toMatch(/Too many failed sign-ins/);
});

test("roles: a viewer reads but cannot import; only owners manage members", async ({ page, browser, request }) => {
  const owner = newUser("owner");
  const viewer = newUser("viewer");
  await signUpViaApi(request, owner);
  await signUpViaApi(request, viewer);
  await signIn(page, owner);
  const projectId = await createProject(page, `Roles ${owner.name}`);
  await addMember(page, projectId, viewer, "VIEWER");

  const ctx = await browser.newContext();
  const viewerPage = await ctx.newPage();
  await signIn(viewerPage, viewer);
  expect((await viewerPage.request.get(`/api/projects/${projectId}/documents`)).status()).toBe(200);
  const importTry = await viewerPage.request.post(`/api/projects/${projectId}/documents`, { data: { documents: [{ text: "x" }] } });
  expect(importTry.status()).toBe(403);
  expect((await importTry.json()).error).toMatch(/needs the CURATOR role/);
  const promote = await viewerPage.request.patch(`/api/projects/${projectId}/members/${(await (await viewerPage.request.get("/api/auth/session")).json()).user.id}`, { data: { role: "OWNER" } });
  expect(promote.status()).toBe(403);
  await ctx.close();
});
