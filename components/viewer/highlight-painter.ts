// Highlights are painted by the browser over the unchanged text nodes (CSS Custom Highlight API):
// no element per span, so opening a document adds no DOM, the browser paints only what is on
// screen, and a change touches one Range. Browsers without the API get ProseMirror decorations
// (elements) instead, through the same interface.
import type { EditorView } from "@tiptap/pm/view";
import type { EditorPositions } from "@/lib/anchoring/editor-positions";
import { annotationPluginKey, overlapLevels, type AnnotationMeta, type SpanView } from "@/components/viewer/annotation-plugin";
import { CHIP_HEIGHT, chipWidth, layoutChips, type Box, type ChipInput } from "@/components/viewer/chip-layout";
import { firstParagraph } from "@/components/viewer/reading-place";

/** One highlight as the viewer wants it painted; offsets in code points. */
export type Paint = {
  id: string;
  start: number;
  end: number;
  /** Background colour (translucent, so overlaps darken). */
  background: string;
  /** The annotator's layer colour, drawn as the underline. */
  underline: string;
  lineStyle?: "solid" | "dotted" | "wavy";
  pending: boolean;
  selected: boolean;
  flash: boolean;
  title: string;
  /** The label's name, for its chip; marks that are nobody's annotation (suggestions, low agreement) have none. */
  label?: string;
};

/** What changed in one paint call, announced on the text element as `highlightschange`. */
export type PaintChange = { added: string[]; changed: string[]; removed: string[] };

type Placed = { start: number; end: number; level: number; title: string };

/**
 * Overlap levels, kept per span: a new or moved span takes the lowest level that no span it
 * overlaps uses (a scan of the painted spans, no sort); the others keep theirs. Only a large
 * batch (opening the document, showing a layer) is levelled in one sorted pass.
 */
export class LevelIndex {
  readonly spans = new Map<string, Placed>();

  /**
   * Places `batch`; returns the ids of other spans whose level changed (large batches only).
   * `near`, when given, names every span that may overlap a span (a superset): a change then looks
   * at those instead of every span.
   */
  place(batch: Paint[], near?: (p: { start: number; end: number }) => Iterable<string>): string[] {
    const moved = batch.filter((p) => {
      const old = this.spans.get(p.id);
      if (old && old.start === p.start && old.end === p.end) {
        old.title = p.title;
        return false;
      }
      return true;
    });
    for (const p of moved) this.spans.delete(p.id);
    if (moved.length > 256) {
      const before = new Map([...this.spans].map(([id, s]) => [id, s.level]));
      for (const p of moved) this.spans.set(p.id, { start: p.start, end: p.end, level: 0, title: p.title });
      const levels = overlapLevels([...this.spans].map(([id, s]) => ({ id, from: s.start, to: s.end })));
      const relevelled: string[] = [];
      for (const [id, s] of this.spans) {
        s.level = levels.get(id) ?? 0;
        if (before.has(id) && before.get(id) !== s.level) relevelled.push(id);
      }
      return relevelled;
    }
    for (const [i, p] of moved.entries()) {
      const used = new Set<number>();
      if (near) {
        // `near` knows the spans painted before this batch; the batch's own are looked at here.
        for (const id of near(p)) {
          const s = this.spans.get(id);
          if (s && s.start < p.end && p.start < s.end) used.add(s.level);
        }
        for (const q of moved.slice(0, i)) {
          const s = this.spans.get(q.id)!;
          if (s.start < p.end && p.start < s.end) used.add(s.level);
        }
      } else for (const s of this.spans.values()) if (s.start < p.end && p.start < s.end) used.add(s.level);
      let level = 0;
      while (used.has(level)) level++;
      this.spans.set(p.id, { start: p.start, end: p.end, level, title: p.title });
    }
    return [];
  }

  remove(id: string) {
    this.spans.delete(id);
  }

  /** Spans covering a code point, the one painted on top (highest level) first. */
  at(codePoint: number): string[] {
    const hits: [string, number][] = [];
    for (const [id, s] of this.spans) if (s.start <= codePoint && codePoint < s.end) hits.push([id, s.level]);
    return hits.sort((a, b) => b[1] - a[1]).map(([id]) => id);
  }
}

