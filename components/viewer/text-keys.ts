// The viewer's text is not editable (contenteditable=false, with a tab stop): a focused editable
// element costs Chromium work in proportion to its whole text at every frame — 60–130 ms a
// scrolled frame on the 5 MB benchmark document (bench/README.md, 7 December). Text that is not
// editable has no caret and no keyboard selection of its own, so this module gives it both, as an
// editor has them: arrow keys move a caret (drawn here, over the text), Shift + arrow keys select,
// Ctrl (Alt on a Mac) goes by words, Home/End to the line's ends, Ctrl+A selects the whole text.
// The selection is the browser's (Selection.modify), so the editor reads it as it reads a drag; it
// is kept within the text (a drag past its end stops at the end). Each step is read out to screen
// readers (a polite live region), since text that is not editable does not announce its caret.
import type { EditorView } from "@tiptap/pm/view";
import type { KeyPress } from "@/lib/client/viewer-shortcuts";

export type SelectionStep = {
  alter: "move" | "extend";
  /** ← and → go left and right on the screen (right to left in Arabic or Hebrew); the rest in reading order. */
  direction: "forward" | "backward" | "left" | "right";
  granularity: "character" | "word" | "line" | "lineboundary" | "paragraph" | "documentboundary";
};

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
      const direction = e.key === "ArrowRight" ? "right" : "left";
      if (plain) return step(direction, "character");
      if (byWord) return step(direction, "word");
      return byLineEnd ? step(e.key === "ArrowRight" ? "forward" : "backward", "lineboundary") : null;
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
const SAID_AT_MOST = 200;
/** Half the caret's blink: shown, then hidden, this long each (the blink of most systems' carets). */
const CARET_BLINK_MS = 530;
const said = (text: string) => (text.trim() ? (text.length > SAID_AT_MOST ? `${text.slice(0, SAID_AT_MOST)}…` : text) : "blank");

/**
 * Keyboard selection and a drawn caret for the text of `view` (focusable, not editable). The caret
 * is an element of `layer` (positioned, containing the text), placed from the selection whenever it
 * changes or the text's size does. Returns the function that stops it all.
 */
