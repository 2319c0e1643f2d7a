import { expect, test, type Page } from "@playwright/test";
import { newUser, projectWithDocument, signIn, signUpViaApi } from "./fixtures";

// The line being read stays where it is on the screen while the text above it changes height: the
// paragraphs above laid out after the open (their estimated heights become real ones), the window
// resized, label names turned on. The viewer keeps the place itself (reading-place.ts) rather than
// leave it to the browser's scroll anchoring, which measured every paragraph above the screen at
// each scrolled frame (a 5 MB document's scroll spent a quarter of its time in it).

// 2,000 paragraphs of two lines on a wide screen (three on a narrow one), where the estimate before
// a paragraph is laid out is three.
const SENTENCE = "The delegation met officials in Vladivostok and talked about the railway across the border.";
const LINES = Array.from({ length: 2000 }, (_, i) => `Paragraph ${i + 1}: ${SENTENCE} ${SENTENCE}`);

const top = (page: Page, line: number) => page.locator(".viewer-text > p").nth(line).evaluate((p) => Math.round(p.getBoundingClientRect().top));
const frames = (page: Page, n = 2) =>
  page.evaluate(async (n) => {
    for (let i = 0; i < n; i++) await new Promise((r) => requestAnimationFrame(r));
  }, n);

test.use({ viewport: { width: 1600, height: 900 } });

test("the line being read stays put while the text above it is laid out, the window resized and label names turned on", async ({ page, request }) => {
  const owner = newUser("place");
  await signUpViaApi(request, owner);
  await signIn(page, owner);
  const { documentId } = await projectWithDocument(page, `Place ${owner.name}`, LINES.join("\n"));

  // The browser's idle periods come when the test says so: each one lays out the next slice.
  await page.addInitScript(() => {
    const queue: IdleRequestCallback[] = [];
    Object.assign(window, { __idle: queue });
    window.requestIdleCallback = (callback) => queue.push(callback);
    window.cancelIdleCallback = (handle) => void (queue[handle - 1] = () => undefined);
  });
  const idle = () =>
    page.evaluate(() => {
      const queue = (window as unknown as { __idle: IdleRequestCallback[] }).__idle;
      const due = queue.splice(0, queue.length, ...Array.from({ length: queue.length }, () => () => undefined));
      for (const callback of due) callback({ didTimeout: false, timeRemaining: () => 50 });
      return due.length;
    });
  await page.goto(`/documents/${documentId}`);
  await expect(page.locator(".viewer-text > p").nth(1999)).toBeAttached();

  // Scrolled far down before the text above has been laid out: paragraph 1,500 at the top.
  const read = 1499;
  await page.locator(".viewer-text > p").nth(read).evaluate((p) => p.scrollIntoView({ block: "start" }));
  await frames(page);
  const at = await top(page, read);
  expect(Math.abs(at)).toBeLessThan(5);
  expect(await page.locator(".viewer-text > p").nth(200).evaluate((p) => getComputedStyle(p).contentVisibility)).toBe("auto");

  // The paragraphs above are laid out, slice by slice: each two lines instead of the three estimated,
  // so the text above shrinks by thousands of pixels a slice; paragraph 1,500 does not move.
  let slices = 0;
  while ((await page.locator(".viewer-text > p").nth(read).evaluate((p) => getComputedStyle(p).contentVisibility)) === "auto") {
    expect(await idle(), "a slice waits for each idle period until all is laid out").toBeGreaterThan(0);
    await frames(page);
    expect(await top(page, read)).toBe(at);
    slices++;
  }
  expect(slices).toBeGreaterThan(1);
  await idle();
  await frames(page);
  expect(await top(page, read)).toBe(at);

  // A narrower window: the text reflows, the paragraph read stays at the top of the screen.
  await page.setViewportSize({ width: 1100, height: 900 });
  await frames(page);
  expect(Math.abs((await top(page, read)) - at)).toBeLessThanOrEqual(1);

  // Label names on: every line opens up to hold a row of chips; the paragraph read stays put.
  await page.getByLabel("Label names on the text").check();
  await frames(page);
  expect(Math.abs((await top(page, read)) - at)).toBeLessThanOrEqual(1);

  // At the top of the page nothing is kept: the page header stays in view when the window changes.
  await page.evaluate(() => window.scrollTo(0, 0));
  await frames(page);
  await page.setViewportSize({ width: 1600, height: 900 });
  await frames(page);
  expect(await page.evaluate(() => window.scrollY)).toBe(0);
});