/** Where a painted span is, in the overlay's coordinates: one box per line it covers. */
export type SpanBox = { left: number; top: number; right: number; bottom: number };

export interface Painter {
  readonly view: EditorView;
  readonly levels: LevelIndex;
  apply(upsert: Paint[], remove: string[]): void;
  /** The element (over the text, positioned) that receives the underlines and chips; it hears `overlaychange` after each drawing. */
  setOverlay(host: HTMLElement | null, chips: boolean): void;
  /** The boxes of a span drawn in the overlay (only spans near the viewport are drawn). */
  boxes(id: string): SpanBox[] | undefined;
  /** Where the label chips are drawn, so the relation arcs keep their labels off them. */
  chipBoxes(): Box[];
  destroy(): void;
}

function announce(root: HTMLElement, change: PaintChange) {
  if (change.added.length || change.changed.length || change.removed.length) root.dispatchEvent(new CustomEvent<PaintChange>("highlightschange", { detail: change }));
}

/**
 * A span's range in the highlights, tagged with what it shows, so tests and tools can read what the
 * browser paints. Static, not live: the browser updates every live Range on each DOM change (and
 * keeps those no longer used until a garbage collection), so a live Range per span made every
 * change anywhere in the page cost time in proportion to the spans scrolled past — about 1 ms per
 * removed element with 20,000 of them, 4.8 ms a frame scrolling 5 MB. The text never changes under
 * a static range (the viewer is read-only); the bars are measured with the painter's one live Range.
 */
export type PaintedRange = StaticRange & { annotationId?: string; title?: string };

// Marks that are nobody's annotation (suggestions, low agreement) keep a text-decoration; overlap
// levels alternate under- and overline for them.
const LEVEL_LINES = ["underline", "overline", "underline", "overline"] as const;
const LEVEL_STYLES = ["solid", "solid", "double", "double"] as const;

// Annotations get their underline from the overlay instead: one 2 px bar per span and line,
// LEVEL_GAP px further down per overlap level, so three identical spans show three bars and a
// nested span's bar begins where it begins. ::highlight() accepts text-decoration but a
// text-underline-offset there does not move the line per highlight far enough to stack them
// (and is not honoured everywhere), so the bars are drawn like Recogito's: elements positioned
// from Range.getClientRects(), only for the spans near the viewport.
const LEVEL_GAP = 3;
/** Lines taller than this are a paragraph's own box, listed by getClientRects for a span that crosses it. */
const MAX_LINE_BOX = 48;

type Span = { paint: Paint; firstLine: number; lastLine: number; range?: PaintedRange; highlights: Highlight[] };

/**
 * Chromium re-validates every registered Range whenever any Highlight changes, so a change costs
 * time in proportion to all registered ranges (measured: 5,000 ranges ≈ 30 ms, 25,000 ≈ 200 ms
 * per change on a quiet machine). Only the spans on the lines near the viewport (one screen above
 * and below) have a Range; scrolling moves that window. The painter still knows every span.
 */
/** Whether a span has a line among `lines`. */
const hasLineIn = (s: Span, lines: { from: number; to: number }) => s.firstLine <= lines.to && s.lastLine >= lines.from;

