"use client";
import { useState, type KeyboardEvent } from "react";
import { Alert, Button, Select } from "@/components/ui/form";
import type { ShownAnnotation } from "@/components/viewer/use-annotation-sync";
import type { ViewerRelation, ViewerRelationType } from "@/components/viewer/use-document-relations";
import { shortQuote as short, type ViewerLabel } from "@/components/viewer/viewer-types";
import { KIND_WITH_ARTICLE } from "@/lib/labels/palette";
import { NEAREST_LISTED, nearestSpans } from "@/components/viewer/nearest-spans";

type Props = {
  annotation: ShownAnnotation;
  annotations: ReadonlyMap<string, ShownAnnotation>;
  /** The shown annotations in text order: the target chooser lists those near this one. */
  spans: ShownAnnotation[];
  labels: ViewerLabel[];
  types: ViewerRelationType[];
  relations: ViewerRelation[];
  canLink: boolean;
  canRemove: (r: ViewerRelation) => boolean;
  error?: string;
  onAdd: (typeId: string, fromId: string, toId: string) => Promise<boolean>;
  onRemove: (id: string) => void;
  onPick: (id: string) => void;
  /** The form is left (Escape) or has linked: the panel goes back to the annotation's details. */
  onDone?: () => void;
};


/** The selected annotation's typed relations, and a keyboard-friendly form to add one (Alt+R). */
export function AnnotationRelations({ annotation, annotations, spans, labels, types, relations, canLink, canRemove, error, onAdd, onRemove, onPick, onDone }: Props) {
  const kindOf = (a: ShownAnnotation | undefined) => labels.find((l) => l.id === a?.labelId)?.kind;
  const kind = kindOf(annotation);
  const usable = types.filter((t) => t.fromKind === kind);
  const [typeId, setTypeId] = useState(usable[0]?.id ?? "");
  const type = usable.find((t) => t.id === typeId) ?? usable[0];
  // Only when the form shows (not for a just-made, unsaved annotation): documents hold thousands.
  const showForm = canLink && !annotation.pending && usable.length > 0;
  const toKind = type?.toKind;
  const [targetId, setTargetId] = useState("");
  // The saved annotations of the target's kind near this one (and the one chosen): a large document has thousands.
  const kinds = new Map(labels.map((l) => [l.id, l.kind]));
  const targets = showForm ? nearestSpans(spans, annotation, NEAREST_LISTED, [targetId], (a) => a.id !== annotation.id && !a.pending && kinds.get(a.labelId) === toKind) : [];
  const mine = relations.filter((r) => r.fromId === annotation.id || r.toId === annotation.id);
  const typeName = (id: string) => types.find((t) => t.id === id)?.name ?? "?";
  // Escape in the form (reached with Alt+R) leaves it, as Escape leaves the label popover.
  const leaveOnEscape = (e: KeyboardEvent) => {
    if (e.key === "Escape" && onDone) {
      e.preventDefault();
      onDone();
    }
  };

  return (
    <section aria-labelledby="relations-heading" className="space-y-2 rounded border border-slate-200 bg-white p-3 text-sm" data-testid="annotation-relations">
      <h3 id="relations-heading" className="font-semibold">Relations ({mine.length})</h3>
      {mine.length ? (
        <ul className="space-y-1" aria-label="Relations of this annotation">
          {mine.map((r) => {
            const outgoing = r.fromId === annotation.id;
            const other = annotations.get(outgoing ? r.toId : r.fromId);
            return (
              <li key={r.id} className="flex items-center gap-2">
                <span>
                  {outgoing ? "→" : "←"} <em>{typeName(r.typeId)}</em>{" "}
                  <button type="button" className="text-blue-800 underline" onClick={() => other && onPick(other.id)}>
                    “{short(other?.exact ?? "?")}”
                  </button>
                </span>
                {canRemove(r) ? (
                  <Button variant="secondary" className="ml-auto px-2 py-0.5" onClick={() => onRemove(r.id)} aria-label={`Remove relation ${typeName(r.typeId)} “${short(other?.exact ?? "")}”`}>
                    Remove
                  </Button>
                ) : null}
              </li>
            );
          })}
        </ul>
      ) : null}
      {showForm ? (
        <form
          className="flex flex-wrap items-end gap-2"
          onSubmit={async (e) => {
            e.preventDefault();
            if (type && targetId && (await onAdd(type.id, annotation.id, targetId))) {
              setTargetId("");
              onDone?.();
            }
          }}
        >
          <label className="text-xs font-medium">
            Relation
            <Select id="relation-type" onKeyDown={leaveOnEscape} value={type?.id ?? ""} onChange={(e) => { setTypeId(e.target.value); setTargetId(""); }}>
              {usable.map((t) => <option key={t.id} value={t.id}>{t.name}</option>)}
            </Select>
          </label>
          <label className="min-w-0 flex-1 text-xs font-medium">
            To
            <Select value={targetId} onKeyDown={leaveOnEscape} onChange={(e) => setTargetId(e.target.value)}>
              <option value="">{targets.length ? `Choose ${type ? KIND_WITH_ARTICLE[type.toKind] : ""}…` : `No ${type?.toKind.toLowerCase()} annotations here`}</option>
              {targets.map((a) => <option key={a.id} value={a.id}>{short(a.exact)} ({labels.find((l) => l.id === a.labelId)?.name})</option>)}
            </Select>
          </label>
          <Button type="submit" disabled={!targetId} onKeyDown={leaveOnEscape}>Link</Button>
        </form>
      ) : null}
      {error ? <Alert>{error}</Alert> : null}
    </section>
  );
}
