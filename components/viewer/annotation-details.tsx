"use client";
import { Button, Field, Input, Select, TextArea } from "@/components/ui/form";
import { AnnotationDiscussion } from "@/components/viewer/annotation-discussion";
import { AnnotationHistory } from "@/components/viewer/annotation-history";
import { AnnotationReviewStatus } from "@/components/viewer/annotation-review-status";
import type { ShownAnnotation } from "@/components/viewer/use-annotation-sync";
import { EXTRA, showExtra } from "@/lib/labels/attribute-fields";
import { shortQuote as short, type ViewerLabel, type ViewerMember } from "@/components/viewer/viewer-types";

type Props = {
  annotation: ShownAnnotation;
  /** May take part in discussions (annotators and above). */
  canDiscuss: boolean;
  labels: ViewerLabel[];
  members: ViewerMember[];
  entities: ShownAnnotation[];
  canEdit: boolean;
  onChange: (patch: { labelId?: string; attributes?: Record<string, unknown>; note?: string }) => void;
  onDelete: () => void;
  onClose: () => void;
};


/** One annotation: its label, the attributes of its kind and a note; editable by its author. */
export function AnnotationDetails({ annotation, canDiscuss, labels, members, entities, canEdit, onChange, onDelete, onClose }: Props) {
  const label = labels.find((l) => l.id === annotation.labelId);
  const author = members.find((m) => m.userId === annotation.authorId)?.name ?? "someone";
  const attrs = annotation.attributes as Record<string, string | string[] | undefined>;
  const setAttr = (key: string, value: string | string[] | undefined) => {
    const next = { ...attrs, [key]: value };
    if (value === undefined || value === "" || (Array.isArray(value) && value.length === 0)) delete next[key];
    onChange({ attributes: next });
  };
  const entityOptions = entities.filter((e) => e.id !== annotation.id);
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
          <Select value={annotation.labelId} onChange={(e) => onChange({ labelId: e.target.value, attributes: {} })}>
            {labels.map((l) => (
              <option key={l.id} value={l.id}>{l.kind.toLowerCase()}: {l.name}</option>
            ))}
          </Select>
        </Field>
        {label?.kind === "CLAIM" ? (
          <>
            <EntityField label="Claimant (an entity in this document)" value={attrs.claimantId as string | undefined} entities={entityOptions} onChange={(v) => setAttr("claimantId", v)} />
            <Field label="Claimant (free text)">
              <Input defaultValue={(attrs.claimantText as string) ?? ""} onBlur={(e) => e.target.value !== (attrs.claimantText ?? "") && setAttr("claimantText", e.target.value.trim() || undefined)} />
            </Field>
            <ChoiceField label="Stance toward the subject" value={attrs.stance as string | undefined} choices={["supportive", "critical", "neutral"]} onChange={(v) => setAttr("stance", v)} />
            <ChoiceField label="Modality" value={attrs.modality as string | undefined} choices={["factual", "predictive", "normative"]} onChange={(v) => setAttr("modality", v)} />
          </>
        ) : null}
        {label?.kind === "EVENT" ? (
          <>
            <Field label="Date" hint="ISO, partial allowed: 2019, 2019-04 or 2019-04-25">
              <Input
                defaultValue={(attrs.date as string) ?? ""}
                pattern="\d{4}(-\d{2}(-\d{2})?)?"
                onBlur={(e) => e.target.value !== (attrs.date ?? "") && setAttr("date", e.target.value.trim() || undefined)}
              />
            </Field>
            <EntityField label="Location (an entity in this document)" value={attrs.locationId as string | undefined} entities={entityOptions} onChange={(v) => setAttr("locationId", v)} />
            <Field label="Participants">
              <Select
                multiple
                value={(attrs.participantIds as string[]) ?? []}
                onChange={(e) => setAttr("participantIds", Array.from(e.target.selectedOptions, (o) => o.value))}
              >
                {entityOptions.map((e) => (
                  <option key={e.id} value={e.id}>{short(e.exact)}</option>
                ))}
              </Select>
            </Field>
          </>
        ) : null}
        {label?.kind === "ENTITY" ? (
          <Field label="Canonical name">
            <Input defaultValue={(attrs.canonicalName as string) ?? ""} onBlur={(e) => e.target.value !== (attrs.canonicalName ?? "") && setAttr("canonicalName", e.target.value.trim() || undefined)} />
          </Field>
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
        <Field label="Note">
          <TextArea rows={2} defaultValue={annotation.note} onBlur={(e) => e.target.value !== annotation.note && onChange({ note: e.target.value })} />
        </Field>
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

/** A link from this annotation to one entity annotation of the same document. */
function EntityField({ label, value, entities, onChange }: { label: string; value: string | undefined; entities: ShownAnnotation[]; onChange: (id: string | undefined) => void }) {
  return (
    <Field label={label}>
      <Select value={value ?? ""} onChange={(e) => onChange(e.target.value || undefined)}>
        <option value="">—</option>
        {entities.map((e) => (
          <option key={e.id} value={e.id}>{short(e.exact)}</option>
        ))}
      </Select>
    </Field>
  );
}

/** One of a fixed set of values, or none. */
function ChoiceField({ label, value, choices, onChange }: { label: string; value: string | undefined; choices: string[]; onChange: (v: string | undefined) => void }) {
  return (
    <Field label={label}>
      <Select value={value ?? ""} onChange={(e) => onChange(e.target.value || undefined)}>
        <option value="">—</option>
        {choices.map((c) => (
          <option key={c} value={c}>{c}</option>
        ))}
      </Select>
    </Field>
  );
}