class HighlightPainter implements Painter {
  readonly levels = new LevelIndex();
  private readonly styles = new Map<string, Highlight>();
  private readonly spans = new Map<string, Span>();
  private readonly byLine = new Map<number, Set<string>>();
  private window: { from: number; to: number } | null = null;
  private frame = 0;
  private readonly style: HTMLStyleElement;
  private readonly selected: Highlight;
  private readonly flash: Highlight;
  private readonly prefix = `awb${Math.random().toString(36).slice(2, 7)}`;
  private readonly root: HTMLElement;
  /** The one live Range: where a span's bars go is measured with it. */
  private readonly measure = document.createRange();
  private overlay: HTMLElement | null = null;
  private chips = false;
  private drawFrame = 0;
  private readonly drawn = new Map<string, SpanBox[]>();
  /** The bars and chip drawn for each span, so a change redraws that span's alone. */
  private readonly drawnParts = new Map<string, Element[]>();
  /** The chips drawn, and where: laid out together (chip-layout.ts) when label names are on. */
  private chipEls: Element[] = [];
  private readonly chipBoxOf = new Map<string, Box>();
  /** Spans changed since the last drawing; `redrawAll` when the window, size or chips changed. */
  private readonly dirty = new Set<string>();
  private redrawAll = true;
  /**
   * Spans of the window off the screen whose bars wait for the next idle moment (or for the screen
   * to reach them): measuring a span in a paragraph the browser still skips (`content-visibility:
   * auto`, lay-out-ahead.ts) lays that paragraph out on its own, about 2 ms each — at the open, six
   * such layouts in the frame that shows the document, for bars nobody could see yet.
   */
  private readonly offScreen = new Set<string>();
  /** Cancels the pending idle drawing of `offScreen` (an idle callback, or a timer without them); null when none. */
  private cancelIdleDraw: (() => void) | null = null;
  // The text changes size when the column resizes: the window and the bars follow.
  private readonly resized = new ResizeObserver(() => {
    this.onMove();
    this.scheduleDraw(true);
  });
  private readonly onMove = () => {
    if (!this.frame) {
      this.frame = requestAnimationFrame(() => {
        this.frame = 0;
        this.moveWindow();
      });
    }
  };

  constructor(readonly view: EditorView, private readonly positions: EditorPositions) {
    this.root = view.dom;
    this.style = document.createElement("style");
    document.head.append(this.style);
    this.selected = this.register("selected", "background-color: rgb(37 99 235 / 0.28); text-decoration: underline 3px #1d4ed8;", 1000);
    this.flash = this.register("flash", "background-color: rgb(245 158 11 / 0.55);", 1001);
    // Capture: scrolling any container that holds the text moves the window too.
    window.addEventListener("scroll", this.onMove, { capture: true, passive: true });
    window.addEventListener("resize", this.onMove, { passive: true });
    this.resized.observe(this.root);
  }

  setOverlay(host: HTMLElement | null, chips: boolean) {
    if (host === this.overlay && chips === this.chips) return;
    if (this.overlay && this.overlay !== host) this.overlay.replaceChildren();
    this.overlay = host;
    this.chips = chips;
    // Chips sit in the gap above the line they name, below the bars of the line above: the text
    // makes room for a row of them.
    this.root.style.lineHeight = chips ? "2.8" : "";
    this.scheduleDraw(true);
  }

  boxes(id: string) {
    return this.drawn.get(id);
  }

  chipBoxes() {
    return [...this.chipBoxOf.values()];
  }

  private scheduleDraw(all: boolean) {
    if (all) this.redrawAll = true;
    if (!this.drawFrame && this.overlay) {
      this.drawFrame = requestAnimationFrame(() => {
        this.drawFrame = 0;
        this.draw();
      });
    }
  }

