"use client";
import { useCallback, useEffect, useLayoutEffect, useRef } from "react";
import type { Editor } from "@tiptap/react";
import type { EditorPositions } from "@/lib/anchoring/editor-positions";
import { createPainter, type Painter, type Paint } from "@/components/viewer/highlight-painter";
import { GOLD, type ColorBy } from "@/components/viewer/layers-panel";
import { LOW_AGREEMENT, translucent, type ViewerLabel } from "@/components/viewer/viewer-types";
import type { ShownAnnotation } from "@/components/viewer/use-annotation-sync";
import type { AnnotationStore } from "@/lib/client/annotation-store";
import type { ViewerSuggestion } from "@/components/viewer/suggestion-panel";
import type { ViewerProposal } from "@/components/viewer/proposal-panel";

export type PaintInput = {
  editor: Editor | null;
  positions: EditorPositions;
  /** The annotations: the painter listens to the store itself and paints each change in the task that made it. */
  store: AnnotationStore;
  /** Whether an annotation's layer is shown; a new function when the shown layers change. */
  inShownLayer: (a: ShownAnnotation) => boolean;
  labelById: Map<string, ViewerLabel>;
  colors: Map<string, { tone: string; tint: string }>;
  colorBy: ColorBy;
  memberNames: Map<string, string>;
  selectedId: string | null;
  flashId: string | null;
  disagreements: { start: number; end: number; agreement: number }[];
  suggestions: ViewerSuggestion[];
  proposals: ViewerProposal[];
  me: string;
  /** The element over the text that holds the underlines, chips and arcs (text-overlay.tsx). */
  overlay: HTMLElement | null;
  /** Label chips at every span's start (the selected span always has one). */
  chips: boolean;
};

type Painted = {
  look: unknown[];
  version: number;
  /** The annotation objects painted, by id (immutable: identity tells what changed). */
  spans: Map<string, ShownAnnotation>;
  /** Low agreement, suggestions and proposals painted, by id, with what they show. */
  marks: Map<string, string>;
  /** The proposals by the span they propose (`start:end`), for telling which a change of one annotation hides or shows. */
  proposalsAt: Map<string, ViewerProposal[]>;
  marked: (string | null)[];
  markInputs: unknown[];
};

/** Whether `sorted` (text order) holds an annotation by `me` in a shown layer with this label exactly on this span. */
function hasOwnSpan(sorted: readonly ShownAnnotation[], shownLayer: (a: ShownAnnotation) => boolean, me: string, labelId: string, start: number, end: number): boolean {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid].start < start) lo = mid + 1;
    else hi = mid;
  }
  for (let i = lo; i < sorted.length && sorted[i].start === start; i++) {
    const a = sorted[i];
    if (a.end === end && a.labelId === labelId && a.authorId === me && shownLayer(a)) return true;
  }
  return false;
}

/**
 * Keeps the painted highlights in step with the annotations, per change. The painter listens to
 * the annotation store and paints a change synchronously where it is made (the keypress, the
 * server's answer), before React renders anything: only the annotations that changed since the
 * last paint (the store's change log) are looked at and painted again — no pass over every span,
 * no sort or re-levelling, and of the proposals only those on the changed spans. A change of
 * colours, layers, selection or marks is painted in a layout effect; colours, layers or the log
 * being too far behind compare every span once. Returns the painter, whose levels answer "which
 * spans are at this offset" for clicks and hovers.
 */