export function textKeys(view: EditorView, layer: HTMLElement): () => void {
  const root = view.dom as HTMLElement;
  const caret = document.createElement("div");
  caret.className = "viewer-caret";
  caret.setAttribute("aria-hidden", "true");
  caret.dataset.testid = "text-caret";
  caret.hidden = true;
  const spoken = document.createElement("div");
  spoken.className = "sr-only";
  spoken.setAttribute("aria-live", "polite");
  spoken.dataset.testid = "text-caret-said";
  layer.append(caret, spoken);
  const mac = isMac();
  // The caret blinks by a timer, one style change per half-period, not by a CSS animation: an
  // endless animation keeps the browser producing a frame at every vsync, and Chromium repainted
  // the text's layer in each (measured: with the caret in the text and nothing else happening, a
  // frame cost 20–46 ms instead of 16.7 with the CPU throttled 4×; every change made while the
  // caret showed paid it too). Solid while it moves, blinking once it rests.
  let blinking = 0;
  const stopBlinking = () => {
    clearInterval(blinking);
    blinking = 0;
    caret.style.opacity = "";
  };
  // Reduced motion: a caret that does not blink, from the moment the setting changes.
  const reducedMotion = window.matchMedia?.("(prefers-reduced-motion: reduce)");
  const blinkFromStart = () => {
    stopBlinking();
    if (reducedMotion?.matches) return;
    blinking = window.setInterval(() => {
      caret.style.opacity = caret.style.opacity === "0" ? "" : "0";
    }, CARET_BLINK_MS);
  };
  const whole = document.createRange();

  /** The editor's position of a DOM point, or null outside the text. */
  const posOf = (node: Node, offset: number) => {
    try {
      return root.contains(node) ? view.posAtDOM(node, offset) : null;
    } catch {
      return null;
    }
  };
  /** The first or last place in the text (inside its first or last paragraph). */
  const textEnd = (last: boolean) => view.domAtPos(last ? Math.max(0, view.state.doc.content.size - 1) : Math.min(1, view.state.doc.content.size));
  /** Before the text (-1), in it (0) or after it (1). */
  const side = (node: Node, offset: number) => {
    whole.selectNodeContents(root);
    try {
      return whole.comparePoint(node, offset);
    } catch {
      return 1;
    }
  };
  /** A selection with one end outside the text gets that end back at the text's nearest end. */
  const clamp = (selection: Selection) => {
    const { anchorNode, focusNode } = selection;
    if (!anchorNode || !focusNode) return;
    const anchorIn = side(anchorNode, selection.anchorOffset) === 0;
    const focusIn = side(focusNode, selection.focusOffset) === 0;
    if (anchorIn === focusIn) return;
    const end = textEnd((anchorIn ? side(focusNode, selection.focusOffset) : side(anchorNode, selection.anchorOffset)) > 0);
    if (anchorIn) selection.extend(end.node, end.offset);
    else selection.setBaseAndExtent(end.node, end.offset, focusNode, selection.focusOffset);
  };

  const caretBox = (pos: number) => {
    try {
      return view.coordsAtPos(pos);
    } catch {
      return null;
    }
  };

  const place = () => {
    const selection = window.getSelection();
    if (selection?.rangeCount && !selection.isCollapsed) clamp(selection);
    const node = selection?.focusNode;
    const focused = document.activeElement === root && document.hasFocus();
    const pos = node && focused && selection!.isCollapsed ? posOf(node, selection!.focusOffset) : null;
    const box = pos === null ? null : caretBox(pos);
    if (!box) {
      caret.hidden = true;
      stopBlinking();
      return;
    }
    const origin = layer.getBoundingClientRect();
    caret.style.transform = `translate(${box.left - origin.left - layer.clientLeft}px, ${box.top - origin.top - layer.clientTop}px)`;
    caret.style.height = `${box.bottom - box.top}px`;
    caret.hidden = false;
    blinkFromStart();
  };

  /** What a step is read out as: the text selected or moved over, the character, word or line arrived at. */
  const speak = (step: SelectionStep, from: number, to: number) => {
    const doc = view.state.doc;
    // No more of the text than is read out (a Ctrl+Shift+End can span megabytes).
    const lo = Math.min(from, to);
    if (step.alter === "extend") return said(doc.textBetween(lo, Math.min(Math.max(from, to), lo + SAID_AT_MOST + 1), "\n"));
    const after = doc.textBetween(to, Math.min(doc.content.size, to + SAID_AT_MOST), "\n");
    if (step.granularity === "character") return said([...after][0] ?? "");
    if (step.granularity === "word") return said(after.match(/^\s*\S*/)![0]);
    const $to = doc.resolve(to);
    return said($to.depth ? $to.parent.textContent : "");
  };

  const onKey = (event: KeyboardEvent) => {
    if (event.target !== root) return;
    const selection = window.getSelection();
    if (!selection) return;
    if ((event.ctrlKey || event.metaKey) && !event.altKey && !event.shiftKey && event.key.toLowerCase() === "a") {
      event.preventDefault();
      const [start, end] = [textEnd(false), textEnd(true)];
      selection.setBaseAndExtent(start.node, start.offset, end.node, end.offset);
      return;
    }
    const step = selectionStep(event, mac);
    if (!step) return;
    // Arrow keys act on the text, not the page's scroll position.
    event.preventDefault();
    let from = selection.focusNode ? posOf(selection.focusNode, selection.focusOffset) : null;
    if (from === null) {
      // No place in the text yet (focused by Tab): start at the text's first line on the screen.
      const box = root.getBoundingClientRect();
      from = view.posAtCoords({ left: box.left + 1, top: Math.max(box.top, 0) + 4 })?.pos ?? 1;
      const at = view.domAtPos(from);
      selection.collapse(at.node, at.offset);
      if (step.alter === "move") return place();
    }
    /** To the text's first or last place: the selection's moving end, or the caret. */
    const toEnd = (last: boolean) => {
      const end = textEnd(last);
      if (step.alter === "extend") selection.extend(end.node, end.offset);
      else selection.collapse(end.node, end.offset);
    };
    if (step.granularity === "documentboundary") toEnd(step.direction === "forward");
    else {
      selection.modify(step.alter, step.direction, step.granularity);
      // The browser's steps know the page, not the text: the text's own ends are its boundaries.
      const where = selection.focusNode ? side(selection.focusNode, selection.focusOffset) : 0;
      if (where !== 0) toEnd(where > 0);
    }
    const to = selection.focusNode ? posOf(selection.focusNode, selection.focusOffset) : null;
    if (to === null) return;
    spoken.textContent = speak(step, from, to);
    // The moved end is kept on the screen, as an editor keeps its caret.
    const box = caretBox(to);
    if (box && (box.top < 8 || box.bottom > window.innerHeight - 8)) {
      window.scrollBy({ top: box.top < 8 ? box.top - window.innerHeight / 3 : box.bottom - (window.innerHeight * 2) / 3 });
    }
  };

  const resized = new ResizeObserver(() => {
    if (!caret.hidden) place();
  });
  resized.observe(root);
  // The caret follows the selection, the text's focus, the window's focus (no blinking caret in a
  // window in the background) and the window's size.
  const listeners: [EventTarget, string, EventListener][] = [
    [root, "keydown", onKey as EventListener],
    [root, "focus", place],
    [root, "blur", place],
    [window, "focus", place],
    [window, "blur", place],
    [window, "resize", place],
    [document, "selectionchange", place],
    ...(reducedMotion ? [[reducedMotion, "change", () => !caret.hidden && blinkFromStart()] as [EventTarget, string, EventListener]] : []),
  ];
  for (const [target, type, listener] of listeners) target.addEventListener(type, listener);
  return () => {
    resized.disconnect();
    for (const [target, type, listener] of listeners) target.removeEventListener(type, listener);
    stopBlinking();
    caret.remove();
    spoken.remove();
  };
}
