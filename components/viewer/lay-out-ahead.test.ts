import { afterEach, expect, test, vi } from "vitest";
import { layOutAhead } from "@/components/viewer/lay-out-ahead";

// The browser pieces it uses, faked: animation frames run when `frame()` is called, the idle
// callback at once, and the style element records every rule it was given.
function fakeBrowser(supported = true) {
  const frames: (() => void)[] = [];
  const rules: string[] = [];
  const style = { removed: false, remove() { this.removed = true; }, set textContent(v: string) { rules.push(v); } };
  vi.stubGlobal("CSS", { supports: () => supported });
  vi.stubGlobal("requestAnimationFrame", (f: () => void) => frames.push(f));
  vi.stubGlobal("cancelAnimationFrame", () => undefined);
  vi.stubGlobal("requestIdleCallback", (f: () => void) => (f(), 1));
  vi.stubGlobal("cancelIdleCallback", () => undefined);
  vi.stubGlobal("document", { createElement: () => style, head: { append: () => undefined } });
  const frame = () => frames.splice(0).forEach((f) => f());
  return { rules, style, frame, pending: () => frames.length };
}

afterEach(() => vi.unstubAllGlobals());

test("every paragraph is laid out once, a bounded slice per frame, each slice for a whole frame, and the rule goes at the end", () => {
  const browser = fakeBrowser();
  const root = { childElementCount: 1000 } as HTMLElement;
  let done = false;
  // 600 characters a paragraph: 20 paragraphs (12,000 characters) a frame.
  layOutAhead(root, 600, () => (done = true));
  for (let i = 0; i < 60 && browser.pending(); i++) browser.frame();
  const slices = browser.rules.map((r) => r.match(/nth-child\(n\+(\d+)\):nth-child\(-n\+(\d+)\)/)!.slice(1).map(Number));
  expect(slices).toHaveLength(50);
  expect(slices[0]).toEqual([1, 20]);
  // The slices cover 1…1000 with no gap and no overlap.
  slices.forEach(([from], i) => expect(from).toBe(i === 0 ? 1 : slices[i - 1][1] + 1));
  expect(slices.at(-1)![1]).toBe(1000);
  expect(browser.rules.every((r) => r.includes("content-visibility: visible"))).toBe(true);
  expect(done).toBe(true);
  expect(browser.style.removed).toBe(true);
});

test("stopping (the viewer unmounts) removes the rule; a browser without content-visibility lays out everything anyway", () => {
  const browser = fakeBrowser();
  const stop = layOutAhead({ childElementCount: 1000 } as HTMLElement, 600);
  browser.frame();
  stop();
  expect(browser.style.removed).toBe(true);

  const old = fakeBrowser(false);
  let done = false;
  layOutAhead({ childElementCount: 1000 } as HTMLElement, 600, () => (done = true));
  expect(done).toBe(true);
  expect(old.rules).toEqual([]);
});
