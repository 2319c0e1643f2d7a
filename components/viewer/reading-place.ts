// Keeps the line being read where it is on the screen when the text above it changes height: a
// paragraph laid out for the first time (lay-out-ahead.ts: its estimated height becomes its real
// one), the column resized, label names turned on (taller lines). Browsers do this themselves
// (scroll anchoring), but the browser's way costs time in proportion to the text above the screen:
// at every frame that scrolls and lays anything out, Chromium picks its anchor by measuring every
// paragraph from the top until one is on the screen (ScrollAnchor::FindAnchor). A traced scroll of a
// 5 MB document spent 10 s of its 22.9 s of frame callbacks in the layouts that held it, up to 38 ms
// in one frame: most of the scroll's long tasks.
// So the paragraphs are not anchors (`overflow-anchor: none`, app/globals.css) and the place is
// kept here, found by a binary search on the paragraphs — and Safari, which has no scroll anchoring,
// keeps it too. The text element itself stays the browser's anchor, so what changes above the text
// (a notice shown over it) is still made up for by the browser.

/** The first paragraph on the screen and where its top is, in the viewport's coordinates. */
export type Place = { line: number; top: number };

/**
 * The index of the first paragraph for which `test` holds (the paragraphs' count if none), by a
 * binary search: `test` must be false for the paragraphs before that one and true from it on (a
 * test of where a paragraph is on the screen).
 */
export function firstParagraph(paragraphs: HTMLCollection, test: (paragraph: Element) => boolean): number {
  let lo = 0;
  let hi = paragraphs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (test(paragraphs[mid])) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** The first paragraph (child of `root`) whose bottom is below the top of the viewport; null before the text reaches it. */
function take(root: HTMLElement): Place | null {
  const paragraphs = root.children;
  const lo = firstParagraph(paragraphs, (p) => p.getBoundingClientRect().bottom > 0);
  if (lo >= paragraphs.length) return null;
  const top = paragraphs[lo].getBoundingClientRect().top;
  // The screen's top above the text (the page's header in view): nothing to keep — the page is read
  // from its top, and what is above the text moves with it.
  return top > 0 ? null : { line: lo, top };
}

/** Scrolls the window so that the place's paragraph is where it was. */
function restore(root: HTMLElement, place: Place) {
  const paragraph = root.children[place.line];
  if (!paragraph) return;
  const moved = paragraph.getBoundingClientRect().top - place.top;
  if (Math.abs(moved) >= 0.5) window.scrollBy(0, moved);
}

export type ReadingPlace = {
  /** Runs `change` (which lays out some of the text again) and scrolls back to the place read before it. */
  keep<T>(change: () => T): T;
  stop(): void;
};

/**
 * Keeps the place in `root`'s text (its children are the paragraphs; the window scrolls) across
 * changes of the text's size: the place is taken at each scroll, and given back each time the text
 * is resized (a ResizeObserver's callback comes after the layout and before the paint, so nothing is
 * seen to move). `keep` does the same around a change made on purpose, there and then.
 */
export function keepReadingPlace(root: HTMLElement): ReadingPlace {
  let place: Place | null = null;
  let frame = 0;
  const onScroll = () => {
    if (!frame) {
      frame = requestAnimationFrame(() => {
        frame = 0;
        place = take(root);
      });
    }
  };
  const resized = new ResizeObserver(() => {
    if (place) restore(root, place);
    place = take(root);
  });
  window.addEventListener("scroll", onScroll, { passive: true });
  resized.observe(root);
  return {
    keep(change) {
      const before = take(root);
      const result = change();
      if (before) restore(root, before);
      place = take(root);
      return result;
    },
    stop() {
      window.removeEventListener("scroll", onScroll);
      cancelAnimationFrame(frame);
      resized.disconnect();
    },
  };
}
