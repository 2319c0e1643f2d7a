"use client";
// What is drawn over the text besides the highlights: the stacked underlines and label chips (drawn
// by the painter into the host element, no React per span) and the relations as labelled arcs
// between the spans near the viewport, as brat and INCEpTION draw them. The list of relations
// beside the text stays: it is what screen readers and long documents use.
import { useEffect, useState, type RefObject } from "react";
import type { Painter, SpanBox } from "@/components/viewer/highlight-painter";
import type { ShownAnnotation } from "@/components/viewer/use-annotation-sync";
import type { ViewerRelation, ViewerRelationType } from "@/components/viewer/use-document-relations";
import { shortQuote } from "@/components/viewer/viewer-types";

type Props = {
  painter: RefObject<Painter | null>;
  onHost: (host: HTMLDivElement | null) => void;
  host: HTMLDivElement | null;
  relations: ViewerRelation[];
  types: ViewerRelationType[];
  annotations: ReadonlyMap<string, ShownAnnotation>;
  /** Selecting an arc opens its source annotation (whose details list the relation). */
  onPick: (annotationId: string) => void;
};

type Arc = { relation: ViewerRelation; name: string; from: SpanBox; to: SpanBox; label: string };

const centre = (b: SpanBox) => (b.left + b.right) / 2;

/** An arc from the top of one span to the top of the other, higher the further apart they are. */
export function arcPath(from: SpanBox, to: SpanBox): { d: string; apex: { x: number; y: number } } {
  const [x1, y1, x2, y2] = [centre(from), from.top, centre(to), to.top];
  const lift = 14 + Math.min(36, Math.abs(x2 - x1) / 8 + Math.abs(y2 - y1) / 4);
  const top = Math.min(y1, y2) - lift;
  return { d: `M ${x1} ${y1} C ${x1} ${top}, ${x2} ${top}, ${x2} ${y2}`, apex: { x: (x1 + x2) / 2, y: top + lift * 0.25 } };
}

export function TextOverlay({ painter, onHost, host, relations, types, annotations, onPick }: Props) {
  // The painter announces each drawing; the arcs follow the boxes it drew.
  const [drawing, setDrawing] = useState(0);
  const [chosen, setChosen] = useState<string | null>(null);
  useEffect(() => {
    if (!host) return;
    const redraw = () => setDrawing((n) => n + 1);
    host.addEventListener("overlaychange", redraw);
    return () => host.removeEventListener("overlaychange", redraw);
  }, [host]);

  const arcs: Arc[] = [];
  if (drawing && painter.current) {
    for (const relation of relations) {
      const from = painter.current.boxes(relation.fromId)?.[0];
      const to = painter.current.boxes(relation.toId)?.[0];
      const a = annotations.get(relation.fromId);
      const b = annotations.get(relation.toId);
      if (!from || !to || !a || !b) continue;
      const name = types.find((t) => t.id === relation.typeId)?.name ?? "relation";
      arcs.push({ relation, name, from, to, label: `Relation ${name}: “${shortQuote(a.exact, 30)}” → “${shortQuote(b.exact, 30)}”` });
    }
  }
  const select = (arc: Arc) => {
    setChosen(arc.relation.id);
    onPick(arc.relation.fromId);
  };

  return (
    <>
      <div ref={onHost} className="pointer-events-none absolute inset-0" data-testid="span-underlines" aria-hidden />
      {arcs.length ? (
        <svg className="pointer-events-none absolute inset-0 h-full w-full overflow-visible" data-testid="relation-arcs" role="group" aria-label="Relations drawn over the text">
          <defs>
            <marker id="relation-arrow" viewBox="0 0 8 8" refX="7" refY="4" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
              <path d="M0,0 L8,4 L0,8 z" fill="context-stroke" />
            </marker>
          </defs>
          {arcs.map((arc) => {
            const { d, apex } = arcPath(arc.from, arc.to);
            const on = chosen === arc.relation.id;
            const width = arc.name.length * 5.6 + 8;
            return (
              <g
                key={arc.relation.id}
                role="button"
                tabIndex={0}
                aria-label={arc.label}
                aria-pressed={on}
                data-relation-id={arc.relation.id}
                className="pointer-events-auto cursor-pointer outline-none [&:focus-visible_rect]:stroke-blue-700 [&:focus-visible_rect]:stroke-2"
                onClick={() => select(arc)}
                onKeyDown={(e) => {
                  if (e.key === "Enter" || e.key === " ") {
                    e.preventDefault();
                    select(arc);
                  }
                }}
              >
                <path d={d} fill="none" stroke="transparent" strokeWidth={10} />
                <path d={d} fill="none" stroke={on ? "#1d4ed8" : "#475569"} strokeWidth={on ? 2.5 : 1.5} markerEnd="url(#relation-arrow)" />
                <rect x={apex.x - width / 2} y={apex.y - 7} width={width} height={13} rx={3} fill={on ? "#1d4ed8" : "#ffffff"} stroke="#475569" strokeWidth={0.75} />
                <text x={apex.x} y={apex.y + 3} textAnchor="middle" fontSize={10} fill={on ? "#ffffff" : "#1e293b"}>
                  {arc.name}
                </text>
              </g>
            );
          })}
        </svg>
      ) : null}
    </>
  );
}
