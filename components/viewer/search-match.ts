// Opening a search hit (?at=<start>-<end>, code points) shows what is there: the match is painted
// (a CSS highlight over the unchanged text) and the annotation that covers most of it is selected,
// so its details are in the side panel. The text itself is not selected — a selection is the
// start of a new annotation and would open the label popover over the hit.
import type { EditorView } from "@tiptap/pm/view";
import type { EditorPositions } from "@/lib/anchoring/editor-positions";

type Span = { id: string; start: number; end: number };

/** The annotation overlapping [start, end) the most (the earlier one on a tie), or null. */
export function annotationAt(annotations: Iterable<Span>, start: number, end: number): string | null {
  let best: { id: string; overlap: number; start: number } | null = null;
  for (const a of annotations) {
    const overlap = Math.min(a.end, end) - Math.max(a.start, start);
    if (overlap <= 0) continue;
    if (!best || overlap > best.overlap || (overlap === best.overlap && a.start < best.start)) best = { id: a.id, overlap, start: a.start };
  }
  return best?.id ?? null;
}

const MATCH_HIGHLIGHT = "search-match";

/** Paints the match over the text (where the browser has the CSS Custom Highlight API). */
export function markSearchMatch(view: EditorView, positions: EditorPositions, start: number, end: number) {
  if (typeof CSS === "undefined" || !("highlights" in CSS)) return;
  try {
    const from = view.domAtPos(positions.toPos(start));
    const to = view.domAtPos(positions.toPos(end));
    // Static, as the annotations' ranges are (highlight-painter.ts): a live Range costs every DOM change.
    const highlight = new Highlight(new StaticRange({ startContainer: from.node, startOffset: from.offset, endContainer: to.node, endOffset: to.offset }));
    // Below the annotations' own highlights: where the match is tagged, the tag shows.
    highlight.priority = -1;
    CSS.highlights.set(MATCH_HIGHLIGHT, highlight);
  } catch {
    // Offsets outside this text (a stale link): nothing to paint.
  }
}
