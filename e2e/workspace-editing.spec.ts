// Issue 16, the editing side of the workspace: duplicate tags refused (unless stacking is allowed),
// a label popover run from the keyboard, fields that save as typed, conflicts shown side by side.
import { expect, test } from "@playwright/test";
import { expectHighlight, newUser, projectWithDocument, selectText, signIn, signUpViaApi } from "./fixtures";

const TEXT = "Kim Jong Un met Vladimir Putin in Vladivostok on April 25, 2019.\n\nThe talks were described as historic.";

test("the same tag on the same span twice is refused naming the first; a project that allows stacking takes it", async ({ page, request }) => {
  const user = newUser("dup");
  await signUpViaApi(request, user);
  await signIn(page, user);
  const { projectId, documentId } = await projectWithDocument(page, `Duplicates ${user.name}`, TEXT);
  await page.goto(`/documents/${documentId}`);
  await expect(page.getByTestId("live-status")).toHaveText("Live");

  await selectText(page, "Vladimir Putin");
  await page.keyboard.press("p");
  await expectHighlight(page, "Vladimir Putin");
  await expect(page.getByTestId("save-status")).toHaveText("All changes saved");
  const [first] = (await (await page.request.get(`/api/documents/${documentId}/annotations`)).json()).annotations;

  await selectText(page, "Vladimir Putin");
  await page.keyboard.press("p");
  const refused = page.getByRole("region", { name: /could not be saved/ });
  await expect(refused).toContainText("You already tagged “Vladimir Putin” as Person");
  await expect(refused).toContainText(first.id);
  await refused.getByRole("button", { name: "Discard" }).click();
  await expect(refused).toBeHidden();
  expect((await (await page.request.get(`/api/documents/${documentId}/annotations`)).json()).annotations).toHaveLength(1);

  await page.goto(`/projects/${projectId}/settings`);
  await page.getByLabel(/Allow stacked tags/).check();
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByText("Settings saved.")).toBeVisible();
  await page.goto(`/documents/${documentId}`);
  await expect(page.getByTestId("live-status")).toHaveText("Live");
  await selectText(page, "Vladimir Putin");
  await page.keyboard.press("p");
  await expect(page.getByTestId("save-status")).toHaveText("All changes saved");
  expect((await (await page.request.get(`/api/documents/${documentId}/annotations`)).json()).annotations).toHaveLength(2);
});

test("the label popover shows descriptions and hotkeys and is run with arrow keys, Enter and Escape", async ({ page, request }) => {
  const user = newUser("pop");
  await signUpViaApi(request, user);
  await signIn(page, user);
  const { documentId } = await projectWithDocument(page, `Popover ${user.name}`, TEXT);
  await page.goto(`/documents/${documentId}`);
  await expect(page.getByTestId("live-status")).toHaveText("Live");

  await selectText(page, "Vladivostok");
  const popover = page.getByRole("toolbar", { name: "Tag the selection" });
  await expect(popover).toBeVisible();
  // Each label shows its hotkey; the description of the label in focus is shown.
  await expect(popover.getByRole("button", { name: /^Location/ })).toContainText("l");
  // Tab from the text into the popover: one tab stop, the first label.
  await page.keyboard.press("Tab");
  const claim = popover.getByRole("button", { name: /^Claim/ });
  await expect(claim).toBeFocused();
  await expect(popover.getByTestId("label-description")).toContainText("An assertion presented as true");
  await expect(claim).toHaveAccessibleDescription("An assertion presented as true, predicted or desirable.");
  await page.keyboard.press("ArrowRight");
  await expect(popover.getByRole("button", { name: /^Meeting\/Visit/ })).toBeFocused();
  await expect(popover.getByTestId("label-description")).toContainText("A meeting, summit, talks or an official visit.");
  await page.keyboard.press("End");
  await expect(popover.getByRole("button", { name: /^Other entity/ })).toBeFocused();
  await page.keyboard.press("ArrowLeft");
  const location = popover.getByRole("button", { name: /^Location/ });
  await expect(location).toBeFocused();
  // Escape closes the popover and puts focus back into the text, nothing tagged.
  await page.keyboard.press("Escape");
  await expect(popover).toBeHidden();
  await expect(page.locator(".viewer-text")).toBeFocused();
  await expectHighlight(page, "Vladivostok", { present: false });

  // Again, and Enter tags with the label in focus; the keyboard is back in the text.
  await selectText(page, "Vladivostok");
  await page.keyboard.press("Tab");
  await page.keyboard.press("ArrowLeft");
  await expect(popover.getByRole("button", { name: /^Other entity/ })).toBeFocused();
  await page.keyboard.press("ArrowLeft");
  await expect(location).toBeFocused();
  await page.keyboard.press("Enter");
  await expectHighlight(page, "Vladivostok");
  await expect(page.locator(".viewer-text")).toBeFocused();
  await expect(page.getByTestId("save-status")).toHaveText("All changes saved");
  const { annotations } = await (await page.request.get(`/api/documents/${documentId}/annotations`)).json();
  expect(annotations.map((a: { exact: string }) => a.exact)).toEqual(["Vladivostok"]);
});