  /**
   * Underlines (and chips) for the annotations that have a Range, i.e. those near the viewport: all
   * of them when the window moved or the text's size changed, else only the spans changed since the
   * last drawing (highlights do not move the text, so the other bars stay where they are).
   */
  private draw(all = false) {
    const host = this.overlay;
    if (!host) return;
    const origin = host.getBoundingClientRect();
    // The lines on the screen (the layout is up to date now: `origin` was just measured).
    const screen = all ? null : this.linesBetween(0, window.innerHeight);
    const parts = document.createDocumentFragment();
    let ids: Iterable<string>;
    if (this.redrawAll) {
      this.drawn.clear();
      this.drawnParts.clear();
      this.chipBoxOf.clear();
      this.offScreen.clear();
      // Only the lines of the window: the work is bounded by what is near the viewport, not the document.
      const near = new Set<string>();
      if (this.window) for (let line = this.window.from; line <= this.window.to; line++) for (const id of this.byLine.get(line) ?? []) near.add(id);
      ids = near;
    } else {
      for (const id of this.dirty) {
        for (const el of this.drawnParts.get(id) ?? []) el.remove();
        this.drawnParts.delete(id);
        this.drawn.delete(id);
        this.chipBoxOf.delete(id);
      }
      ids = this.dirty;
    }
    for (const id of ids) {
      const s = this.spans.get(id);
      if (!s?.range || s.paint.label === undefined) continue;
      if (screen && !hasLineIn(s, screen)) {
        this.offScreen.add(id);
        continue;
      }
      this.offScreen.delete(id);
      const own: Element[] = [];
      const level = this.levels.spans.get(id)?.level ?? 0;
      const boxes: SpanBox[] = [];
      this.measure.setStart(s.range.startContainer, s.range.startOffset);
      this.measure.setEnd(s.range.endContainer, s.range.endOffset);
      for (const r of this.measure.getClientRects()) {
        if (r.width < 0.5 || r.height > MAX_LINE_BOX) continue;
        const box = { left: r.left - origin.left, top: r.top - origin.top, right: r.right - origin.left, bottom: r.bottom - origin.top };
        boxes.push(box);
        const bar = document.createElement("div");
        bar.className = "awb-underline";
        bar.dataset.annotationId = id;
        bar.dataset.level = String(level);
        const colour = s.paint.selected ? "#1d4ed8" : s.paint.underline;
        bar.style.cssText =
          `position:absolute;left:${box.left}px;top:${box.bottom + 1 + level * LEVEL_GAP}px;width:${box.right - box.left}px;height:0;` +
          `border-top:${s.paint.selected ? 3 : 2}px ${s.paint.pending ? "dashed" : "solid"} ${colour};`;
        parts.append(bar);
        own.push(bar);
      }
      if (!boxes.length) continue;
      this.drawn.set(id, boxes);
      this.drawnParts.set(id, own);
      // Label names off: only the selected annotation names its label, over the line above if need be
      // (the text keeps its usual line height, with no gap to hold a chip).
      if (!this.chips && s.paint.selected) {
        const chip = this.chip(id, s.paint, { x: boxes[0].left, y: boxes[0].top - CHIP_HEIGHT - 1, width: chipWidth(s.paint.label, getComputedStyle(host).fontFamily), height: CHIP_HEIGHT }, "chip");
        parts.append(chip);
        own.push(chip);
      }
    }
    if (this.chips) this.layOutChips(host, origin, parts);
    if (this.redrawAll) host.replaceChildren(parts);
    else host.append(parts);
    this.redrawAll = false;
    this.dirty.clear();
    if (this.offScreen.size) this.drawOffScreenWhenIdle();
    host.dispatchEvent(new Event("overlaychange"));
  }

  private drawOffScreenWhenIdle() {
    if (this.cancelIdleDraw) return;
    const run = () => {
      this.cancelIdleDraw = null;
      for (const id of this.offScreen) this.dirty.add(id);
      this.offScreen.clear();
      // A whole redraw pending (the window moved, the size changed) draws them with the rest.
      if (!this.redrawAll && !this.drawFrame) this.draw(true);
    };
    if (typeof requestIdleCallback === "function") {
      const handle = requestIdleCallback(run, { timeout: 1000 });
      this.cancelIdleDraw = () => cancelIdleCallback(handle);
    } else {
      const handle = window.setTimeout(run, 50);
      this.cancelIdleDraw = () => clearTimeout(handle);
    }
  }

  private chip(id: string, paint: Paint, box: Box, form: "chip" | "marker"): HTMLElement {
    const chip = document.createElement("span");
    chip.className = "awb-chip";
    chip.dataset.annotationId = id;
    if (form === "marker") {
      // Too little room to spell the name out: a square of the label's colour that names it on hover.
      chip.dataset.marker = "";
      chip.title = paint.label ?? "";
    } else {
      chip.textContent = paint.label ?? "";
    }
    chip.style.cssText =
      `position:absolute;left:${box.x}px;top:${box.y}px;width:${box.width}px;height:${box.height}px;box-sizing:border-box;font-size:10px;` +
      `line-height:${box.height}px;padding:0 3px;border-radius:${form === "marker" ? 2 : 3}px;white-space:nowrap;overflow:hidden;text-align:center;` +
      `color:#fff;background:${paint.selected ? "#1d4ed8" : paint.underline};${form === "marker" ? "pointer-events:auto;" : ""}`;
    this.chipBoxOf.set(id, box);
    return chip;
  }

