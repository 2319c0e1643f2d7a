import { expect, test } from "@playwright/test";
import { addMember, expectHighlight, clickHighlight, flashed, newUser, painted, projectWithDocument, selectText, signIn, signUpViaApi } from "./fixtures";

const TEXT = "Summit 🤝 in Vladivostok on April 25, 2019.\n\nKim Jong Un met Vladimir Putin. 金正恩 said the talks were historic.";
const cp = (needle: string) => [...TEXT.slice(0, TEXT.indexOf(needle))].length;

test("an annotator tags spans with the mouse and with the keyboard; offsets are code points", async ({ page, request }) => {
  const user = newUser("ann");
  await signUpViaApi(request, user);
  await signIn(page, user);
  const { documentId } = await projectWithDocument(page, `Annotate ${user.name}`, TEXT);
  await page.goto(`/documents/${documentId}`);
  await expect(page.getByTestId("live-status")).toHaveText("Live");

  await selectText(page, "Vladivostok");
  await page.getByRole("toolbar", { name: "Tag the selection" }).getByRole("button", { name: /^Location/ }).click();
  await expectHighlight(page, "Vladivostok");
  await expect(page.getByTestId("save-status")).toHaveText("All changes saved");

  // Keyboard only: put the caret before "Kim", extend with Shift+→, press the Person hotkey.
  await selectText(page, "Kim");
  await page.keyboard.press("ArrowLeft");
  for (let i = 0; i < 11; i++) await page.keyboard.press("Shift+ArrowRight");
  await page.keyboard.press("p");
  await expectHighlight(page, "Kim Jong Un");
  await expect(page.getByTestId("save-status")).toHaveText("All changes saved");

  const { annotations } = await (await page.request.get(`/api/documents/${documentId}/annotations`)).json();
  const spans = annotations.map((a: { start: number; end: number; exact: string }) => [a.exact, a.start, a.end]);
  expect(spans).toEqual([
    ["Vladivostok", cp("Vladivostok"), cp("Vladivostok") + 11],
    ["Kim Jong Un", cp("Kim"), cp("Kim") + 11],
  ]);

  // Details: claims get a claimant and stance; undo removes the last change.
  await selectText(page, "the talks were historic");
  await page.keyboard.press("c");
  const details = page.getByTestId("annotation-details");
  await expect(details).toContainText("the talks were historic");
  await details.getByLabel("Stance toward the subject").selectOption("supportive");
  await expect(page.getByTestId("save-status")).toHaveText("All changes saved");
  await page.locator("body").press("Control+z");
  await page.locator("body").press("Control+z");
  await expectHighlight(page, "the talks were historic", { present: false });
  await expect(page.getByTestId("save-status")).toHaveText("All changes saved");
  const after = await (await page.request.get(`/api/documents/${documentId}/annotations`)).json();
  expect(after.annotations).toHaveLength(2);

  await page.keyboard.press("?");
  const help = page.getByRole("dialog", { name: "Keyboard shortcuts" });
  await expect(help).toBeVisible();
  await expect(help.getByRole("rowheader", { name: "Alt+R" })).toBeVisible();
  // The help is read from the same table as the keys (focus handling: e2e/accessibility.spec.ts).
  await page.keyboard.press("Escape");
  await expect(help).toBeHidden();
});

test("sidebar filters and jumps to spans, layers hide an annotator's work, viewers cannot tag", async ({ page, browser, request }) => {
  const owner = newUser("own");
  const viewer = newUser("view");
  await signUpViaApi(request, owner);
  await signUpViaApi(request, viewer);
  await signIn(page, owner);
  // Viewers here see everyone's work (the default shows them the gold layer only).
  const { projectId, documentId } = await projectWithDocument(page, `Layers ${owner.name}`, TEXT, { viewersSee: "EVERYONE" });
  await addMember(page, projectId, viewer, "VIEWER");
  await page.goto(`/documents/${documentId}`);
  await expect(page.getByTestId("live-status")).toHaveText("Live");
  await selectText(page, "Vladivostok");
  await page.keyboard.press("l");
  await selectText(page, "Kim Jong Un");
  await page.keyboard.press("p");
  await selectText(page, "Vladimir Putin");
  await page.keyboard.press("p");
  await expect(page.getByTestId("save-status")).toHaveText("All changes saved");

  const list = page.getByRole("list", { name: "Annotation list" });
  await expect(list.getByRole("listitem")).toHaveCount(3);
  await expect(page.getByRole("list", { name: "Counts per label" })).toContainText("Person: 2");
  await page.getByLabel("Filter by label").selectOption({ label: "Location" });
  await expect(list.getByRole("listitem")).toHaveCount(1);
  await page.getByLabel("Filter by label").selectOption({ label: "All labels" });
  await list.getByRole("button", { name: /Vladimir Putin/ }).click();
  await expect(page.getByTestId("annotation-details")).toContainText("Vladimir Putin");
  await expect.poll(async () => (await flashed(page)).join()).toContain("Vladimir Putin");

  // Hiding my own layer hides my highlights.
  await page.getByRole("checkbox", { name: /\(you\)/ }).uncheck();
  await expect.poll(async () => (await painted(page)).length).toBe(0);
  await page.getByRole("checkbox", { name: /\(you\)/ }).check();
  await expectHighlight(page, "Vladivostok");

  // A viewer sees everything but gets no way to tag, and the API refuses.
  const context = await browser.newContext();
  const viewerPage = await context.newPage();
  await signIn(viewerPage, viewer);
  await viewerPage.goto(`/documents/${documentId}`);
  await expectHighlight(viewerPage, "Kim Jong Un");
  await selectText(viewerPage, "historic");
  await viewerPage.keyboard.press("c");
  await expect(viewerPage.getByRole("toolbar", { name: "Tag the selection" })).toHaveCount(0);
  await clickHighlight(viewerPage, "Kim Jong Un");
  await expect(viewerPage.getByTestId("annotation-details")).toContainText("Only its author can change this annotation.");
  const attempt = await viewerPage.request.post(`/api/documents/${documentId}/annotations`, { data: { id: "01936b7e-0000-7000-8000-000000000001", labelId: "01936b7e-0000-7000-8000-000000000002", start: 0, end: 6, exact: "Summit" } });
  expect(attempt.status()).toBe(403);
  expect((await (await page.request.get(`/api/documents/${documentId}/annotations`)).json()).annotations).toHaveLength(3);
  await context.close();
});
