import { expect, test } from "@playwright/test";
import { newUser, projectWithDocument, signIn, signUpViaApi } from "./fixtures";

// Personal API tokens: made in the UI, shown once, used by a script with no session, revoked.

test("a researcher makes a read-only token for one project, a script uses it, then it is revoked", async ({ page, request, playwright }) => {
  const user = newUser("tokens");
  await signUpViaApi(request, user);
  await signIn(page, user);
  const { projectId, documentId } = await projectWithDocument(page, "Token corpus", "Kim Jong Un met Putin in Vladivostok.");
  await projectWithDocument(page, "Private notes", "Nothing for scripts here.");

  await page.getByRole("link", { name: "API tokens" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "API tokens" })).toBeVisible();
  await page.getByLabel("Token name").fill("nightly export");
  await page.getByRole("checkbox", { name: /Token corpus/ }).check();
  // A token outlives the session: the password is asked again, and a wrong one makes nothing.
  await page.getByLabel("Your password").fill("not my password at all");
  await page.getByRole("button", { name: "Make token" }).click();
  await expect(page.getByText("Your password is not right.")).toBeVisible();
  await expect(page.getByRole("row", { name: /nightly export/ })).toHaveCount(0);
  await page.getByLabel("Your password").fill(user.password);
  await page.getByRole("button", { name: "Make token" }).click();
  const secretBox = page.getByLabel("New token secret");
  await expect(secretBox).toHaveText(/^awb_/);
  const secret = (await secretBox.textContent())!;
  const row = page.getByRole("row", { name: /nightly export/ });
  await expect(row).toContainText("read only");
  await expect(row).toContainText("Token corpus");
  await expect(row).toContainText("never");

  // A script: no cookies, only the token.
  const script = await playwright.request.newContext({ baseURL: new URL(page.url()).origin, extraHTTPHeaders: { authorization: `Bearer ${secret}` } });
  const listed = await script.get("/api/projects");
  expect(listed.status()).toBe(200);
  expect((await listed.json()).projects.map((p: { name: string }) => p.name)).toEqual(["Token corpus"]);
  expect((await script.get(`/api/documents/${documentId}/annotations`)).status()).toBe(200);
  expect((await script.get(`/api/projects/${projectId}/export?format=w3c`)).status()).toBe(200);
  const write = await script.post("/api/projects", { data: { name: "From a script" } });
  expect(write.status()).toBe(403);

  // Shown once: after a reload only the prefix is left, and the last use is recorded.
  await page.reload();
  await expect(page.getByLabel("New token secret")).toHaveCount(0);
  await expect(page.locator("body")).not.toContainText(secret);
  await expect(page.getByRole("row", { name: /nightly export/ }).getByRole("cell").nth(3)).not.toHaveText("never");

  page.once("dialog", (dialog) => void dialog.accept());
  await page.getByRole("button", { name: "Revoke nightly export" }).click();
  await expect(page.getByRole("status")).toContainText("Revoked");
  await expect(page.getByRole("row", { name: /nightly export/ })).toHaveCount(0);
  const after = await script.get("/api/projects");
  expect(after.status()).toBe(401);
  await script.dispose();
});
