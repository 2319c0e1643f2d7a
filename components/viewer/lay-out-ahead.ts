// Opening a long document lays out the screen in view, not the whole text: until a paragraph has
// been laid out once, it skips layout and paint when off screen (`content-visibility: auto` with an
// estimated height, app/globals.css). Right after the open, in the browser's idle periods, the
// paragraphs are laid out from the top in bounded slices, and each slice STAYS laid out (a growing
// `content-visibility: visible` rule): within a second or two the whole text is laid out as if the
// rule had never been there, so scrolling lays out nothing more and nothing moves any more (an
// estimate turning into a real height shifted the page), and no frame pays for checking thousands of
// paragraphs' visibility. (Paragraphs that went back to skipping once laid out — the first try —
// made the scroll's longest task 91 ms: each screen scrolled into view was laid out again.) The
// line being read stays where it is while paragraphs above it are laid out (reading-place.ts).
import { keepReadingPlace } from "@/components/viewer/reading-place";

/** About this much text is laid out in the first slice (a few milliseconds on a laptop). */
const CHARS_PER_SLICE = 12_000;
/**
 * About a screenful of text from the top is laid out from the start, with the rest of the page:
 * a paragraph still skipped when the painter measures a highlight's underline in it (the frame
 * that shows the document) is laid out on its own, one layout per paragraph (four to six of
 * 2–9 ms each at the open of the benchmark's document).
 */
const CHARS_AT_ONCE = 4_000;

function supportsContentVisibility(): boolean {
  return typeof CSS !== "undefined" && typeof CSS.supports === "function" && CSS.supports("content-visibility", "auto");
}

// No remembered size either once laid out: the browser keeps `contain-intrinsic-size: auto` up to
// date with a resize observation of every such paragraph at every frame (3 ms a frame at 1,500).
const laidOutRule = (to: number) => `.viewer-text > p:nth-child(-n+${to}) { content-visibility: visible; contain-intrinsic-size: none; }`;

type Idle = { timeRemaining(): number } | undefined;

/**
 * Lays out every paragraph (child) of `root`, from the top, in the browser's idle periods, a slice
 * each, laid out there and then — so no frame (a keypress's, a scroll's) pays for it; a browser
 * without idle callbacks lays all of it out in one task after the open's frame. `averageChars`
 * (characters per paragraph) sizes the first slice. `onDone` when all are laid out. Returns a stop
 * function (the viewer unmounts: the rule goes with it). The reading place is kept from the start,
 * through these slices and any other change of the text's size (a resized column).
 */
export function layOutAhead(root: HTMLElement, averageChars: number, onDone?: () => void): () => void {
  const place = keepReadingPlace(root);
  if (!supportsContentVisibility()) {
    onDone?.();
    return () => place.stop();
  }
  const perSlice = Math.max(8, Math.min(4000, Math.ceil(CHARS_PER_SLICE / Math.max(1, averageChars))));
  const style = document.createElement("style");
  style.dataset.layOutAhead = "";
  document.head.append(style);
  const hasIdle = typeof requestIdleCallback === "function";
  // Before the first layout (the caller runs this before the painter first measures): set later,
  // the rule would restyle every paragraph a second time.
  let next = Math.min(root.childElementCount, Math.max(4, Math.ceil(CHARS_AT_ONCE / Math.max(1, averageChars))));
  style.textContent = laidOutRule(next);
  let handle = 0;
  let stopped = false;
  // Paragraphs per idle period: each period lays out one slice (and restyles every paragraph once,
  // whatever the slice's size), sized from what the last one cost to fill about 80 % of the period
  // (at most 40 ms), changing at most twofold a step, and never under a fiftieth of the text — so a
  // long document takes at most about fifty periods plus the first few.
  let slice = perSlice;
  const later = () => (handle = requestIdleCallback(step, { timeout: 500 }));
  function step(idle?: Idle) {
    if (stopped) return;
    const count = root.childElementCount;
    const budget = Math.min(40, Math.max(8, (idle?.timeRemaining() ?? 16) * 0.8));
    const started = performance.now();
    const from = next;
    // Without idle periods to wait for (Safari has none), the rest at once, right after the open.
    next = hasIdle ? Math.min(count, next + slice) : count;
    place.keep(() => {
      style.textContent = laidOutRule(next);
      // Laid out here, in the idle period, rather than in the next frame.
      void (root.children[next - 1] as HTMLElement | undefined)?.offsetTop;
    });
    const spent = Math.max(1, performance.now() - started);
    const fit = Math.floor(((next - from) * budget) / spent);
    slice = Math.max(Math.ceil(count / 50), Math.min(slice * 2, Math.max(Math.floor(slice / 2), fit)));
    if (next >= count) onDone?.();
    else later();
  }
  // Not in the frame that shows the opened document: after it.
  const first = requestAnimationFrame(() => (hasIdle ? later() : (handle = window.setTimeout(step))));
  return () => {
    stopped = true;
    cancelAnimationFrame(first);
    if (hasIdle) cancelIdleCallback(handle);
    else clearTimeout(handle);
    style.remove();
    place.stop();
  };
}
