"use client";
import { useState } from "react";
import { Alert, Button, Field, Input, Select } from "@/components/ui/form";
import { useApiAction } from "@/components/ui/use-api-action";
import { api } from "@/lib/api-client";

type RelationType = { id: string; name: string; fromKind: string; toKind: string; description: string; relationCount: number };
const KINDS = ["CLAIM", "EVENT", "ENTITY"] as const;

/** The project's relation types: what links annotators may draw, from which kind to which. */
export function RelationTypeScheme({ projectId, types, canEdit }: { projectId: string; types: RelationType[]; canEdit: boolean }) {
  const { run, error, pending } = useApiAction();
  const [form, setForm] = useState({ name: "", fromKind: "ENTITY", toKind: "ENTITY", description: "" });
  return (
    <section aria-labelledby="relation-types-heading" className="space-y-2">
      <h2 id="relation-types-heading" className="text-lg font-semibold">Relation types</h2>
      <p className="text-sm text-slate-700">
        Typed, directed links between two annotations of a document. Claimant, location and participants are part of a
        claim’s or event’s details; these are the other links.
      </p>
      {error ? <Alert>{error}</Alert> : null}
      <ul className="space-y-2" aria-label="Relation types">
        {types.map((t) => (
          <li key={t.id} className="flex flex-wrap items-center gap-3 rounded border border-slate-200 bg-white p-3 text-sm">
            <span className="font-medium">{t.name}</span>
            <span className="text-slate-600">{t.fromKind.toLowerCase()} → {t.toKind.toLowerCase()}</span>
            <span className="text-slate-600">used {t.relationCount} time{t.relationCount === 1 ? "" : "s"}</span>
            {t.description ? <p className="w-full text-slate-700">{t.description}</p> : null}
            {canEdit ? (
              <Button
                variant="danger"
                className="ml-auto"
                aria-label={`Delete relation type ${t.name}`}
                disabled={pending}
                onClick={() => void run(() => api(`/api/projects/${projectId}/relation-types/${t.id}`, { method: "DELETE" }))}
              >
                Delete
              </Button>
            ) : null}
          </li>
        ))}
      </ul>
      {canEdit ? (
        <form
          className="flex flex-wrap items-end gap-3 rounded border border-slate-200 bg-white p-3"
          aria-label="New relation type"
          onSubmit={(e) => {
            e.preventDefault();
            void run(() => api(`/api/projects/${projectId}/relation-types`, { method: "POST", json: form }), {
              after: () => setForm({ name: "", fromKind: "ENTITY", toKind: "ENTITY", description: "" }),
            });
          }}
        >
          <div className="w-48"><Field label="Relation name"><Input value={form.name} required maxLength={60} onChange={(e) => setForm({ ...form, name: e.target.value })} /></Field></div>
          <div className="w-36">
            <Field label="From">
              <Select value={form.fromKind} onChange={(e) => setForm({ ...form, fromKind: e.target.value })}>
                {KINDS.map((k) => <option key={k} value={k}>{k.toLowerCase()}</option>)}
              </Select>
            </Field>
          </div>
          <div className="w-36">
            <Field label="To">
              <Select value={form.toKind} onChange={(e) => setForm({ ...form, toKind: e.target.value })}>
                {KINDS.map((k) => <option key={k} value={k}>{k.toLowerCase()}</option>)}
              </Select>
            </Field>
          </div>
          <div className="min-w-48 flex-1"><Field label="Relation description"><Input value={form.description} maxLength={1000} onChange={(e) => setForm({ ...form, description: e.target.value })} /></Field></div>
          <Button type="submit" disabled={pending}>Add relation type</Button>
        </form>
      ) : null}
    </section>
  );
}
