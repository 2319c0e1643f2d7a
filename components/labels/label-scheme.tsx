"use client";
import { useState } from "react";
import { Alert, Button } from "@/components/ui/form";
import { api } from "@/lib/api-client";
import { useApiAction } from "@/components/ui/use-api-action";
import { LABEL_PALETTE } from "@/lib/labels/palette";
import { LabelForm, type LabelValues } from "@/components/labels/label-form";

type Label = LabelValues & { id: string; annotationCount: number };

const GROUPS = [
  { kind: "CLAIM", heading: "Claims" },
  { kind: "EVENT", heading: "Events" },
  { kind: "ENTITY", heading: "Entities" },
] as const;

export function LabelScheme({ projectId, labels, canEdit }: { projectId: string; labels: Label[]; canEdit: boolean }) {
  const [editing, setEditing] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  const { run, error, pending } = useApiAction();
  const act = (action: () => Promise<unknown>, after?: () => void) => run(action, { after });

  return (
    <div className="space-y-6">
      {error ? <Alert>{error}</Alert> : null}
      {GROUPS.map((group) => (
        <section key={group.kind} aria-labelledby={`kind-${group.kind}`} className="space-y-2">
          <h2 id={`kind-${group.kind}`} className="text-lg font-semibold">{group.heading}</h2>
          <ul className="space-y-2">
            {labels.filter((l) => l.kind === group.kind).map((label) => (
              <li key={label.id} className="rounded border border-slate-200 bg-white p-3">
                {editing === label.id ? (
                  <LabelForm
                    initial={label}
                    submitLabel="Save label"
                    pending={pending}
                    onCancel={() => setEditing(null)}
                    onSubmit={(values) => void act(() => api(`/api/projects/${projectId}/labels/${label.id}`, { method: "PATCH", json: values }), () => setEditing(null))}
                  />
                ) : (
                  <div className="flex flex-wrap items-center gap-3">
                    <span aria-hidden className="h-5 w-5 rounded" style={{ backgroundColor: label.color }} />
                    <span className="font-medium">{label.name}</span>
                    <span className="sr-only">colour {LABEL_PALETTE.find((c) => c.hex === label.color)?.name}</span>
                    {label.hotkey ? <kbd className="rounded border border-slate-300 bg-slate-50 px-1.5 text-xs">{label.hotkey}</kbd> : null}
                    <span className="text-sm text-slate-600">used {label.annotationCount} time{label.annotationCount === 1 ? "" : "s"}</span>
                    {label.description ? <p className="w-full text-sm text-slate-700">{label.description}</p> : null}
                    {canEdit ? (
                      <span className="ml-auto flex gap-2">
                        <Button variant="secondary" aria-label={`Edit ${label.name}`} onClick={() => setEditing(label.id)}>Edit</Button>
                        <Button
                          variant="danger"
                          aria-label={`Delete ${label.name}`}
                          disabled={pending}
                          onClick={() => {
                            if (window.confirm(`Delete the label "${label.name}"?`)) void act(() => api(`/api/projects/${projectId}/labels/${label.id}`, { method: "DELETE" }));
                          }}
                        >
                          Delete
                        </Button>
                      </span>
                    ) : null}
                  </div>
                )}
              </li>
            ))}
          </ul>
        </section>
      ))}
      {canEdit ? (
        adding ? (
          <section aria-labelledby="add-label" className="rounded border border-slate-200 bg-white p-3">
            <h2 id="add-label" className="mb-2 text-lg font-semibold">New label</h2>
            <LabelForm
              initial={{ name: "", kind: "ENTITY", color: LABEL_PALETTE[0].hex, hotkey: null, description: "" }}
              submitLabel="Add label"
              pending={pending}
              onCancel={() => setAdding(false)}
              onSubmit={(values) => void act(() => api(`/api/projects/${projectId}/labels`, { method: "POST", json: values }), () => setAdding(false))}
            />
          </section>
        ) : (
          <Button onClick={() => setAdding(true)}>New label</Button>
        )
      ) : (
        <p className="text-sm text-slate-700">Owners and curators edit the label scheme.</p>
      )}
    </div>
  );
}
