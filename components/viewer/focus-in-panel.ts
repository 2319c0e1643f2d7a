/**
 * Brings `element` into view inside the side panel's scrolling region only. Focusing it the usual
 * way would let the browser scroll the page as well, moving the text under the reader's eyes (the
 * panel stays put beside the text, so the page need not move). Where the panel does not scroll on
 * its own (narrow screens, panel below the text), the page scrolls as usual.
 */
export function focusInPanel(element: HTMLElement) {
  element.focus({ preventScroll: true });
  const area = element.closest<HTMLElement>("[data-panel-scroll]");
  if (!area || getComputedStyle(area).overflowY === "visible") {
    element.scrollIntoView({ block: "nearest" });
    return;
  }
  const inner = element.getBoundingClientRect();
  const outer = area.getBoundingClientRect();
  if (inner.top < outer.top) area.scrollTop -= outer.top - inner.top;
  else if (inner.bottom > outer.bottom) area.scrollTop += Math.min(inner.bottom - outer.bottom, inner.top - outer.top);
}
