import type { Locator, Page } from "@playwright/test";

// Selecting text with the mouse, as a person does: the curation view corrects a span from the
// selection (curation-view and workflow specs).

/** Drags the mouse across `needle` in `within`, as a person selects text. */
export async function dragSelect(page: Page, within: Locator, needle: string) {
  // Away from the viewport's edges: a drag there scrolls the page and the end point moves.
  await within.evaluate((el) => el.scrollIntoView({ block: "center" }));
  const box = await within.evaluate((el, needle) => {
    const node = el.firstChild as Text;
    const at = node.data.indexOf(needle);
    const rect = (from: number, to: number) => {
      const r = document.createRange();
      r.setStart(node, from);
      r.setEnd(node, to);
      return r.getBoundingClientRect();
    };
    const first = rect(at, at + 1);
    const last = rect(at + needle.length - 1, at + needle.length);
    return { x1: first.left + 1, y1: first.top + first.height / 2, x2: last.right - 1, y2: last.top + last.height / 2 };
  }, needle);
  await page.mouse.move(box.x1, box.y1);
  await page.mouse.down();
  await page.mouse.move(box.x2, box.y2, { steps: 5 });
  await page.mouse.up();
}