  /**
   * Label names on: the chips of every span drawn are laid out again together (a chip's place
   * depends on its neighbours'), clear of the text's lines and the underline bars. Only the lines
   * the chips sit on and the lines above them are measured.
   */
  private layOutChips(host: HTMLElement, origin: DOMRect, parts: DocumentFragment) {
    for (const el of this.chipEls) el.remove();
    this.chipEls = [];
    this.chipBoxOf.clear();
    const fontFamily = getComputedStyle(host).fontFamily;
    const chips: ChipInput[] = [];
    const obstacles: Box[] = [];
    const lines = new Set<number>();
    for (const [id, boxes] of this.drawn) {
      const s = this.spans.get(id);
      if (!s || s.paint.label === undefined) continue;
      chips.push({ id, anchor: boxes[0], width: chipWidth(s.paint.label, fontFamily), priority: s.paint.selected });
      lines.add(s.firstLine).add(s.firstLine - 1);
      const level = this.levels.spans.get(id)?.level ?? 0;
      for (const b of boxes) obstacles.push({ x: b.left, y: b.bottom + 1 + level * LEVEL_GAP, width: b.right - b.left, height: s.paint.selected ? 3 : 2 });
    }
    for (const line of lines) {
      const paragraph = this.root.children[line];
      if (!paragraph) continue;
      this.measure.selectNodeContents(paragraph);
      for (const r of this.measure.getClientRects()) {
        if (r.width >= 0.5 && r.height <= MAX_LINE_BOX) obstacles.push({ x: r.left - origin.left, y: r.top - origin.top, width: r.width, height: r.height });
      }
    }
    for (const { id, box, form } of layoutChips(chips, obstacles)) {
      const chip = this.chip(id, this.spans.get(id)!.paint, box, form);
      parts.append(chip);
      this.chipEls.push(chip);
    }
  }

  private register(suffix: string, css: string, priority: number): Highlight {
    const name = `${this.prefix}-${suffix}`;
    const highlight = new Highlight();
    highlight.priority = priority;
    CSS.highlights.set(name, highlight);
    this.style.sheet!.insertRule(`::highlight(${name}) { ${css} }`, this.style.sheet!.cssRules.length);
    return highlight;
  }

  private highlightFor(p: Paint, level: number): Highlight {
    const line = p.lineStyle && p.lineStyle !== "solid" ? p.lineStyle : LEVEL_STYLES[level % 4];
    const bar = p.label !== undefined;
    const key = bar ? `${p.background}|bar` : `${p.background}|${p.underline}|${line}|${p.pending}|${level}`;
    let highlight = this.styles.get(key);
    if (!highlight) {
      const css = bar
        ? `background-color: ${p.background};`
        : `background-color: ${p.background}; text-decoration-line: ${LEVEL_LINES[level % 4]}; text-decoration-color: ${p.underline}; ` +
          `text-decoration-style: ${p.pending ? "dashed" : line}; text-decoration-thickness: 2px;`;
      highlight = this.register(String(this.styles.size), css, level);
      this.styles.set(key, highlight);
    }
    return highlight;
  }

  private point(codePoint: number): [Node, number] {
    const [line, offset] = this.positions.lineOffset(codePoint);
    const paragraph = this.root.children[line];
    const text = paragraph?.firstChild;
    if (text && text.nodeType === Node.TEXT_NODE) return [text, Math.min(offset, (text as Text).length)];
    return [paragraph ?? this.root, 0];
  }

  /** The lines from one screen above the viewport to one screen below it. */
  private visibleLines(): { from: number; to: number } {
    return this.linesBetween(-window.innerHeight, 2 * window.innerHeight);
  }

