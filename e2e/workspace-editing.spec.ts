// Issue 16, the editing side of the workspace: duplicate tags refused (unless stacking is allowed),
// a label popover run from the keyboard, fields that save as typed, conflicts shown side by side.
import { expect, test } from "@playwright/test";
import { clickHighlight, expectHighlight, labelIds, newUser, projectWithDocument, selectText, signIn, signUpViaApi, uuidv7 } from "./fixtures";

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

  // The caret moves on, the same words are selected again, and Enter tags with the label in focus;
  // the keyboard is back in the text.
  await page.keyboard.press("ArrowRight");
  await expect(popover).toBeHidden();
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

test("fields save as they are typed; a refused value is explained at its field; undo takes back one save", async ({ page, request }) => {
  const user = newUser("typed");
  await signUpViaApi(request, user);
  await signIn(page, user);
  const { documentId } = await projectWithDocument(page, `Typed ${user.name}`, TEXT);
  await page.goto(`/documents/${documentId}`);
  await expect(page.getByTestId("live-status")).toHaveText("Live");
  const stored = async () => (await (await page.request.get(`/api/documents/${documentId}/annotations`)).json()).annotations as { exact: string; note: string; attributes: Record<string, unknown> }[];
  const status = page.getByTestId("save-status");

  await selectText(page, "Kim Jong Un met Vladimir Putin");
  await page.keyboard.press("m");
  await expect(status).toHaveText("All changes saved");
  const details = page.getByTestId("annotation-details");
  const note = details.getByLabel("Note");
  // Typed, never leaving the field: "Saving…" until the server has it, then saved, the caret still there.
  await note.pressSequentially("met in Vladivostok", { delay: 20 });
  await expect(status).toHaveText("Saving…");
  await expect(status).toHaveText("All changes saved");
  await expect(note).toBeFocused();
  await expect(note).toHaveValue("met in Vladivostok");
  expect((await stored())[0].note).toBe("met in Vladivostok");

  // A date the server refuses: the reason is next to the Date field, the typed value stays to be corrected.
  const date = details.getByLabel("Date");
  await date.pressSequentially("April 2019", { delay: 20 });
  const refusal = details.getByTestId("field-refusal");
  await expect(refusal).toHaveText(/^Date was not saved: use an ISO date: 2019, 2019-04 or 2019-04-25/);
  await expect(date).toHaveValue("April 2019");
  await expect(date).toHaveAttribute("aria-invalid", "true");
  await date.fill("2019-04");
  await expect(refusal).toBeHidden();
  await expect(status).toHaveText("All changes saved");
  await expect.poll(async () => (await stored())[0].attributes.date).toBe("2019-04");

  // Undo (outside the field: inside it, Ctrl+Z is the field's own) takes back the last save, the
  // corrected date together with the refused value it replaced; then the whole typed note at once.
  await date.blur();
  await page.keyboard.press("Control+z");
  await expect.poll(async () => (await stored())[0].attributes.date).toBeUndefined();
  await expect(date).toHaveValue("");
  await page.keyboard.press("Control+z");
  await expect.poll(async () => (await stored())[0].note).toBe("");
  await expect(note).toHaveValue("");
});

test("a conflict shows the value on the server and mine side by side", async ({ page, request }) => {
  const user = newUser("conf");
  await signUpViaApi(request, user);
  await signIn(page, user);
  const { projectId, documentId } = await projectWithDocument(page, `Conflict ${user.name}`, TEXT);
  const label = await labelIds(page, projectId);
  const made = await page.request.post(`/api/documents/${documentId}/annotations`, { data: { id: uuidv7(), labelId: label("Location"), start: 34, end: 45, exact: "Vladivostok", note: "first" } });
  expect(made.status(), await made.text()).toBe(201);
  const { id } = await made.json();
  // The live stream is cut, so the page does not learn of the other tab's change by itself.
  await page.route("**/events**", (route) => route.abort());
  await page.goto(`/documents/${documentId}`);
  await expectHighlight(page, "Vladivostok");
  expect((await page.request.patch(`/api/annotations/${id}`, { data: { version: 1, note: "from the other tab" } })).status()).toBe(200);

  await clickHighlight(page, "Vladivostok");
  const note = page.getByTestId("annotation-details").getByLabel("Note");
  await note.fill("from this tab");
  await note.blur();
  const conflict = page.getByRole("main").getByRole("alert").filter({ hasText: "was not saved" });
  const table = conflict.getByRole("table", { name: "Their value and mine" });
  await expect(table.getByRole("columnheader")).toHaveText(["Field", "Theirs (saved)", "Mine"]);
  await expect(table.getByRole("row", { name: /^Note/ }).getByRole("cell")).toHaveText(["from the other tab", "from this tab"]);
});
