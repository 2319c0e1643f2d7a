import { expect, test, type Page } from "@playwright/test";
import { addMember, expectHighlight, newUser, projectWithDocument, selectText, signedInPage, signIn, signUpViaApi } from "./fixtures";

// Work queued in the browser survives the end of a session (401) and a role taken away while
// offline (403): nothing is dropped without the person's say.

const TEXT = "Summit 🤝 in Vladivostok on April 25, 2019.\n\nKim Jong Un met Vladimir Putin. 金正恩 said the talks were historic.\nThe treaty followed in June 2024.";
const FIVE = [["Summit", "m"], ["Vladivostok", "l"], ["Kim Jong Un", "p"], ["金正恩", "p"], ["treaty", "a"]] as const;

async function savedExacts(page: Page, documentId: string): Promise<string[]> {
  const response = await page.request.get(`/api/documents/${documentId}/annotations`);
  expect(response.status(), await response.text()).toBe(200);
  return ((await response.json()).annotations as { exact: string }[]).map((a) => a.exact).sort();
}

test("changes queued while the session ended wait, and are all saved after signing in again through the prompt", async ({ browser }) => {
  const user = newUser("outbox");
  const context = await browser.newContext();
  const page = await context.newPage();
  await signUpViaApi(page.request, user);
  await signIn(page, user);
  const { documentId } = await projectWithDocument(page, `Session ${user.name}`, TEXT);
  await page.goto(`/documents/${documentId}`);
  await expect(page.getByTestId("live-status")).toHaveText("Live");

  await context.setOffline(true);
  for (const [text, key] of FIVE) {
    await selectText(page, text);
    await page.keyboard.press(key);
  }
  await expect(page.getByTestId("save-status")).toHaveText("Offline — 5 changes waiting");

  // Signed out meanwhile (another tab, an expired session): the session cookie is gone.
  await context.clearCookies({ name: /session-token/ });
  await context.setOffline(false);
  await expect(page.getByTestId("save-status")).toHaveText("Signed out — 5 changes waiting");
  const prompt = page.getByRole("dialog", { name: "You are signed out" });
  await expect(prompt).toBeVisible();
  // Nothing was sent (or dropped) while signed out: the changes are still shown as waiting.
  for (const [text] of FIVE) await expectHighlight(page, text);

  await prompt.getByLabel("Email").fill(user.email);
  await prompt.getByLabel("Password").fill(user.password);
  await prompt.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByTestId("save-status")).toHaveText("All changes saved", { timeout: 20_000 });
  await expect(prompt).toBeHidden();
  expect(await savedExacts(page, documentId)).toEqual(FIVE.map(([text]) => text).sort());
  await context.close();
});

test("signed out in another window while working offline: back online, the prompt asks to sign in, every change is saved and live updates resume", async ({ browser }) => {
  const user = newUser("elsewhere");
  const context = await browser.newContext();
  const page = await context.newPage();
  await signUpViaApi(page.request, user);
  await signIn(page, user);
  const { documentId } = await projectWithDocument(page, `Elsewhere ${user.name}`, TEXT);
  await page.goto(`/documents/${documentId}`);
  await expect(page.getByTestId("live-status")).toHaveText("Live");
  await context.setOffline(true);
  for (const [text, key] of FIVE.slice(0, 3)) {
    await selectText(page, text);
    await page.keyboard.press(key);
  }
  // The same session signs out in another window (the real button): the server ends it, so this
  // window's cookie is worthless from now on.
  const elsewhere = await browser.newContext({ storageState: await context.storageState() });
  const other = await elsewhere.newPage();
  await other.goto("/projects");
  await other.getByRole("button", { name: "Sign out" }).click();
  await expect(other).toHaveURL(/signin/);
  await elsewhere.close();

  await context.setOffline(false);
  const prompt = page.getByRole("dialog", { name: "You are signed out" });
  await expect(prompt).toBeVisible();
  await expect(page.getByTestId("save-status")).toHaveText("Signed out — 3 changes waiting");
  await prompt.getByLabel("Email").fill(user.email);
  await prompt.getByLabel("Password").fill(user.password);
  await prompt.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByTestId("save-status")).toHaveText("All changes saved", { timeout: 20_000 });
  expect(await savedExacts(page, documentId)).toEqual(FIVE.slice(0, 3).map(([text]) => text).sort());
  await expect(page.getByTestId("live-status")).toHaveText("Live");
  await context.close();
});

