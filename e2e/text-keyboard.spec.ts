import { expect, test, type Page } from "@playwright/test";
import { expectHighlight, newUser, projectWithDocument, signIn, signUpViaApi } from "./fixtures";

// The text is not editable (an editable one costs Chromium work in proportion to the whole text at
// every frame while it has the focus); components/viewer/text-keys.ts gives it the caret and the
// keyboard selection an editor has. This walks them as a keyboard user does, from a mouse click.
const LINES = Array.from({ length: 80 }, (_, i) => `Line ${i + 1} of the joint communiqué, read aloud.`);
const TEXT = ["Summit 🤝 in Vladivostok.", "", "Kim Jong Un met Vladimir Putin on Thursday.", ...LINES].join("\n");
const cp = (needle: string) => [...TEXT.slice(0, TEXT.indexOf(needle))].length;

const selected = (page: Page) => page.evaluate(() => window.getSelection()!.toString());
/** Where a word starts on the screen (the left edge of its first character, the middle of its line). */
const wordAt = (page: Page, word: string) =>
  page.locator(".viewer-text").evaluate((root, word) => {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const at = node.textContent!.indexOf(word);
      if (at < 0) continue;
      const range = document.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + 1);
      const r = range.getBoundingClientRect();
      return { x: r.left, y: r.top + r.height / 2, right: r.right };
    }
    throw new Error(`${word} is not in the text`);
  }, word);

test("the text takes a caret from a click, arrow keys move it, Shift and Ctrl select by characters, words and lines, and typing changes nothing", async ({ page, request }) => {
  const user = newUser("keys");
  await signUpViaApi(request, user);
  await signIn(page, user);
  const { documentId } = await projectWithDocument(page, `Keys ${user.name}`, TEXT);
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto(`/documents/${documentId}`);
  await expect(page.getByTestId("live-status")).toHaveText("Live");
  const text = page.locator(".viewer-text");
  const caret = page.getByTestId("text-caret");
  const before = await text.textContent();

  // A click just inside "Kim" puts the caret before it, drawn where the word starts.
  const kim = await wordAt(page, "Kim");
  await page.mouse.click(kim.x + 1, kim.y);
  await expect(text).toBeFocused();
  await expect(caret).toBeVisible();
  const placed = (await caret.boundingBox())!;
  expect(Math.abs(placed.x - kim.x)).toBeLessThan(3);

  // Ctrl+Shift+→ selects by words; the caret is not drawn over a selection; the hotkey tags it.
  for (let i = 0; i < 3; i++) await page.keyboard.press("Control+Shift+ArrowRight");
  expect(await selected(page)).toBe("Kim Jong Un");
  await expect(caret).toBeHidden();
  await expect(page.getByRole("toolbar", { name: "Tag the selection" })).toBeVisible();
  await page.keyboard.press("p");
  await expectHighlight(page, "Kim Jong Un");
  await expect(page.getByTestId("save-status")).toHaveText("All changes saved");
  const { annotations } = await (await page.request.get(`/api/documents/${documentId}/annotations`)).json();
  expect(annotations.map((a: { exact: string; start: number; end: number }) => [a.exact, a.start, a.end])).toEqual([["Kim Jong Un", cp("Kim"), cp("Kim") + 11]]);

  // After the tag the caret stands after the span; → moves it a character at a time, Shift+End selects to the line's end.
  await expect(caret).toBeVisible();
  const un = await wordAt(page, " met");
  await expect.poll(async () => Math.abs((await caret.boundingBox())!.x - un.x)).toBeLessThan(3);
  for (let i = 0; i < 5; i++) await page.keyboard.press("ArrowRight");
  await page.keyboard.press("Shift+End");
  expect(await selected(page)).toBe("Vladimir Putin on Thursday.");
  // ← on a selection puts the caret at its start; Shift+← selects the character before.
  await page.keyboard.press("ArrowLeft");
  await page.keyboard.press("Shift+ArrowLeft");
  expect(await selected(page)).toBe(" ");

  // Typing changes nothing (the text is the source's), and nothing is tagged without a selection's hotkey.
  await page.keyboard.press("ArrowRight");
  await page.keyboard.type("xyz");
  await page.keyboard.press("Enter");
  expect(await text.textContent()).toBe(before);

  // ↓ moves line by line without scrolling the page, until the caret would leave the screen: then
  // the page follows it, and it stays in view.
  const scrolled = () => page.evaluate(() => window.scrollY);
  const top = await scrolled();
  await page.keyboard.press("ArrowDown");
  expect(await selected(page)).toBe("");
  expect(await scrolled()).toBe(top);
  await expect.poll(async () => (await caret.boundingBox())!.y).toBeGreaterThan(kim.y);
  for (let i = 0; i < 60; i++) await page.keyboard.press("ArrowDown");
  expect(await scrolled()).toBeGreaterThan(top);
  const low = (await caret.boundingBox())!;
  expect(low.y).toBeGreaterThan(0);
  expect(low.y + low.height).toBeLessThan(720);
  // Ctrl+Home goes back to the start of the text, and the page with it.
  await page.keyboard.press("Control+Shift+Home");
  expect(await selected(page)).toMatch(/^Summit 🤝 in Vladivostok\./);
  await expect.poll(async () => (await wordAt(page, "Summit")).y).toBeGreaterThan(0);

  // Ctrl+A selects the whole text, not the page around it.
  await page.keyboard.press("Control+a");
  const all = await selected(page);
  expect(all).toMatch(/^Summit 🤝/);
  expect(all).toMatch(/Line 80 of the joint communiqué, read aloud\.\s*$/);
  expect(all).not.toContain("Annotations and layers");
});

test("Tab into the text and Shift+→ starts a selection at the top of the text on the screen", async ({ page, request }) => {
  const user = newUser("tabkeys");
  await signUpViaApi(request, user);
  await signIn(page, user);
  const { documentId } = await projectWithDocument(page, `Tab keys ${user.name}`, TEXT);
  await page.goto(`/documents/${documentId}`);
  await expect(page.getByTestId("live-status")).toHaveText("Live");
  await page.locator(".viewer-text").focus();
  for (let i = 0; i < 6; i++) await page.keyboard.press("Shift+ArrowRight");
  expect(await selected(page)).toBe("Summit");
  await expect(page.getByRole("toolbar", { name: "Tag the selection" })).toBeVisible();
});
