"use client";
// What is drawn over the text besides the highlights: the stacked underlines and label chips (drawn
// by the painter into the host element, no React per span) and the relations as labelled arcs
// between the spans near the viewport, as brat and INCEpTION draw them. The list of relations
// beside the text stays: it is what screen readers and long documents use. Hovering or focusing a
// relation, on the text or in that list, highlights it in both.
import { useEffect, useState, type RefObject } from "react";
import { useHighlightedRelation, type RelationHighlight } from "@/components/viewer/relation-highlight";
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
  /** The relation hovered or focused here or in the relation list. */
  highlight: RelationHighlight;
};

/** A label's box, top-left corner and size, in the overlay's coordinates. */
export type LabelBox = { x: number; y: number; width: number; height: number };
export type ArcInput = { id: string; from: SpanBox; to: SpanBox; labelWidth: number };
export type PlacedArc = { id: string; d: string; label: LabelBox };

export const LABEL_HEIGHT = 13;
/** Room kept free around each label, so two never touch. */
const LABEL_GAP = 2;

const centre = (b: SpanBox) => (b.left + b.right) / 2;

/**
 * An arc from the top of one span to the top of the other, higher the further apart they are, and
 * `raise` pixels higher still (to lift its label clear of others'). The apex is on the curve.
 */
export function arcPath(from: SpanBox, to: SpanBox, raise = 0): { d: string; apex: { x: number; y: number } } {
  const [x1, y1, x2, y2] = [centre(from), from.top, centre(to), to.top];
  // A cubic with both control points at `top` peaks at three quarters of the lift.
  const lift = 14 + Math.min(36, Math.abs(x2 - x1) / 8 + Math.abs(y2 - y1) / 4) + raise / 0.75;
  const top = Math.min(y1, y2) - lift;
  return { d: `M ${x1} ${y1} C ${x1} ${top}, ${x2} ${top}, ${x2} ${y2}`, apex: { x: (x1 + x2) / 2, y: top + lift * 0.25 } };
}

const overlap = (a: LabelBox, b: LabelBox) =>
  a.x < b.x + b.width + LABEL_GAP && b.x < a.x + a.width + LABEL_GAP && a.y < b.y + b.height + LABEL_GAP && b.y < a.y + a.height + LABEL_GAP;

/**
 * Places the arcs so that no two labels overlap: the shortest arcs first, at their own height; an
 * arc whose label would touch one already placed is raised a label's height at a time until it is
 * clear (brat stacks its arcs the same way). Each placed label blocks at most two such steps, so an
 * arc is raised at most twice the number of labels before it. Labels keep off `blocked` too (the
 * label chips on the text), which raise an arc the same way.
 */
export function layoutArcs(arcs: ArcInput[], blocked: readonly LabelBox[] = []): PlacedArc[] {
  const reach = (a: ArcInput) => Math.abs(centre(a.to) - centre(a.from)) + Math.abs(a.to.top - a.from.top);
  const order = [...arcs].sort((a, b) => reach(a) - reach(b) || centre(a.from) - centre(b.from) || (a.id < b.id ? -1 : 1));
  const placed: PlacedArc[] = [];
  for (const arc of order) {
    let raise = 0;
    for (;;) {
      const { d, apex } = arcPath(arc.from, arc.to, raise);
      const label = { x: apex.x - arc.labelWidth / 2, y: apex.y - LABEL_HEIGHT / 2, width: arc.labelWidth, height: LABEL_HEIGHT };
      if (!placed.some((p) => overlap(p.label, label)) && !blocked.some((b) => overlap(b, label))) {
        placed.push({ id: arc.id, d, label });
        break;
      }
      raise += LABEL_HEIGHT + LABEL_GAP;
    }
  }
  return placed;
}

let measuring: CanvasRenderingContext2D | null = null;
const widths = new Map<string, number>();
/** The width of a label's box: its name as the browser sets it (10 px in `fontFamily`) and a margin. */
function labelWidth(name: string, fontFamily: string): number {
  const key = `${fontFamily}\u0000${name}`;
  let width = widths.get(key);
  if (width === undefined) {
    measuring ??= document.createElement("canvas").getContext("2d");
    if (measuring) measuring.font = `10px ${fontFamily}`;
    width = (measuring ? Math.ceil(measuring.measureText(name).width) : name.length * 6.5) + 8;
    widths.set(key, width);
  }
  return width;
}

