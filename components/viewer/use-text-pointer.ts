"use client";
import { useRef, type MutableRefObject } from "react";
import type { Editor } from "@tiptap/react";
import type { EditorPositions } from "@/lib/anchoring/editor-positions";
import type { Painter } from "@/components/viewer/highlight-painter";

/**
 * Highlights are not elements: a click or hover over the text finds the spans under the pointer by
 * offset (the painter's levels). A click on an annotation selects it; hovering names every span
 * there in the text's tooltip and shows a pointer over annotations (hover work once per frame).
 */
export function useTextPointer({ editor, painter, positions, isAnnotation, onSelect }: {
  editor: Editor | null;
  painter: MutableRefObject<Painter | null>;
  positions: EditorPositions;
  isAnnotation: (id: string) => boolean;
  onSelect: (id: string) => void;
}) {
  const hoverFrame = useRef(0);
  const annotationsAt = (event: React.MouseEvent): string[] => {
    if (!editor || !painter.current || !editor.view.dom.contains(event.target as Node)) return [];
    const hit = editor.view.posAtCoords({ left: event.clientX, top: event.clientY });
    if (!hit) return [];
    return painter.current.levels.at(positions.toCodePoint(hit.pos)).filter((id) => !id.startsWith("disagreement-") && !id.startsWith("suggestion-"));
  };
  const onTextClick = (event: React.MouseEvent) => {
    if (!(window.getSelection()?.isCollapsed ?? true)) return;
    const [id] = annotationsAt(event);
    if (id) onSelect(id);
  };
  const onTextHover = (event: React.MouseEvent) => {
    const target = event.currentTarget as HTMLElement;
    const { clientX, clientY } = event;
    cancelAnimationFrame(hoverFrame.current);
    hoverFrame.current = requestAnimationFrame(() => {
      if (!editor || !painter.current) return;
      const hit = editor.view.posAtCoords({ left: clientX, top: clientY });
      const ids = hit ? painter.current.levels.at(positions.toCodePoint(hit.pos)) : [];
      const title = ids.map((id) => painter.current!.levels.spans.get(id)?.title).join("\n");
      if (target.title !== title) target.title = title;
      target.style.cursor = ids.some(isAnnotation) ? "pointer" : "";
    });
  };
  return { onTextClick, onTextHover };
}