export function useHighlightPaint(input: PaintInput) {
  const { editor, store, positions, inShownLayer, labelById, colors, colorBy, memberNames, selectedId, flashId, disagreements, suggestions, proposals, me, overlay, chips } = input;
  const painter = useRef<Painter | null>(null);
  const painted = useRef<Painted | null>(null);
  // What the last render asked for; the store's listener paints with it between renders.
  const asked = useRef(input);

  const paint = useCallback(() => {
    const { editor, store, positions, inShownLayer, labelById, colors, colorBy, memberNames, selectedId, flashId, disagreements, suggestions, proposals, me, overlay, chips } = asked.current;
    if (!editor) return;
    const shown = store.shown;
    // The painter belongs to one editor view and is replaced with it.
    if (!painter.current || painter.current.view !== editor.view) {
      painter.current?.destroy();
      painter.current = createPainter(editor.view, positions);
      painted.current = null;
    }
    painter.current.setOverlay(overlay, chips);
    const look = [labelById, colors, colorBy, memberNames, positions, inShownLayer];
    const prev = painted.current;
    const restyled = !prev || prev.look.some((v, i) => v !== look[i]);
    const changed = prev && !restyled ? shown.changedSince(prev.version) : null;
    // The selected and flashing spans, and those that were: painted again when either moved.
    const markedMoved = !prev || prev.marked[0] !== selectedId || prev.marked[1] !== flashId;
    const marked = new Set(markedMoved ? [selectedId, flashId, ...(prev?.marked ?? [])] : []);
    const upsert: Paint[] = [];
    const remove: string[] = [];

    const paintOf = (a: ShownAnnotation): Paint => {
      const label = labelById.get(a.labelId);
      const layer = a.gold ? GOLD : (colors.get(a.authorId) ?? { tone: "#334155", tint: "#cbd5e1" });
      return {
        id: a.id,
        start: a.start,
        end: a.end,
        background: translucent(colorBy === "label" ? (label?.color ?? "#cbd5e1") : layer.tint),
        underline: layer.tone,
        pending: a.pending,
        selected: a.id === selectedId,
        flash: a.id === flashId,
        title: `${label?.name ?? "?"} · ${a.gold ? "gold layer" : (memberNames.get(a.authorId) ?? "someone")}`,
        label: label?.name ?? "?",
      };
    };

    // Annotations: all of them when the look changed (or the log is too far behind), else the changed and (de)selected ones.
    let spans: Map<string, ShownAnnotation>;
    /** The spans (before and after) of the annotations changed here: proposals there may be shown or hidden now. */
    const touched: { start: number; end: number }[] = [];
    if (changed === null) {
      spans = new Map();
      for (const a of shown.sortedNow()) {
        if (!inShownLayer(a)) continue;
        spans.set(a.id, a);
        if (restyled || prev!.spans.get(a.id) !== a || marked.has(a.id)) upsert.push(paintOf(a));
      }
      if (prev) for (const id of prev.spans.keys()) if (!spans.has(id)) remove.push(id);
    } else {
      spans = prev!.spans;
      for (const id of new Set([...changed, ...marked])) {
        if (!id) continue;
        const a = shown.get(id);
        const old = spans.get(id);
        if (old && old !== a) touched.push(old);
        if (a && inShownLayer(a)) {
          if (old !== a) touched.push(a);
          if (old !== a || marked.has(id)) upsert.push(paintOf(a));
          spans.set(id, a);
        } else if (spans.delete(id)) remove.push(id);
      }
    }

    // Marks that are fetched again as new objects (suggestions, proposals after each change) are
    // compared by what they show, so a reload that brings the same ones repaints nothing.
    const markInputs = [disagreements, suggestions, proposals];
    // Unchanged inputs and the annotations painted per change: the marks stay, but for the proposals on the changed spans.
    const marksKept = !restyled && !!prev && changed !== null && prev.markInputs.every((v, i) => v === markInputs[i]);
    const marks = marksKept ? prev!.marks : new Map<string, string>();
    const sorted = shown.sortedNow();
    const mark = (id: string, shows: string, start: number, end: number, underline: string, lineStyle: "wavy" | "dotted", title: string) => {
      // Read before the set: while the marks are kept, `marks` is the previous paint's own map.
      const before = prev?.marks.get(id);
      marks.set(id, shows);
      if (restyled || before !== shows) upsert.push({ id, start, end, background: "transparent", underline, lineStyle, pending: false, selected: false, flash: false, title });
    };
    // Recommenders' proposals: the same dotted grey, named as a proposal, never as anyone's work.
    // A proposal fetched before the person's own annotation of that span reached the server is not shown twice.
    const markProposal = (pr: ViewerProposal) => {
      const id = `proposal-${pr.id}`;
      if (hasOwnSpan(sorted, inShownLayer, me, pr.labelId, pr.start, pr.end)) {
        if (marksKept && marks.delete(id)) remove.push(id);
        return;
      }
      mark(id, `${pr.start}:${pr.end}:${pr.labelId}:${pr.recommender}`, pr.start, pr.end, "#64748b", "dotted", `Proposed: ${labelById.get(pr.labelId)?.name ?? "?"} (${pr.recommender}; accept or reject beside the text)`);
    };
    let proposalsAt = prev?.proposalsAt ?? new Map<string, ViewerProposal[]>();
    if (marksKept) {
      const seen = new Set<string>();
      for (const span of touched) {
        const key = `${span.start}:${span.end}`;
        if (seen.has(key)) continue;
        seen.add(key);
        for (const pr of proposalsAt.get(key) ?? []) markProposal(pr);
      }
    } else {
      disagreements.forEach((d, i) => mark(`disagreement-${i}`, `${d.start}:${d.end}:${d.agreement}`, d.start, d.end, LOW_AGREEMENT, "wavy", `Low agreement (${Math.round(d.agreement * 100)}% of pairs agree)`));
      // Suggestions: a grey dotted underline, nobody's highlight until accepted.
      for (const sg of suggestions) mark(`suggestion-${sg.id}`, `${sg.start}:${sg.end}:${sg.item.name}`, sg.start, sg.end, "#64748b", "dotted", `Suggestion: ${sg.item.name} (accept or reject beside the text)`);
      if (!prev || prev.markInputs[2] !== proposals) {
        proposalsAt = new Map();
        for (const pr of proposals) {
          const key = `${pr.start}:${pr.end}`;
          (proposalsAt.get(key) ?? proposalsAt.set(key, []).get(key)!).push(pr);
        }
      }
      for (const pr of proposals) markProposal(pr);
      if (prev) for (const id of prev.marks.keys()) if (!marks.has(id)) remove.push(id);
    }

    painted.current = { look, version: shown.version, spans, marks, proposalsAt, marked: [selectedId, flashId], markInputs };
    if (upsert.length || remove.length) painter.current.apply(upsert, remove);
  }, []);

  useLayoutEffect(() => {
    asked.current = input;
    paint();
    // `input` itself is a new object each render; these are what it holds.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [paint, editor, store, inShownLayer, labelById, colors, colorBy, selectedId, flashId, positions, memberNames, disagreements, suggestions, proposals, me, overlay, chips]);
  // Every change of the annotations, painted as it is made.
  useLayoutEffect(() => store.subscribe(paint), [store, paint]);
  // Unmounting removes the highlights.
  useEffect(
    () => () => {
      painter.current?.destroy();
      painter.current = null;
      painted.current = null;
    },
    [],
  );
  return painter;
}
