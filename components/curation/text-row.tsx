"use client";
import { useMemo } from "react";
import { layeredSegments } from "@/lib/anchoring/layered-segments";
import type { OffsetMap } from "@/lib/anchoring/offsets";
import type { Labels } from "@/components/curation/curation-types";

export type RowSpan = { id: string; start: number; end: number; labelId: string; dashed?: boolean };

/**
 * The same stretch of text in every row, so rows line up like INCEpTION's curation view; each row
 * draws its own spans under the text, nested ones as stacked underlines.
 */
export function TextRow({ map, from, to, spans, labels, label }: { map: OffsetMap; from: number; to: number; spans: RowSpan[]; labels: Labels; label: string }) {
  const segments = useMemo(() => layeredSegments(map, from, to, spans), [map, from, to, spans]);
  const byId = new Map(spans.map((s) => [s.id, s]));
  return (
    <p aria-label={label} className="whitespace-pre-wrap font-serif leading-8">
      {from > 0 ? "… " : ""}
      {segments.map((segment) => {
        if (!segment.ids.length) return <span key={segment.start}>{segment.text}</span>;
        const layers = segment.ids.map((id) => byId.get(id)!);
        const inner = layers.at(-1)!;
        return (
          <span
            key={segment.start}
            data-span-ids={segment.ids.join(" ")}
            title={layers.map((l) => labels[l.labelId]?.name ?? "?").join(" › ")}
            className={`rounded-sm ${inner.dashed ? "outline-1 outline-dashed outline-slate-500" : ""}`}
            style={{
              backgroundColor: `${labels[inner.labelId]?.color ?? "#e2e8f0"}99`,
              // One underline per enclosing span: nesting stays visible.
              boxShadow: layers.slice(0, -1).map((l, i) => `0 ${2 * (i + 1)}px 0 ${labels[l.labelId]?.color ?? "#94a3b8"}`).join(", ") || undefined,
            }}
          >
            {segment.text}
          </span>
        );
      })}
      {to < map.codePointLength ? " …" : ""}
    </p>
  );
}