  /** The lines between two heights of the viewport (binary search on the paragraphs). */
  private linesBetween(top: number, bottom: number): { from: number; to: number } {
    const paragraphs = this.root.children;
    const n = paragraphs.length;
    if (!n) return { from: 0, to: -1 };
    const from = firstParagraph(paragraphs, (p) => p.getBoundingClientRect().bottom >= top);
    const to = firstParagraph(paragraphs, (p) => p.getBoundingClientRect().top > bottom) - 1;
    return { from: Math.min(from, n - 1), to: Math.max(to, Math.min(from, n - 1)) };
  }

  private inWindow(s: Span) {
    return !!this.window && hasLineIn(s, this.window);
  }

  private attach(id: string, s: Span) {
    const [startContainer, startOffset] = this.point(s.paint.start);
    const [endContainer, endOffset] = this.point(s.paint.end);
    const range: PaintedRange = new StaticRange({ startContainer, startOffset, endContainer, endOffset });
    range.annotationId = id;
    range.title = s.paint.title;
    s.range = range;
    s.highlights = [this.highlightFor(s.paint, this.levels.spans.get(id)?.level ?? 0), ...(s.paint.selected ? [this.selected] : []), ...(s.paint.flash ? [this.flash] : [])];
    for (const h of s.highlights) h.add(range);
  }

  private detach(s: Span) {
    if (s.range) for (const h of s.highlights) h.delete(s.range);
    s.range = undefined;
    s.highlights = [];
  }

  private index(id: string, s: Span, add: boolean) {
    for (let line = s.firstLine; line <= s.lastLine; line++) {
      let ids = this.byLine.get(line);
      if (add) {
        if (!ids) this.byLine.set(line, (ids = new Set()));
        ids.add(id);
      } else {
        ids?.delete(id);
      }
    }
  }

  private *onLines(p: { start: number; end: number }): Iterable<string> {
    const last = this.positions.lineOffset(p.end)[0];
    for (let line = this.positions.lineOffset(p.start)[0]; line <= last; line++) yield* this.byLine.get(line) ?? [];
  }

  private forget(id: string) {
    this.offScreen.delete(id);
    const s = this.spans.get(id);
    if (!s) return;
    this.detach(s);
    this.index(id, s, false);
    this.spans.delete(id);
  }

  private moveWindow() {
    const old = this.window;
    const next = this.visibleLines();
    // The screen moved: the spans waiting off it that are on it now are drawn in this frame.
    if (this.offScreen.size) {
      const screen = this.linesBetween(0, window.innerHeight);
      for (const id of this.offScreen) {
        const s = this.spans.get(id);
        if (s && hasLineIn(s, screen)) this.dirty.add(id);
      }
    }
    if (old && old.from === next.from && old.to === next.to) {
      if (this.dirty.size && !this.drawFrame) this.draw();
      return;
    }
    this.window = next;
    // The bars are placed in the text's own coordinates, so scrolling does not move them: only the
    // spans entering or leaving the window are drawn or taken away (the first window draws all).
    if (!old) this.scheduleDraw(true);
    if (old) {
      for (let line = old.from; line <= old.to; line++) {
        if (line >= next.from && line <= next.to) continue;
        for (const id of this.byLine.get(line) ?? []) {
          const s = this.spans.get(id)!;
          if (s.range && !this.inWindow(s)) {
            this.detach(s);
            this.dirty.add(id);
            this.offScreen.delete(id);
          }
        }
      }
    }
    for (let line = next.from; line <= next.to; line++) {
      for (const id of this.byLine.get(line) ?? []) {
        const s = this.spans.get(id)!;
        if (!s.range) {
          this.attach(id, s);
          this.dirty.add(id);
        }
      }
    }
    if (this.dirty.size) this.scheduleDraw(false);
  }