test("signing in again as someone else sends nothing in their name; the changes wait for their author", async ({ browser }) => {
  const author = newUser("author");
  const other = newUser("other");
  const context = await browser.newContext();
  const page = await context.newPage();
  await signUpViaApi(page.request, author);
  await signUpViaApi(page.request, other);
  await signIn(page, author);
  const { projectId, documentId } = await projectWithDocument(page, `Other account ${author.name}`, TEXT);
  await addMember(page, projectId, other, "ANNOTATOR");
  await page.goto(`/documents/${documentId}`);
  await expect(page.getByTestId("live-status")).toHaveText("Live");

  await context.setOffline(true);
  await selectText(page, "treaty");
  await page.keyboard.press("a");
  await expect(page.getByTestId("save-status")).toHaveText("Offline — 1 change waiting");
  await context.clearCookies({ name: /session-token/ });
  await context.setOffline(false);
  const prompt = page.getByRole("dialog", { name: "You are signed out" });
  await prompt.getByLabel("Email").fill(other.email);
  await prompt.getByLabel("Password").fill(other.password);
  await prompt.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(prompt.getByRole("alert")).toContainText("signed in as another account");
  await expect(page.getByTestId("save-status")).toHaveText("Signed out — 1 change waiting");
  expect(await savedExacts(page, documentId)).toEqual([]);

  await prompt.getByLabel("Email").fill(author.email);
  await prompt.getByLabel("Password").fill(author.password);
  await prompt.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByTestId("save-status")).toHaveText("All changes saved");
  const { annotations } = await (await page.request.get(`/api/documents/${documentId}/annotations`)).json();
  expect(annotations.map((a: { exact: string; authorId: string }) => a.exact)).toEqual(["treaty"]);
  expect(annotations[0].authorId).toBe((await (await page.request.get("/api/auth/session")).json()).user.id);
  await context.close();
});

test("changes refused because the role was taken away while offline are listed with the reason; discard and retry are the person's", async ({ browser }) => {
  const owner = newUser("owner");
  const annotator = newUser("annotator");
  const ownerPage = await (await browser.newContext()).newPage();
  await signUpViaApi(ownerPage.request, owner);
  await signUpViaApi(ownerPage.request, annotator);
  await signIn(ownerPage, owner);
  const { projectId, documentId } = await projectWithDocument(ownerPage, `Refused ${owner.name}`, TEXT);
  await addMember(ownerPage, projectId, annotator, "ANNOTATOR");
  const page = await signedInPage(browser, annotator);
  const annotatorId = (await (await page.request.get("/api/auth/session")).json()).user.id as string;
  await page.goto(`/documents/${documentId}`);
  await expect(page.getByTestId("live-status")).toHaveText("Live");

  await page.context().setOffline(true);
  for (const [text, key] of FIVE.slice(0, 3)) {
    await selectText(page, text);
    await page.keyboard.press(key);
  }
  await expect(page.getByTestId("save-status")).toHaveText("Offline — 3 changes waiting");

  const demote = await ownerPage.request.patch(`/api/projects/${projectId}/members/${annotatorId}`, { data: { role: "VIEWER" } });
  expect(demote.status(), await demote.text()).toBe(200);
  await page.context().setOffline(false);

  const refused = page.getByRole("region", { name: /could not be saved/ });
  await expect(refused.getByRole("heading")).toHaveText("3 changes could not be saved");
  await expect(refused.getByRole("listitem")).toHaveCount(3);
  for (const [text] of FIVE.slice(0, 3)) await expect(refused.getByRole("listitem").filter({ hasText: text })).toContainText("ANNOTATOR role");
  expect(await savedExacts(ownerPage, documentId)).toEqual([]);

  // Kept in this browser: still listed after a reload, and not sent again by itself.
  await page.reload();
  await expect(refused.getByRole("heading")).toHaveText("3 changes could not be saved");
  // Copy gives the change's text to keep elsewhere.
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
  await refused.getByRole("listitem").filter({ hasText: "Vladivostok" }).getByRole("button", { name: "Copy" }).click();
  await expect(refused.getByRole("listitem").filter({ hasText: "Vladivostok" })).toContainText("Copied");
  expect(await page.evaluate(() => navigator.clipboard.readText())).toContain("New annotation “Vladivostok”\nLabel: Location");
  await refused.getByRole("listitem").filter({ hasText: "Summit" }).getByRole("button", { name: "Discard" }).click();
  await expect(refused.getByRole("heading")).toHaveText("2 changes could not be saved");

  const promote = await ownerPage.request.patch(`/api/projects/${projectId}/members/${annotatorId}`, { data: { role: "ANNOTATOR" } });
  expect(promote.status(), await promote.text()).toBe(200);
  for (const text of ["Vladivostok", "Kim Jong Un"]) await refused.getByRole("listitem").filter({ hasText: text }).getByRole("button", { name: "Retry" }).click();
  await expect(refused).toBeHidden();
  await expect(page.getByTestId("save-status")).toHaveText("All changes saved");
  expect(await savedExacts(ownerPage, documentId)).toEqual(["Kim Jong Un", "Vladivostok"]);
  await page.reload();
  await expect(refused).toBeHidden();
  await ownerPage.context().close();
  await page.context().close();
});
