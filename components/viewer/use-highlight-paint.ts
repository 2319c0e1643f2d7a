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
  /** The annotations of the shown layers, sorted by start. */
  visible: ShownAnnotation[];
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

/**
 * Keeps the painted highlights in step with the annotations, incrementally: only spans whose
 * source object (or selection, flash) changed are painted again — no sort or re-levelling of every
 * span. The annotation objects are immutable, so identity tells what changed. A layout effect, so
 * a new highlight is in the same frame as the state change that made it. Returns the painter, whose
 * levels answer "which spans are at this offset" for clicks and hovers.
 */
export function useHighlightPaint(input: PaintInput) {
  const { editor, positions, visible, labelById, colors, colorBy, memberNames, selectedId, flashId, disagreements, suggestions, proposals, me, overlay, chips } = input;
  const painter = useRef<Painter | null>(null);
  const painted = useRef<{ look: unknown[]; sources: Map<string, unknown>; marked: (string | null)[] } | null>(null);
  useLayoutEffect(() => {
    if (!editor) return;
    // The painter belongs to one editor view and is replaced with it.
    if (!painter.current || painter.current.view !== editor.view) {
      painter.current?.destroy();
      painter.current = createPainter(editor.view, positions);
      painted.current = null;
    }
    painter.current.setOverlay(overlay, chips);
    const look = [labelById, colors, colorBy, memberNames, positions];
    const prev = painted.current;
    const full = !prev || prev.look.some((v, i) => v !== look[i]);
    const marked = new Set([selectedId, flashId, ...(prev?.marked ?? [])]);
    const sources = new Map<string, unknown>();
    const upsert: Paint[] = [];
    const needs = (id: string, source: unknown) => {
      sources.set(id, source);
      return full || prev!.sources.get(id) !== source || marked.has(id);
    };
    const mark = (id: string, start: number, end: number, underline: string, lineStyle: "wavy" | "dotted", title: string) =>
      upsert.push({ id, start, end, background: "transparent", underline, lineStyle, pending: false, selected: false, flash: false, title });
    // Marks that are fetched again as new objects (suggestions, proposals after each change) are
    // compared by what they show, so a reload that brings the same ones repaints nothing.
    disagreements.forEach((d, i) => {
      const id = `disagreement-${i}`;
      if (needs(id, `${d.start}:${d.end}:${d.agreement}`)) mark(id, d.start, d.end, LOW_AGREEMENT, "wavy", `Low agreement (${Math.round(d.agreement * 100)}% of pairs agree)`);
    });
    // Suggestions: a grey dotted underline, nobody's highlight until accepted.
    for (const sg of suggestions) {
      const id = `suggestion-${sg.id}`;
      if (needs(id, `${sg.start}:${sg.end}:${sg.item.name}`)) mark(id, sg.start, sg.end, "#64748b", "dotted", `Suggestion: ${sg.item.name} (accept or reject beside the text)`);
    }
    // Recommenders' proposals: the same dotted grey, named as a proposal, never as anyone's work.
    // A proposal fetched before the person's own annotation of that span reached the server is not shown twice.
    const mine = new Set(visible.filter((a) => a.authorId === me).map((a) => `${a.labelId}:${a.start}:${a.end}`));
    for (const pr of proposals) {
      const id = `proposal-${pr.id}`;
      if (mine.has(`${pr.labelId}:${pr.start}:${pr.end}`)) continue;
      if (needs(id, `${pr.start}:${pr.end}:${pr.labelId}:${pr.recommender}`)) mark(id, pr.start, pr.end, "#64748b", "dotted", `Proposed: ${labelById.get(pr.labelId)?.name ?? "?"} (${pr.recommender}; accept or reject beside the text)`);
    }
    for (const a of visible) {
      if (!needs(a.id, a)) continue;
      const label = labelById.get(a.labelId);
      const layer = a.gold ? GOLD : (colors.get(a.authorId) ?? { tone: "#334155", tint: "#cbd5e1" });
      upsert.push({
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
      });
    }
    const remove = prev ? [...prev.sources.keys()].filter((id) => !sources.has(id)) : [];
    painted.current = { look, sources, marked: [selectedId, flashId] };
    if (upsert.length || remove.length) painter.current.apply(upsert, remove);
  }, [editor, visible, labelById, colors, colorBy, selectedId, flashId, positions, memberNames, disagreements, suggestions, proposals, me, overlay, chips]);
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
