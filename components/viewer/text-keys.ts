// The viewer's text is not editable (contenteditable=false, with a tab stop): a focused editable
// element costs Chromium work in proportion to its whole text at every frame — 60–130 ms a
// scrolled frame on the 5 MB benchmark document (bench/README.md, 7 December). Text that is not
// editable has no caret and no keyboard selection of its own, so this module gives it both, as an
// editor has them: arrow keys move a caret (drawn here, over the text), Shift + arrow keys select,
// Ctrl (Alt on a Mac) goes by words, Home/End to the line's ends, Ctrl+A selects the whole text.
// The selection is the browser's (Selection.modify), so the editor reads it as it reads a drag.
import type { KeyPress } from "@/lib/client/viewer-shortcuts";

export type SelectionStep = { alter: "move" | "extend"; direction: "forward" | "backward"; granularity: "character" | "word" | "line" | "lineboundary" | "paragraph" | "documentboundary" };

/**
 * The selection step a key asks for in the text, or null for keys the text leaves alone (Alt + ↑/↓
 * walk the annotations; PageUp/PageDown and Space scroll the page as in any reader).
 */
export function selectionStep(e: KeyPress, mac: boolean): SelectionStep | null {
  const alter = e.shiftKey ? "extend" : "move";
  const byWord = mac ? e.altKey && !e.ctrlKey && !e.metaKey : e.ctrlKey && !e.altKey && !e.metaKey;
  const byLineEnd = mac && e.metaKey && !e.altKey && !e.ctrlKey;
  const plain = !e.ctrlKey && !e.metaKey && !e.altKey;
  const step = (direction: SelectionStep["direction"], granularity: SelectionStep["granularity"]): SelectionStep => ({ alter, direction, granularity });
  switch (e.key) {
    case "ArrowLeft":
    case "ArrowRight": {
      const direction = e.key === "ArrowRight" ? "forward" : "backward";
      if (plain) return step(direction, "character");
      if (byWord) return step(direction, "word");
      return byLineEnd ? step(direction, "lineboundary") : null;
    }
    case "ArrowUp":
    case "ArrowDown": {
      const direction = e.key === "ArrowDown" ? "forward" : "backward";
      if (plain) return step(direction, "line");
      // Alt + ↑/↓ is the annotation walk (viewer-shortcuts.ts), on a Mac too.
      if (byWord && !e.altKey) return step(direction, "paragraph");
      return byLineEnd ? step(direction, "documentboundary") : null;
    }
    case "Home":
    case "End": {
      const direction = e.key === "End" ? "forward" : "backward";
      if (plain) return step(direction, "lineboundary");
      return (mac ? e.metaKey : e.ctrlKey) && !e.altKey ? step(direction, "documentboundary") : null;
    }
    default:
      return null;
  }
}

const isMac = () => typeof navigator !== "undefined" && /Mac|iPhone|iPad/.test(navigator.platform);

/** The rectangle of a collapsed position in the text (the caret's), or null where it has none. */
function caretRect(node: Node, offset: number): DOMRect | null {
  const range = document.createRange();
  range.setStart(node, offset);
  const rects = range.getClientRects();
  const rect = rects.length ? rects[rects.length - 1] : range.getBoundingClientRect();
  // An empty paragraph has no text box: its element's box is where the caret stands.
  if (!rect.height) {
    const element = node.nodeType === 1 ? (node as Element) : node.parentElement;
    const box = element?.getBoundingClientRect();
    return box && box.height ? new DOMRect(box.left, box.top, 0, Math.min(box.height, 24)) : null;
  }
  return rect;
}

/**
 * Keyboard selection and a drawn caret for the viewer's text `root` (focusable, not editable). The
 * caret is an element of `layer` (positioned, containing the text), placed from the selection
 * whenever it changes or the text's size does. Returns the function that stops it all.
 */
export function textKeys(root: HTMLElement, layer: HTMLElement): () => void {
  const caret = document.createElement("div");
  caret.className = "viewer-caret";
  caret.setAttribute("aria-hidden", "true");
  caret.dataset.testid = "text-caret";
  caret.hidden = true;
  layer.appendChild(caret);
  const mac = isMac();
  let blink = false;

  const place = () => {
    const selection = window.getSelection();
    const node = selection?.focusNode;
    const shown = !!node && selection!.isCollapsed && document.activeElement === root && root.contains(node);
    const rect = shown ? caretRect(node!, selection!.focusOffset) : null;
    if (!rect) {
      caret.hidden = true;
      return;
    }
    const origin = layer.getBoundingClientRect();
    caret.style.transform = `translate(${rect.left - origin.left - layer.clientLeft}px, ${rect.top - origin.top - layer.clientTop}px)`;
    caret.style.height = `${rect.height}px`;
    caret.hidden = false;
    // Solid while it moves, blinking once it rests: a new animation name restarts the blink
    // (without reading the layout back, as the usual trick of reflowing between two styles does).
    blink = !blink;
    caret.style.animationName = blink ? "viewer-caret-blink" : "viewer-caret-blink-again";
  };

  const onKey = (event: KeyboardEvent) => {
    if (event.target !== root) return;
    const selection = window.getSelection();
    if (!selection) return;
    if ((event.ctrlKey || event.metaKey) && !event.altKey && !event.shiftKey && event.key.toLowerCase() === "a") {
      event.preventDefault();
      selection.selectAllChildren(root);
      return;
    }
    const step = selectionStep(event, mac);
    if (!step) return;
    // Arrow keys act on the text, not the page's scroll position.
    event.preventDefault();
    if (!selection.rangeCount || !root.contains(selection.focusNode)) {
      // No place in the text yet (focused by Tab): start at the top of the screen's text.
      const first = [...root.children].find((p) => p.getBoundingClientRect().bottom > 0) ?? root.firstElementChild;
      if (!first) return;
      selection.collapse(first, 0);
      if (step.alter === "move") return;
    }
    // The browser's steps know the page, not the text: the text's own ends are its boundaries.
    if (step.granularity !== "documentboundary") selection.modify(step.alter, step.direction, step.granularity);
    if (step.granularity === "documentboundary" || !root.contains(selection.focusNode)) {
      const end = step.direction === "forward" ? root.childNodes.length : 0;
      if (step.alter === "extend") selection.extend(root, end);
      else selection.collapse(root, end);
    }
    // The moved end is kept on the screen, as an editor keeps its caret.
    const rect = selection.focusNode ? caretRect(selection.focusNode, selection.focusOffset) : null;
    if (rect && (rect.top < 8 || rect.bottom > window.innerHeight - 8)) {
      window.scrollBy({ top: rect.top < 8 ? rect.top - window.innerHeight / 3 : rect.bottom - (window.innerHeight * 2) / 3 });
    }
  };

  const resized = new ResizeObserver(() => {
    if (!caret.hidden) place();
  });
  resized.observe(root);
  root.addEventListener("keydown", onKey);
  root.addEventListener("focus", place);
  root.addEventListener("blur", place);
  document.addEventListener("selectionchange", place);
  window.addEventListener("resize", place);
  return () => {
    resized.disconnect();
    root.removeEventListener("keydown", onKey);
    root.removeEventListener("focus", place);
    root.removeEventListener("blur", place);
    document.removeEventListener("selectionchange", place);
    window.removeEventListener("resize", place);
    caret.remove();
  };
}
