"use client";
import { useId, useLayoutEffect, useRef, type ComponentProps } from "react";
import { Button, Field, Input, Select, TextArea } from "@/components/ui/form";
import { AnnotationDiscussion } from "@/components/viewer/annotation-discussion";
import { AnnotationHistory } from "@/components/viewer/annotation-history";
import { AnnotationReviewStatus } from "@/components/viewer/annotation-review-status";
import type { ShownAnnotation } from "@/components/viewer/use-annotation-sync";
import { useDebouncedField } from "@/components/viewer/use-debounced-field";
import { NEAREST_LISTED, nearestSpans } from "@/components/viewer/nearest-spans";
import { EXTRA, showExtra } from "@/lib/labels/attribute-fields";
import { shortQuote as short, type ViewerLabel, type ViewerMember } from "@/components/viewer/viewer-types";

type Props = {
  annotation: ShownAnnotation;
  /** May take part in discussions (annotators and above). */
  canDiscuss: boolean;
  labels: ViewerLabel[];
  members: ViewerMember[];
  /** The shown annotations in text order: the entity choosers list the entities near this one. */
  spans: ShownAnnotation[];
  canEdit: boolean;
  onChange: (patch: { labelId?: string; attributes?: Record<string, unknown>; note?: string }) => void;
  onDelete: () => void;
  onClose: () => void;
  /** Typed text starts (true) or stops (false) waiting to be sent: the save status says "Saving…" meanwhile. */
  onTyping?: (waiting: boolean) => void;
  /** Why the server refused a value, by field path ("note", "attributes.date"). */
  refusals?: Record<string, string>;
};

const noTyping = () => undefined;
const trimmed = (s: string) => s.trim();


