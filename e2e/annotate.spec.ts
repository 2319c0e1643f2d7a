import { expect, test } from "@playwright/test";
import { highlight, newUser, projectWithDocument, selectText, signIn, signUpViaApi } from "./fixtures";

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
  await expect(highlight(page, "Vladivostok")).toBeVisible();
  await expect(page.getByTestId("save-status")).toHaveText("All changes saved");

  // Keyboard only: put the caret before "Kim", extend with Shift+→, press the Person hotkey.
  await selectText(page, "Kim");
  await page.keyboard.press("ArrowLeft");
  for (let i = 0; i < 11; i++) await page.keyboard.press("Shift+ArrowRight");
  await page.keyboard.press("p");
  await expect(highlight(page, "Kim Jong Un")).toBeVisible();
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
  await expect(highlight(page, "the talks were historic")).toHaveCount(0);
  await expect(page.getByTestId("save-status")).toHaveText("All changes saved");
  const after = await (await page.request.get(`/api/documents/${documentId}/annotations`)).json();
  expect(after.annotations).toHaveLength(2);

  await page.keyboard.press("?");
  await expect(page.getByRole("dialog", { name: "Keyboard shortcuts" })).toBeVisible();
});
