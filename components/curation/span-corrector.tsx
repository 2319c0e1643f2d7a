"use client";
import { useEffect, useRef, useState } from "react";
import { Button, Field, Select } from "@/components/ui/form";
import { nudgeSpan, selectedSpan } from "@/lib/anchoring/layered-segments";
import type { OffsetMap } from "@/lib/anchoring/offsets";
import type { Labels } from "@/components/curation/curation-types";

type Span = { start: number; end: number; exact: string };

/** UTF-16 offset of a DOM position within `container`'s text. */
function offsetIn(container: Node, node: Node, offset: number) {
  const range = document.createRange();
  range.selectNodeContents(container);
  range.setEnd(node, offset);
  return range.toString().length;
}

/**
 * A corrected version: the curator selects the span in the text (offsets are worked out here, in
 * code points) and picks the label.
 */
export function SpanCorrector({ map, from, to, initial, labelId, labels, pending, onSave, onCancel }: {
  map: OffsetMap; from: number; to: number; initial: Span; labelId: string; labels: Labels; pending: boolean;
  onSave: (span: Span & { labelId: string }) => void; onCancel: () => void;
}) {
  const textRef = useRef<HTMLParagraphElement>(null);
  const [span, setSpan] = useState<Span>(initial);
  const [label, setLabel] = useState(labelId);
  const nudges = useRef<HTMLDivElement>(null);
  // Opened by key (c) or button: the focus moves in, so the keyboard reaches the controls.
  useEffect(() => nudges.current?.querySelector("button")?.focus(), []);
  const nudge = (edge: "start" | "end", direction: -1 | 1) => setSpan((s) => ({ ...s, ...(nudgeSpan(map, from, to, s, edge, direction) ?? {}) }));
  useEffect(() => {
    const onSelection = () => {
      const selection = document.getSelection();
      const container = textRef.current;
      if (!selection || selection.rangeCount === 0 || selection.isCollapsed || !container) return;
      const range = selection.getRangeAt(0);
      if (!container.contains(range.startContainer) || !container.contains(range.endContainer)) return;
      const picked = selectedSpan(map, from, offsetIn(container, range.startContainer, range.startOffset), offsetIn(container, range.endContainer, range.endOffset));
      if (picked) setSpan(picked);
    };
    document.addEventListener("selectionchange", onSelection);
    return () => document.removeEventListener("selectionchange", onSelection);
  }, [map, from]);
  return (
    <form
      aria-label="Corrected version"
      className="space-y-2 rounded border border-blue-200 bg-blue-50 p-3 text-sm"
      onSubmit={(e) => {
        e.preventDefault();
        onSave({ ...span, labelId: label });
      }}
    >
      <p className="text-slate-700">Select the corrected span in the text below.</p>
      <p ref={textRef} aria-label="Text to select the span in" className="whitespace-pre-wrap rounded bg-white p-2 font-serif leading-7 select-text">
        {map.slice(from, to)}
      </p>
      <p data-testid="corrected-quote" aria-live="polite">Span: “{span.exact}”</p>
      {/* Selecting needs a mouse: the edges also move word by word from the keyboard. */}
      <div ref={nudges} role="group" aria-label="Move the span's edges by a word" className="flex flex-wrap gap-2">
        <Button variant="secondary" className="px-2 py-1" onClick={() => nudge("start", -1)}>Start one word earlier</Button>
        <Button variant="secondary" className="px-2 py-1" onClick={() => nudge("start", 1)}>Start one word later</Button>
        <Button variant="secondary" className="px-2 py-1" onClick={() => nudge("end", -1)}>End one word earlier</Button>
        <Button variant="secondary" className="px-2 py-1" onClick={() => nudge("end", 1)}>End one word later</Button>
      </div>
      <div className="flex flex-wrap items-end gap-3">
        <div className="w-56">
          <Field label="Label">
            <Select value={label} onChange={(e) => setLabel(e.target.value)}>
              {Object.entries(labels).map(([id, l]) => <option key={id} value={id}>{l.name}</option>)}
            </Select>
          </Field>
        </div>
        <Button type="submit" disabled={pending}>Put corrected version in gold</Button>
        <Button variant="secondary" onClick={onCancel}>Cancel</Button>
      </div>
    </form>
  );
}