  apply(upsert: Paint[], remove: string[]) {
    const change: PaintChange = { added: [], changed: [], removed: [] };
    for (const id of remove) {
      if (!this.spans.has(id)) continue;
      this.forget(id);
      this.levels.remove(id);
      change.removed.push(id);
    }
    // Spans that overlap share a line: a change looks at the spans on its own lines, not at all of them.
    const relevelled = this.levels.place(upsert, (p) => this.onLines(p));
    const todo = [...upsert, ...relevelled.map((id) => this.spans.get(id)?.paint).filter((p): p is Paint => !!p)];
    // The styles this change needs before the window is measured: a rule added to the page's style
    // sheet restyles every paragraph at the next layout (`::highlight()` matches any element), so
    // rules added after the first measurement restyled the whole text a second time at the open
    // (24 ms of 1,583 elements in a trace; about four times that on a slow laptop).
    for (const p of todo) this.highlightFor(p, this.levels.spans.get(p.id)?.level ?? 0);
    this.window ??= this.visibleLines();
    for (const p of todo) {
      (this.spans.has(p.id) ? change.changed : change.added).push(p.id);
      this.forget(p.id);
      const s: Span = { paint: p, firstLine: this.positions.lineOffset(p.start)[0], lastLine: this.positions.lineOffset(p.end)[0], highlights: [] };
      this.spans.set(p.id, s);
      this.index(p.id, s, true);
      if (this.inWindow(s)) this.attach(p.id, s);
    }
    for (const id of [...change.added, ...change.changed, ...change.removed]) this.dirty.add(id);
    if (change.added.length || change.changed.length || change.removed.length) this.scheduleDraw(false);
    announce(this.root, change);
  }

  destroy() {
    window.removeEventListener("scroll", this.onMove, { capture: true });
    window.removeEventListener("resize", this.onMove);
    cancelAnimationFrame(this.frame);
    cancelAnimationFrame(this.drawFrame);
    this.cancelIdleDraw?.();
    this.resized.disconnect();
    this.overlay?.replaceChildren();
    this.root.style.lineHeight = "";
    for (const name of [...CSS.highlights.keys()]) if (name.startsWith(this.prefix)) CSS.highlights.delete(name);
    this.style.remove();
    this.spans.clear();
    this.byLine.clear();
  }
}

/** Fallback: one ProseMirror decoration (an element) per span, nested by level. */
class DecorationPainter implements Painter {
  readonly levels = new LevelIndex();
  private readonly painted = new Map<string, Paint>();

  constructor(readonly view: EditorView, private readonly positions: EditorPositions) {}

  private toView(p: Paint): SpanView {
    return {
      id: p.id, from: this.positions.toPos(p.start), to: this.positions.toPos(p.end), background: p.background, underline: p.underline,
      pending: p.pending, selected: p.selected, flash: p.flash, title: p.title, level: this.levels.spans.get(p.id)?.level ?? 0,
    };
  }

  apply(upsert: Paint[], remove: string[]) {
    const change: PaintChange = { added: [], changed: [], removed: [] };
    const gone = remove.filter((id) => this.painted.delete(id));
    for (const id of gone) this.levels.remove(id);
    change.removed = gone;
    const relevelled = this.levels.place(upsert);
    const todo = [...upsert, ...relevelled.map((id) => this.painted.get(id)).filter((p): p is Paint => !!p)];
    for (const p of todo) {
      (this.painted.has(p.id) ? change.changed : change.added).push(p.id);
      this.painted.set(p.id, p);
    }
    if (todo.length || gone.length) {
      const meta: AnnotationMeta = { upsert: todo.map((p) => this.toView(p)), remove: gone };
      this.view.dispatch(this.view.state.tr.setMeta(annotationPluginKey, meta));
    }
    announce(this.view.dom, change);
  }

  // No overlay here: the decorations draw their own underline (a box-shadow), and no arcs.
  setOverlay() {}

  boxes() {
    return undefined;
  }

  chipBoxes() {
    return [];
  }

  destroy() {
    this.painted.clear();
  }
}

export const supportsHighlights = () => typeof CSS !== "undefined" && "highlights" in CSS && typeof Highlight !== "undefined";

export function createPainter(view: EditorView, positions: EditorPositions): Painter {
  return supportsHighlights() ? new HighlightPainter(view, positions) : new DecorationPainter(view, positions);
}