/** One annotation: its label, the attributes of its kind and a note; editable by its author. */
export function AnnotationDetails({ annotation, canDiscuss, labels, members, spans, canEdit, onChange, onDelete, onClose, onTyping = noTyping, refusals = {} }: Props) {
  const label = labels.find((l) => l.id === annotation.labelId);
  const author = members.find((m) => m.userId === annotation.authorId)?.name ?? "someone";
  const attrs = annotation.attributes as Record<string, string | string[] | undefined>;
  // The panel renders a change after its frame: a second change before then (a field's delayed save
  // just after a choice) builds on what this panel sent, not on what it last showed.
  const sent = useRef<{ shown: ShownAnnotation; attributes: Record<string, unknown> } | null>(null);
  const send = (patch: { labelId?: string; attributes: Record<string, unknown> }) => {
    sent.current = { shown: annotation, attributes: patch.attributes };
    onChange(patch);
  };
  const setAttr = (key: string, value: string | string[] | undefined) => {
    const next = { ...(sent.current?.shown === annotation ? sent.current.attributes : attrs), [key]: value };
    if (value === undefined || value === "" || (Array.isArray(value) && value.length === 0)) delete next[key];
    send({ attributes: next });
  };
  // The entities near this one (and those already chosen), not every entity of a large document.
  const chosen = [attrs.claimantId, attrs.locationId, ...(Array.isArray(attrs.participantIds) ? attrs.participantIds : [])] as (string | undefined)[];
  const kinds = new Map(labels.map((l) => [l.id, l.kind]));
  const entityOptions = nearestSpans(spans, annotation, NEAREST_LISTED, chosen, (e) => e.id !== annotation.id && kinds.get(e.labelId) === "ENTITY");
  const nearestHint = entityOptions.length >= NEAREST_LISTED ? `the ${NEAREST_LISTED} entities nearest to this annotation` : undefined;
  const extra = attrs[EXTRA] as unknown;
  // Kept as another tool wrote them (the label scheme has no field for them), so not editable here.
  const extras = extra && typeof extra === "object" && !Array.isArray(extra) ? showExtra(extra as Record<string, unknown>) : [];

  return (
    <section aria-labelledby="details-heading" className="space-y-3 rounded border border-blue-200 bg-white p-3 text-sm" data-testid="annotation-details">
      <div className="flex items-start gap-2">
        <h2 id="details-heading" className="font-semibold">
          “{short(annotation.exact)}”
        </h2>
        <Button variant="secondary" className="ml-auto px-2 py-0.5" onClick={onClose} aria-label="Close details">×</Button>
      </div>
      <p className="text-slate-600">
        {label?.name ?? "Unknown label"} by {author}
        {annotation.pending ? " · not yet saved" : ` · version ${annotation.version}`}
      </p>
      {!annotation.pending ? <AnnotationReviewStatus key={`${annotation.id}:${annotation.version}:${annotation.reviewState}`} annotationId={annotation.id} /> : null}
      <fieldset disabled={!canEdit} className="space-y-3">
        <Field label="Label">
          <ChosenSelect value={annotation.labelId} onChange={(e) => send({ labelId: e.target.value, attributes: {} })}>
            {labels.map((l) => (
              <option key={l.id} value={l.id}>{l.kind.toLowerCase()}: {l.name}</option>
            ))}
          </ChosenSelect>
        </Field>
        {label?.kind === "CLAIM" ? (
          <>
            <EntityField label="Claimant (an entity in this document)" hint={nearestHint} value={attrs.claimantId as string | undefined} entities={entityOptions} onChange={(v) => setAttr("claimantId", v)} />
            <TypedField label="Claimant (free text)" value={(attrs.claimantText as string) ?? ""} normalize={trimmed} onSave={(v) => setAttr("claimantText", v || undefined)} onTyping={onTyping} refusal={refusals["attributes.claimantText"]} />
            <ChoiceField label="Stance toward the subject" value={attrs.stance as string | undefined} choices={["supportive", "critical", "neutral"]} onChange={(v) => setAttr("stance", v)} />
            <ChoiceField label="Modality" value={attrs.modality as string | undefined} choices={["factual", "predictive", "normative"]} onChange={(v) => setAttr("modality", v)} />
          </>
        ) : null}
        {label?.kind === "EVENT" ? (
          <>
            <TypedField
              label="Date"
              hint="ISO, partial allowed: 2019, 2019-04 or 2019-04-25"
              value={(attrs.date as string) ?? ""}
              normalize={trimmed}
              onSave={(v) => setAttr("date", v || undefined)}
              onTyping={onTyping}
              refusal={refusals["attributes.date"]}
            />
            <EntityField label="Location (an entity in this document)" hint={nearestHint} value={attrs.locationId as string | undefined} entities={entityOptions} onChange={(v) => setAttr("locationId", v)} />
            <Field label="Participants" hint={nearestHint}>
              <ChosenSelect
                multiple
                value={(attrs.participantIds as string[]) ?? []}
                onChange={(e) => setAttr("participantIds", Array.from(e.target.selectedOptions, (o) => o.value))}
              >
                {entityOptions.map((e) => (
                  <option key={e.id} value={e.id}>{short(e.exact)}</option>
                ))}
              </ChosenSelect>
            </Field>
          </>
        ) : null}
        {label?.kind === "ENTITY" ? (
          <TypedField label="Canonical name" value={(attrs.canonicalName as string) ?? ""} normalize={trimmed} onSave={(v) => setAttr("canonicalName", v || undefined)} onTyping={onTyping} refusal={refusals["attributes.canonicalName"]} />
        ) : null}
        {extras.length ? (
          <div>
            <p className="text-xs text-slate-600">Other attributes, from the imported file (read-only)</p>
            <dl aria-label="Other attributes" className="grid grid-cols-[auto_1fr] gap-x-3">
              {extras.map((x) => (
                <div key={x.key} className="contents">
                  <dt className="font-medium">{x.name}</dt>
                  <dd>{x.values.join(", ")}</dd>
                </div>
              ))}
            </dl>
          </div>
        ) : null}
        <TypedField label="Note" multiline value={annotation.note} onSave={(note) => onChange({ note })} onTyping={onTyping} refusal={refusals.note} />
        {canEdit ? (
          <Button variant="danger" onClick={onDelete}>Delete annotation</Button>
        ) : null}
      </fieldset>
      {!canEdit ? <p className="text-xs text-slate-600">Only its author can change this annotation.</p> : null}
      {!annotation.pending ? <AnnotationDiscussion annotationId={annotation.id} canWrite={canDiscuss} /> : null}
      {!annotation.pending ? <AnnotationHistory key={`${annotation.id}:${annotation.version}`} annotationId={annotation.id} labels={labels} /> : null}
    </section>
  );
}

