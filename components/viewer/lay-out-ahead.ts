// Paragraphs off screen skip layout (`content-visibility: auto`, app/globals.css), so opening a long
// document lays out about one screen of it instead of the whole text, and scrolling lays out only
// what comes into view. A skipped paragraph has an estimated height until it has been laid out once;
// from then on it keeps the size it had (the `auto` of `contain-intrinsic-size`). Estimates turning
// into real sizes while someone reads would move the text — a jump to the end, then the paragraphs
// there taking their size, shifted the page under the workspace's "nothing moves" check — so right
// after the open every paragraph is laid out once, a slice per frame (no long task): within a second
// or two the sizes are all real and nothing moves any more. The browser records a paragraph's size at
// the frame's ResizeObserver step, so each slice stays rendered for one frame before the next one.
/** About this much text is laid out per frame (a few milliseconds on a laptop). */
const CHARS_PER_FRAME = 12_000;

export function supportsContentVisibility(): boolean {
  return typeof CSS !== "undefined" && CSS.supports("content-visibility", "auto");
}

/**
 * Lays out every paragraph (child) of `root` once, a slice per frame when the browser is idle (so
 * typing, tagging and scrolling go first). `averageChars` (characters per paragraph) sizes the
 * slices. Returns a stop function.
 */
export function layOutAhead(root: HTMLElement, averageChars: number, onDone?: () => void): () => void {
  if (!supportsContentVisibility()) {
    onDone?.();
    return () => undefined;
  }
  const perFrame = Math.max(8, Math.min(4000, Math.ceil(CHARS_PER_FRAME / Math.max(1, averageChars))));
  const style = document.createElement("style");
  document.head.append(style);
  const idle = (f: () => void) => (typeof requestIdleCallback === "function" ? requestIdleCallback(f, { timeout: 1000 }) : setTimeout(f, 50));
  let next = 0;
  let frame = 0;
  let stopped = false;
  const step = () => {
    if (stopped) return;
    const count = root.childElementCount;
    if (next >= count) {
      style.remove();
      onDone?.();
      return;
    }
    const to = Math.min(count, next + perFrame);
    // A rule, not a style on the paragraphs: ProseMirror watches its own elements' attributes.
    style.textContent = `.viewer-text > p:nth-child(n+${next + 1}):nth-child(-n+${to}) { content-visibility: visible; }`;
    next = to;
    // The slice is laid out (and its size recorded) in the next frame; the next slice after it.
    frame = requestAnimationFrame(() => void idle(step));
  };
  // Not in the frame that shows the opened document: after it, when the browser is idle.
  idle(step);
  return () => {
    stopped = true;
    cancelAnimationFrame(frame);
    style.remove();
  };
}
