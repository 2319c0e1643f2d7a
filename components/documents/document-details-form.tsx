"use client";
// Curators correct a document's title and metadata after import; a refused value is explained
// next to its field. The history below lists every change with who made it.
import { useState } from "react";
import { useRouter } from "next/navigation";
import { Alert, Button, Field, Input } from "@/components/ui/form";
import { api, ApiError } from "@/lib/api-client";

export type Details = { title: string; publisher: string | null; author: string | null; publishedOn: string | null; sourceUrl: string | null; language: string | null; tags: string[] };
type Revision = { id: string; createdAt: string; via: string; by: { name: string } | null; changes: Record<string, { from: unknown; to: unknown }> };

const FIELDS: { key: Exclude<keyof Details, "tags">; label: string; hint?: string }[] = [
  { key: "title", label: "Title" },
  { key: "publisher", label: "Publisher" },
  { key: "author", label: "Author" },
  { key: "publishedOn", label: "Published", hint: "2024, 2024-04 or 2024-04-25" },
  { key: "sourceUrl", label: "Source URL" },
  { key: "language", label: "Language", hint: "A code: en, ko, ru, pt-BR…" },
];

const show = (value: unknown) => (Array.isArray(value) ? value.join(", ") || "(none)" : value === null || value === "" ? "(none)" : String(value));

export function DocumentDetailsForm({ documentId, details }: { documentId: string; details: Details }) {
  const router = useRouter();
  const [values, setValues] = useState(() => ({ ...Object.fromEntries(FIELDS.map((f) => [f.key, details[f.key] ?? ""])), tags: details.tags.join(", ") }) as Record<string, string>);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<{ kind: "error" | "success"; text: string } | null>(null);
  const [saving, setSaving] = useState(false);
  const [history, setHistory] = useState<Revision[] | null>(null);

  const loadHistory = () => api<{ revisions: Revision[] }>(`/api/documents/${documentId}/revisions`).then((r) => setHistory(r.revisions), () => setHistory([]));

  async function save() {
    setSaving(true);
    setFieldErrors({});
    setMessage(null);
    try {
      const tags = values.tags.split(",").map((t) => t.trim()).filter(Boolean);
      const result = await api<{ changes: Record<string, unknown> }>(`/api/documents/${documentId}`, {
        method: "PATCH",
        json: { ...Object.fromEntries(FIELDS.map((f) => [f.key, values[f.key]])), tags },
      });
      const changed = Object.keys(result.changes);
      setMessage({ kind: "success", text: changed.length ? `Saved: ${changed.join(", ")} changed.` : "Nothing changed." });
      if (history !== null) void loadHistory();
      router.refresh();
    } catch (error) {
      if (error instanceof ApiError && error.body.issues?.length) {
        setFieldErrors(Object.fromEntries(error.body.issues.map((i) => [i.path.split(".")[0], i.message])));
        setMessage({ kind: "error", text: "Not saved: see the fields marked below." });
      } else setMessage({ kind: "error", text: `Not saved: ${(error as Error).message}` });
    } finally {
      setSaving(false);
    }
  }

  return (
    <details className="max-w-3xl rounded border border-slate-200 bg-white p-3 text-sm" onToggle={(e) => (e.currentTarget as HTMLDetailsElement).open && history === null && void loadHistory()}>
      <summary className="cursor-pointer font-medium text-slate-800">Edit details</summary>
      <form
        className="mt-3 grid gap-3 sm:grid-cols-2"
        aria-label="Document details"
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        {FIELDS.map((field) => (
          <div key={field.key} className={field.key === "title" ? "sm:col-span-2" : undefined}>
            <Field label={field.label} hint={fieldErrors[field.key] ? undefined : field.hint}>
              <Input
                value={values[field.key]}
                aria-invalid={fieldErrors[field.key] ? true : undefined}
                aria-describedby={fieldErrors[field.key] ? `error-${field.key}` : undefined}
                onChange={(e) => setValues({ ...values, [field.key]: e.target.value })}
              />
            </Field>
            {fieldErrors[field.key] ? (
              <p id={`error-${field.key}`} className="mt-1 text-xs text-red-800">
                {field.label}: {fieldErrors[field.key]}
              </p>
            ) : null}
          </div>
        ))}
        <div className="sm:col-span-2">
          <Field label="Tags" hint="Separated by commas.">
            <Input value={values.tags} onChange={(e) => setValues({ ...values, tags: e.target.value })} />
          </Field>
          {fieldErrors.tags ? <p className="mt-1 text-xs text-red-800">Tags: {fieldErrors.tags}</p> : null}
        </div>
        <div className="flex items-center gap-3 sm:col-span-2">
          <Button type="submit" disabled={saving}>{saving ? "Saving…" : "Save details"}</Button>
          {message ? <Alert kind={message.kind}>{message.text}</Alert> : null}
        </div>
      </form>
      <h3 className="mt-4 font-medium">History of these details</h3>
      {history === null ? <p className="text-slate-600">Loading…</p> : null}
      {history?.length === 0 ? <p className="text-slate-600">Not changed since import.</p> : null}
      {history?.length ? (
        <ul className="mt-1 space-y-1" aria-label="History of these details">
          {history.map((revision) => (
            <li key={revision.id}>
              <time dateTime={revision.createdAt}>{new Date(revision.createdAt).toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" })} UTC</time>{" "}
              — {revision.by?.name ?? "a deleted account"}
              {revision.via === "csv" ? " (from a CSV)" : ""}:{" "}
              {Object.entries(revision.changes).map(([field, change]) => `${field} ${show(change.from)} → ${show(change.to)}`).join("; ")}
            </li>
          ))}
        </ul>
      ) : null}
    </details>
  );
}
