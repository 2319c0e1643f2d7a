"use client";
import { useEffect, useRef } from "react";
import type { Editor } from "@tiptap/react";
import type { EditorPositions } from "@/lib/anchoring/editor-positions";
import { annotationAt, markSearchMatch } from "@/components/viewer/search-match";
import type { ShownAnnotation } from "@/components/viewer/use-annotation-sync";

/**
 * Where the page was opened to look, once the text is there: `?annotation=<id>` (from the review
 * queue) shows that annotation in context; `?at=<start>-<end>` (code points, from search) marks the
 * match and selects the annotation there, if any.
 */
export function useDeepLink({ editor, positions, annotations, pick, showOffset }: {
  editor: Editor | null;
  positions: EditorPositions;
  annotations: ReadonlyMap<string, ShownAnnotation>;
  pick: (id: string) => void;
  showOffset: (offset: number, behavior?: ScrollBehavior) => void;
}) {
  const done = useRef(false);
  useEffect(() => {
    if (!editor || done.current) return;
    done.current = true;
    const params = new URLSearchParams(window.location.search);
    const id = params.get("annotation");
    // After the first paint, so the highlight exists to scroll to.
    if (id && annotations.has(id)) requestAnimationFrame(() => pick(id));
    const at = /^(\d+)-(\d+)$/.exec(params.get("at") ?? "");
    const [start, end] = at ? [Number(at[1]), Number(at[2])] : [0, 0];
    if (at && start < end) {
      requestAnimationFrame(() => {
        markSearchMatch(editor.view, positions, start, end);
        const there = annotationAt(annotations.values(), start, end);
        if (there) pick(there);
        else showOffset(start, "auto");
      });
    }
  }, [editor, pick, annotations, positions, showOffset]);
}
