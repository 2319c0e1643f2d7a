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
const wordAt = (page: Page, word: string, lastOne = false) =>
  page.locator(".viewer-text").evaluate((root, [word, lastOne]) => {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    const nodes: Node[] = [];
    for (let node = walker.nextNode(); node; node = walker.nextNode()) nodes.push(node);
    if (lastOne) nodes.reverse();
    for (const node of nodes) {
      const at = lastOne ? node.textContent!.lastIndexOf(word) : node.textContent!.indexOf(word);
      if (at < 0) continue;
      const range = document.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + word.length);
      const r = range.getClientRects()[0];
      const all = range.getBoundingClientRect();
      return { x: r.left, y: r.top + r.height / 2, right: all.right };
    }
    throw new Error(`${word} is not in the text`);
  }, [word, lastOne] as const);

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
  // Each step is read out to screen readers: here, what it selected.
  await expect(page.getByTestId("text-caret-said")).toHaveText("Vladimir Putin on Thursday.");
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

  // Ctrl+End goes to the end of the text: the caret is drawn after its last character, on the screen.
  await page.keyboard.press("Control+End");
  const last = await wordAt(page, "aloud.", true);
  await expect.poll(async () => Math.abs((await caret.boundingBox())!.x - last.right)).toBeLessThan(3);
  expect(last.y).toBeGreaterThan(0);
  expect(last.y).toBeLessThan(720);
  // → at the very end stays there (not into the page below).
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("Shift+ArrowLeft");
  expect(await selected(page)).toBe(".");

  // Ctrl+A selects the whole text, not the page around it.
  await page.keyboard.press("Control+a");
  const all = await selected(page);
  expect(all).toMatch(/^Summit 🤝/);
  expect(all).toMatch(/Line 80 of the joint communiqué, read aloud\.\s*$/);
  expect(all).not.toContain("Annotations and layers");
});

test("Tab into the text shows its focus, and Shift+→ starts a selection at the top of the text on the screen", async ({ page, request }) => {
  const user = newUser("tabkeys");
  await signUpViaApi(request, user);
  await signIn(page, user);
  const { documentId } = await projectWithDocument(page, `Tab keys ${user.name}`, TEXT);
  await page.goto(`/documents/${documentId}`);
  await expect(page.getByTestId("live-status")).toHaveText("Live");
  const text = page.locator(".viewer-text");
  // From the control before it, as a keyboard user arrives: the text is outlined, having no caret yet.
  await page.getByRole("link", { name: /Tab keys/ }).first().focus();
  for (let i = 0; i < 30 && !(await text.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press("Tab");
  await expect(text).toBeFocused();
  expect(await text.evaluate((el) => getComputedStyle(el).outlineStyle)).toBe("solid");
  for (let i = 0; i < 6; i++) await page.keyboard.press("Shift+ArrowRight");
  expect(await selected(page)).toBe("Summit");
  await expect(page.getByRole("toolbar", { name: "Tag the selection" })).toBeVisible();
});

test("a drag that runs past the end of the text stops at its end: the popover and a hotkey take what is highlighted", async ({ page, request }) => {
  const user = newUser("dragkeys");
  await signUpViaApi(request, user);
  await signIn(page, user);
  const { documentId } = await projectWithDocument(page, `Drag keys ${user.name}`, "Kim Jong Un met Vladimir Putin.\nThe talks ended.");
  await page.goto(`/documents/${documentId}`);
  await expect(page.getByTestId("live-status")).toHaveText("Live");
  // Start on "The", release over the panel beside the text.
  const the = await wordAt(page, "The");
  await page.mouse.move(the.x + 1, the.y);
  await page.mouse.down();
  const panel = (await page.getByRole("complementary", { name: "Annotations and layers" }).boundingBox())!;
  await page.mouse.move(panel.x + 40, panel.y + panel.height - 40, { steps: 8 });
  await page.mouse.up();
  await expect.poll(() => selected(page)).toBe("The talks ended.");
  await page.keyboard.press("c");
  await expectHighlight(page, "The talks ended.");
  await expect(page.getByTestId("save-status")).toHaveText("All changes saved");
  const { annotations } = await (await page.request.get(`/api/documents/${documentId}/annotations`)).json();
  expect(annotations.map((a: { exact: string }) => a.exact)).toEqual(["The talks ended."]);
});

test("a right-to-left paragraph reads from the right, and → moves the caret to the right on the screen, as the reader sees it", async ({ page, request }) => {
  const user = newUser("rtlkeys");
  await signUpViaApi(request, user);
  await signIn(page, user);
  const { documentId } = await projectWithDocument(page, `RTL keys ${user.name}`, "Summit report:\nقمة فلاديفوستوك بين الزعيمين");
  await page.goto(`/documents/${documentId}`);
  await expect(page.getByTestId("live-status")).toHaveText("Live");
  const word = await wordAt(page, "فلاديفوستوك");
  // The Arabic line starts at the right edge of the text, the English one at its left.
  const box = (await page.locator(".viewer-text").boundingBox())!;
  const first = await wordAt(page, "قمة");
  expect(box.x + box.width - first.right).toBeLessThan(4);
  expect((await wordAt(page, "Summit")).x - box.x).toBeLessThan(4);
  await page.mouse.click(word.x + (word.right - word.x) / 2, word.y);
  const caret = page.getByTestId("text-caret");
  await expect(caret).toBeVisible();
  const x0 = (await caret.boundingBox())!.x;
  for (let i = 0; i < 3; i++) await page.keyboard.press("ArrowRight");
  await expect.poll(async () => (await caret.boundingBox())!.x).toBeGreaterThan(x0 + 5);
});

test("the resting caret blinks without keeping the browser drawing a frame at every screen refresh, and holds still for reduced motion", async ({ page, request }) => {
  const user = newUser("blink");
  await signUpViaApi(request, user);
  await signIn(page, user);
  const { documentId } = await projectWithDocument(page, `Blink ${user.name}`, TEXT);
  await page.goto(`/documents/${documentId}`);
  await expect(page.getByTestId("live-status")).toHaveText("Live");
  const caret = page.getByTestId("text-caret");
  const kim = await wordAt(page, "Kim");
  await page.mouse.click(kim.x + 1, kim.y);
  await expect(caret).toBeVisible();
  // Sampled for two seconds: the caret is shown and hidden in turn, as a caret blinks…
  const seen = () =>
    caret.evaluate(async (el) => {
      const opacities = new Set<string>();
      for (let i = 0; i < 40; i++) {
        opacities.add(getComputedStyle(el).opacity);
        await new Promise((r) => setTimeout(r, 50));
      }
      return [...opacities].sort();
    });
  expect(await seen()).toEqual(["0", "1"]);
  // …with no endless animation on the page: one made the browser repaint the text's layer at every
  // frame while the caret rested (20–46 ms frames with the CPU throttled 4×, against 16.7).
  const endless = () => page.evaluate(() => document.getAnimations().filter((a) => a.effect?.getTiming().iterations === Infinity).length);
  expect(await endless()).toBe(0);
  // Reduced motion: a caret that does not blink, from the moment it is asked for, resting or moved.
  await page.emulateMedia({ reducedMotion: "reduce" });
  expect(await seen()).toEqual(["1"]);
  await page.keyboard.press("ArrowRight");
  expect(await seen()).toEqual(["1"]);
});
