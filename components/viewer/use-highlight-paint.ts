"use client";
import { useEffect, useLayoutEffect, useRef } from "react";
import type { Editor } from "@tiptap/react";
import type { EditorPositions } from "@/lib/anchoring/editor-positions";
import { createPainter, type Painter, type Paint } from "@/components/viewer/highlight-painter";
import { GOLD, type ColorBy } from "@/components/viewer/layers-panel";
import { LOW_AGREEMENT, translucent, type ViewerLabel } from "@/components/viewer/viewer-types";
import type { ShownAnnotation } from "@/components/viewer/use-annotation-sync";
import type { ViewerSuggestion } from "@/components/viewer/suggestion-panel";
import type { ViewerProposal } from "@/components/viewer/proposal-panel";

export type PaintInput = {
  editor: Editor | null;
  positions: EditorPositions;
  /** The annotations of the shown layers, in text order (shown-annotations.ts). */
  visible: ShownAnnotation[];
  /** What is shown, per version: which annotations changed since a version, and each by id. */
  shown: { version: number; changedSince(version: number): string[] | null; map(): ReadonlyMap<string, ShownAnnotation> };
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
  marked: (string | null)[];
  markInputs: unknown[];
};

/** Whether `sorted` (text order) holds an annotation by `me` with this label exactly on this span. */
function hasOwnSpan(sorted: ShownAnnotation[], me: string, labelId: string, start: number, end: number): boolean {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid].start < start) lo = mid + 1;
    else hi = mid;
  }
  for (let i = lo; i < sorted.length && sorted[i].start === start; i++) {
    const a = sorted[i];
    if (a.end === end && a.labelId === labelId && a.authorId === me) return true;
  }
  return false;
}

/**
 * Keeps the painted highlights in step with the annotations, per change: only the annotations
 * that changed since the last paint (the shown annotations' change log), and the selection and
 * flash, are looked at and painted again — no pass over every span, no sort or re-levelling. A
 * change of colours, layers or the log being too far behind compares every span once. A layout
 * effect, so a new highlight is in the same frame as the state change that made it. Returns the
 * painter, whose levels answer "which spans are at this offset" for clicks and hovers.
 */
export function useHighlightPaint(input: PaintInput) {
  const { editor, positions, visible, shown, inShownLayer, labelById, colors, colorBy, memberNames, selectedId, flashId, disagreements, suggestions, proposals, me, overlay, chips } = input;
  const painter = useRef<Painter | null>(null);
  const painted = useRef<Painted | null>(null);
  const version = shown.version;
  useLayoutEffect(() => {
    if (!editor) return;
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
    const marked = new Set([selectedId, flashId, ...(prev?.marked ?? [])]);
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
    if (changed === null) {
      spans = new Map();
      for (const a of visible) {
        spans.set(a.id, a);
        if (restyled || prev!.spans.get(a.id) !== a || marked.has(a.id)) upsert.push(paintOf(a));
      }
      if (prev) for (const id of prev.spans.keys()) if (!spans.has(id)) remove.push(id);
    } else {
      spans = prev!.spans;
      const current = shown.map();
      for (const id of new Set([...changed, ...marked])) {
        if (!id) continue;
        const a = current.get(id);
        if (a && inShownLayer(a)) {
          if (spans.get(id) !== a || marked.has(id)) upsert.push(paintOf(a));
          spans.set(id, a);
        } else if (spans.delete(id)) remove.push(id);
      }
    }

    // Marks that are fetched again as new objects (suggestions, proposals after each change) are
    // compared by what they show, so a reload that brings the same ones repaints nothing.
    const markInputs = [disagreements, suggestions, proposals];
    // Unchanged inputs and no annotation changed (a selection moved): the marks stay as painted.
    const marksKept = !restyled && !!prev && changed !== null && changed.length === 0 && prev.markInputs.every((v, i) => v === markInputs[i]);
    const marks = marksKept ? prev!.marks : new Map<string, string>();
    const mark = (id: string, shows: string, start: number, end: number, underline: string, lineStyle: "wavy" | "dotted", title: string) => {
      marks.set(id, shows);
      if (restyled || prev?.marks.get(id) !== shows) upsert.push({ id, start, end, background: "transparent", underline, lineStyle, pending: false, selected: false, flash: false, title });
    };
    if (!marksKept) disagreements.forEach((d, i) => mark(`disagreement-${i}`, `${d.start}:${d.end}:${d.agreement}`, d.start, d.end, LOW_AGREEMENT, "wavy", `Low agreement (${Math.round(d.agreement * 100)}% of pairs agree)`));
    // Suggestions: a grey dotted underline, nobody's highlight until accepted.
    if (!marksKept) for (const sg of suggestions) mark(`suggestion-${sg.id}`, `${sg.start}:${sg.end}:${sg.item.name}`, sg.start, sg.end, "#64748b", "dotted", `Suggestion: ${sg.item.name} (accept or reject beside the text)`);
    // Recommenders' proposals: the same dotted grey, named as a proposal, never as anyone's work.
    // A proposal fetched before the person's own annotation of that span reached the server is not shown twice.
    if (!marksKept) for (const pr of proposals) {
      if (hasOwnSpan(visible, me, pr.labelId, pr.start, pr.end)) continue;
      mark(`proposal-${pr.id}`, `${pr.start}:${pr.end}:${pr.labelId}:${pr.recommender}`, pr.start, pr.end, "#64748b", "dotted", `Proposed: ${labelById.get(pr.labelId)?.name ?? "?"} (${pr.recommender}; accept or reject beside the text)`);
    }
    if (prev && !marksKept) for (const id of prev.marks.keys()) if (!marks.has(id)) remove.push(id);

    painted.current = { look, version, spans, marks, marked: [selectedId, flashId], markInputs };
    if (upsert.length || remove.length) painter.current.apply(upsert, remove);
  }, [editor, visible, shown, version, inShownLayer, labelById, colors, colorBy, selectedId, flashId, positions, memberNames, disagreements, suggestions, proposals, me, overlay, chips]);
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
