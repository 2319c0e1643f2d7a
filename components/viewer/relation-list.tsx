"use client";
import { useHighlightedRelation, type RelationHighlight } from "@/components/viewer/relation-highlight";
import type { AnnotationStore } from "@/lib/client/annotation-store";
import { readMap, useStoreAfterChange } from "@/components/viewer/use-annotation-store";
import type { ViewerRelation, ViewerRelationType } from "@/components/viewer/use-document-relations";
import { shortQuote } from "@/components/viewer/viewer-types";

const short = (s: string) => shortQuote(s, 30);

type Props = {
  relations: ViewerRelation[];
  /** The annotations: the list follows their changes after the change's frame. */
  store: AnnotationStore;
  types: ViewerRelationType[];
  onPick: (id: string) => void;
  /** The relation hovered or focused here or on its arc over the text: both show it. */
  highlight: RelationHighlight;
};

/** Every typed relation of the document beside the text: "Kim Jong Un —member of→ WPK"; a click opens its source. */
export function RelationList({ relations, store, types, onPick, highlight }: Props) {
  const annotations = useStoreAfterChange(store, readMap);
  const highlighted = useHighlightedRelation(highlight);
  const onHighlight = highlight.set;
  const shown = relations.filter((r) => annotations.has(r.fromId) && annotations.has(r.toId));
  return (
    <section aria-labelledby="relation-list-heading" className="space-y-1 text-sm">
      <h2 id="relation-list-heading" className="font-semibold">Relations ({shown.length})</h2>
      {shown.length === 0 ? <p className="text-xs text-slate-600">Select an annotation and press Alt+R to link it to another.</p> : null}
      <ul className="space-y-1" aria-label="Relations in this document">
        {shown.map((r) => (
          <li key={r.id} data-relation-id={r.id} data-highlighted={highlighted === r.id} className={highlighted === r.id ? "rounded bg-blue-50 ring-1 ring-blue-700" : undefined}>
            <button
              type="button"
              className="text-left hover:underline"
              onClick={() => onPick(r.fromId)}
              onMouseEnter={() => onHighlight(r.id)}
              onMouseLeave={() => onHighlight(null)}
              onFocus={() => onHighlight(r.id)}
              onBlur={() => onHighlight(null)}
            >
              “{short(annotations.get(r.fromId)!.exact)}” <span className="text-slate-600">—{types.find((t) => t.id === r.typeId)?.name}→</span> “{short(annotations.get(r.toId)!.exact)}”
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