export function TextOverlay({ painter, onHost, host, relations, types, annotations, onPick, highlight }: Props) {
  const highlighted = useHighlightedRelation(highlight);
  const onHighlight = highlight.set;
  // The painter announces each drawing; the arcs follow the boxes it drew.
  const [drawing, setDrawing] = useState(0);
  const [chosen, setChosen] = useState<string | null>(null);
  useEffect(() => {
    if (!host) return;
    const redraw = () => setDrawing((n) => n + 1);
    host.addEventListener("overlaychange", redraw);
    return () => host.removeEventListener("overlaychange", redraw);
  }, [host]);

  const inputs: ArcInput[] = [];
  const about = new Map<string, { relation: ViewerRelation; name: string; label: string }>();
  if (drawing && painter.current && host && relations.length) {
    const fontFamily = getComputedStyle(host).fontFamily;
    for (const relation of relations) {
      const from = painter.current.boxes(relation.fromId)?.[0];
      const to = painter.current.boxes(relation.toId)?.[0];
      const a = annotations.get(relation.fromId);
      const b = annotations.get(relation.toId);
      if (!from || !to || !a || !b) continue;
      const name = types.find((t) => t.id === relation.typeId)?.name ?? "relation";
      inputs.push({ id: relation.id, from, to, labelWidth: labelWidth(name, fontFamily) });
      about.set(relation.id, { relation, name, label: `Relation ${name}: “${shortQuote(a.exact, 30)}” → “${shortQuote(b.exact, 30)}”` });
    }
  }
  // The highlighted arc is drawn last, over the others.
  const arcs = layoutArcs(inputs, inputs.length ? (painter.current?.chipBoxes() ?? []) : []).sort((a, b) => Number(a.id === highlighted) - Number(b.id === highlighted));
  const select = (relation: ViewerRelation) => {
    setChosen(relation.id);
    onPick(relation.fromId);
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
          {arcs.map(({ id, d, label }) => {
            const { relation, name, label: description } = about.get(id)!;
            const on = chosen === id;
            const hot = highlighted === id;
            const stroke = on || hot ? "#1d4ed8" : "#475569";
            return (
              <g
                key={id}
                role="button"
                tabIndex={0}
                aria-label={description}
                aria-pressed={on}
                data-relation-id={id}
                data-highlighted={hot}
                className="pointer-events-auto cursor-pointer outline-none [&:focus-visible_rect]:stroke-blue-700 [&:focus-visible_rect]:stroke-2"
                onClick={() => select(relation)}
                onKeyDown={(e) => {
                  if (e.key === "Enter" || e.key === " ") {
                    e.preventDefault();
                    select(relation);
                  }
                }}
                onMouseEnter={() => onHighlight(id)}
                onMouseLeave={() => onHighlight(null)}
                onFocus={() => onHighlight(id)}
                onBlur={() => onHighlight(null)}
              >
                <path d={d} fill="none" stroke="transparent" strokeWidth={10} />
                <path d={d} fill="none" stroke={stroke} strokeWidth={on || hot ? 2.5 : 1.5} markerEnd="url(#relation-arrow)" />
                <rect
                  data-arc-label
                  x={label.x}
                  y={label.y}
                  width={label.width}
                  height={label.height}
                  rx={3}
                  fill={on ? "#1d4ed8" : hot ? "#dbeafe" : "#ffffff"}
                  stroke={stroke}
                  strokeWidth={hot ? 1.5 : 0.75}
                />
                <text x={label.x + label.width / 2} y={label.y + label.height / 2 + 3.5} textAnchor="middle" fontSize={10} fill={on ? "#ffffff" : "#1e293b"}>
                  {name}
                </text>
              </g>
            );
          })}
        </svg>
      ) : null}
    </>
  );
}
