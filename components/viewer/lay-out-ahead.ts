// Opening a long document lays out the screen in view, not the whole text: until a paragraph has
// been laid out once, it skips layout and paint when off screen (`content-visibility: auto` with an
// estimated height, app/globals.css). Right after the open, in the browser's idle periods, the
// paragraphs are laid out from the top in bounded slices, and each slice STAYS laid out (its
// paragraphs' own `content-visibility: visible`): within seconds the whole text is laid out as if
// the rule had never been there, so scrolling lays out nothing more and nothing moves any more (an
// estimate turning into a real height shifted the page), and no frame pays for checking thousands of
// paragraphs' visibility. (Paragraphs that went back to skipping once laid out — the first try —
// made the scroll's longest task 91 ms: each screen scrolled into view was laid out again.) The
// line being read stays where it is while paragraphs above it are laid out (reading-place.ts).
import type { EditorView } from "@tiptap/pm/view";
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

/**
 * Paragraphs `from`…`to` laid out for good, each by its own style, so that only they are styled
 * again: one growing `nth-child` rule restyled every paragraph at every slice — 50–100 ms of each
 * slice for the 19,600 paragraphs of the 5 MB benchmark document. No remembered size either: the
 * browser keeps `contain-intrinsic-size: auto` up to date with a resize observation of every such
 * paragraph at every frame (3 ms a frame at 1,500). The editor is not told (its DOM observer would
 * read the paragraphs back as a change of the text); it never redraws a paragraph of a text that
 * does not change, and a redrawn one is laid out again when it comes on the screen.
 */
function markLaidOut(view: EditorView, from: number, to: number) {
  const paragraphs = view.dom.children;
  const observer = (view as unknown as { domObserver?: { stop(): void; start(): void } }).domObserver;
  observer?.stop();
  try {
    for (let i = from; i < to; i++) {
      const style = (paragraphs[i] as HTMLElement).style;
      style.setProperty("content-visibility", "visible");
      style.setProperty("contain-intrinsic-size", "none");
    }
  } finally {
    observer?.start();
  }
}

type Idle = { timeRemaining(): number } | undefined;

/**
 * Lays out every paragraph (child) of `view`'s text, from the top, in the browser's idle periods, a
 * slice each, laid out there and then — so no frame (a keypress's, a scroll's) pays for it; a
 * browser without idle callbacks lays all of it out in one task after the open's frame.
 * `averageChars` (characters per paragraph) sizes the first slice. `onDone` when all are laid out.
 * Returns a stop function (the viewer unmounts: the paragraphs and their styles go with its view).
 * The reading place is kept from the start, through these slices and any other change of the
 * text's size (a resized column).
 */
export function layOutAhead(view: EditorView, averageChars: number, onDone?: () => void): () => void {
  const root = view.dom as HTMLElement;
  const place = keepReadingPlace(root);
  if (!supportsContentVisibility()) {
    onDone?.();
    return () => place.stop();
  }
  const perSlice = Math.max(8, Math.min(4000, Math.ceil(CHARS_PER_SLICE / Math.max(1, averageChars))));
  const hasIdle = typeof requestIdleCallback === "function";
  // Before the first layout (the caller runs this before the painter first measures).
  let next = Math.min(root.childElementCount, Math.max(4, Math.ceil(CHARS_AT_ONCE / Math.max(1, averageChars))));
  markLaidOut(view, 0, next);
  let handle = 0;
  let stopped = false;
  // Paragraphs per idle period: each period lays out one slice, sized from what the last one cost
  // to fill about 80 % of the period (at most 40 ms), changing at most twofold a step, and never
  // under a fiftieth of the text — so a long document takes at most about fifty periods plus the
  // first few. The frame after each slice costs about the same whatever its size (50 ms at 5 MB:
  // pre-paint, compositing inputs, the skipped paragraphs' visibility), so more, smaller slices
  // block more: at 5 MB a hundredth made 22 tasks over 50 ms in place of 9, a two-hundredth 85.
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
      markLaidOut(view, from, next);
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
    place.stop();
  };
}