/**
 * A text field saved as it is typed (see use-debounced-field.ts); a value the server refused is
 * explained under it, naming the field.
 */
function TypedField({ label, hint, value, multiline, normalize, onSave, onTyping, refusal }: {
  label: string;
  hint?: string;
  value: string;
  multiline?: boolean;
  normalize?: (typed: string) => string;
  onSave: (value: string) => void;
  onTyping: (waiting: boolean) => void;
  refusal?: string;
}) {
  const field = useDebouncedField(value, onSave, onTyping, { normalize, hold: !!refusal });
  const refusalId = useId();
  const props = {
    value: field.value,
    onBlur: field.flush,
    "aria-invalid": refusal ? true : undefined,
    "aria-describedby": refusal ? refusalId : undefined,
  } as const;
  return (
    <div>
      <Field label={label} hint={hint}>
        {multiline ? (
          <TextArea rows={2} {...props} onChange={(e) => field.onChange(e.target.value)} />
        ) : (
          <Input {...props} onChange={(e) => field.onChange(e.target.value)} />
        )}
      </Field>
      {refusal ? (
        <p id={refusalId} className="mt-1 text-xs text-red-800" data-testid="field-refusal">
          {label} was not saved: {refusal}
        </p>
      ) : null}
    </div>
  );
}

/** A link from this annotation to one entity annotation of the same document. */
function EntityField({ label, hint, value, entities, onChange }: { label: string; hint?: string; value: string | undefined; entities: ShownAnnotation[]; onChange: (id: string | undefined) => void }) {
  return (
    <Field label={label} hint={hint}>
      <ChosenSelect value={value ?? ""} onChange={(e) => onChange(e.target.value || undefined)}>
        <option value="">—</option>
        {entities.map((e) => (
          <option key={e.id} value={e.id}>{short(e.exact)}</option>
        ))}
      </ChosenSelect>
    </Field>
  );
}

/** One of a fixed set of values, or none. */
function ChoiceField({ label, value, choices, onChange }: { label: string; value: string | undefined; choices: string[]; onChange: (v: string | undefined) => void }) {
  return (
    <Field label={label}>
      <ChosenSelect value={value ?? ""} onChange={(e) => onChange(e.target.value || undefined)}>
        <option value="">—</option>
        {choices.map((c) => (
          <option key={c} value={c}>{c}</option>
        ))}
      </ChosenSelect>
    </Field>
  );
}

/**
 * A select that shows what the person chose at once and follows `value` when it changes elsewhere
 * (undo, the server, another tab). The panel renders a change after the change's frame (the
 * highlight is painted first): a controlled select would have React put the old value back at the
 * end of the change event, until then.
 */
function ChosenSelect({ value, ...props }: Omit<ComponentProps<"select">, "value" | "defaultValue"> & { value: string | string[] }) {
  const ref = useRef<HTMLSelectElement>(null);
  // Every render: the options may have changed too (the entity choosers follow the list).
  useLayoutEffect(() => {
    const wanted = new Set(Array.isArray(value) ? value : [value]);
    for (const option of ref.current?.options ?? []) if (option.selected !== wanted.has(option.value)) option.selected = wanted.has(option.value);
  });
  return <Select ref={ref} defaultValue={value} {...props} />;
}
