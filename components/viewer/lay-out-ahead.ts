// Opening a long document lays out the screen in view, not the whole text: until a paragraph has
// been laid out once, it skips layout and paint when off screen (`content-visibility: auto` with an
// estimated height, app/globals.css). Right after the open, when the browser is idle, the paragraphs
// are laid out from the top a bounded slice per frame, and each slice STAYS laid out (a growing
// `content-visibility: visible` rule): within a second or two the whole text is laid out as if the
// rule had never been there, so scrolling lays out nothing more and nothing moves any more (an
// estimate turning into a real height shifted the page), and no frame pays for checking thousands of
// paragraphs' visibility. (Paragraphs that went back to skipping once laid out — the first try —
// made the scroll's longest task 91 ms: each screen scrolled into view was laid out again.)

/** About this much text is laid out per slice (a few milliseconds on a laptop). */
const CHARS_PER_SLICE = 24_000;

export function supportsContentVisibility(): boolean {
  return typeof CSS !== "undefined" && typeof CSS.supports === "function" && CSS.supports("content-visibility", "auto");
}

/** The rule that keeps paragraphs 1…`to` laid out (a rule, not attributes: ProseMirror owns its elements). */
// No remembered size either once laid out: the browser keeps `contain-intrinsic-size: auto` up to
// date with a resize observation of every such paragraph at every frame (3 ms a frame at 1,500).
export const laidOutRule = (to: number) => `.viewer-text > p:nth-child(-n+${to}) { content-visibility: visible; contain-intrinsic-size: none; }`;

/**
 * Lays out every paragraph (child) of `root`, from the top, a slice per idle frame; `averageChars`
 * (characters per paragraph) sizes the slices. `onDone` when all are laid out. Returns a stop function
 * (the viewer unmounts: the rule goes with it).
 */
export function layOutAhead(root: HTMLElement, averageChars: number, onDone?: () => void): () => void {
  if (!supportsContentVisibility()) {
    onDone?.();
    return () => undefined;
  }
  const perSlice = Math.max(8, Math.min(4000, Math.ceil(CHARS_PER_SLICE / Math.max(1, averageChars))));
  const style = document.createElement("style");
  style.dataset.layOutAhead = "";
  document.head.append(style);
  const idle = (f: () => void) => (typeof requestIdleCallback === "function" ? requestIdleCallback(f, { timeout: 500 }) : window.setTimeout(f, 30));
  let next = 0;
  let frame = 0;
  let stopped = false;
  const step = () => {
    if (stopped) return;
    const count = root.childElementCount;
    next = Math.min(count, next + perSlice);
    style.textContent = laidOutRule(next);
    if (next >= count) {
      onDone?.();
      return;
    }
    // This slice is laid out in the next frame; the next slice when the browser is idle after it.
    frame = requestAnimationFrame(() => void idle(step));
  };
  // Not in the frame that shows the opened document: after it.
  frame = requestAnimationFrame(() => void idle(step));
  return () => {
    stopped = true;
    cancelAnimationFrame(frame);
    style.remove();
  };
}
