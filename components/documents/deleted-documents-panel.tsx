"use client";
// "Deleted documents" on the project page (owners and curators): what was deleted, by whom, until
// when it can be restored — and the restore.
import { useState } from "react";
import { useRouter } from "next/navigation";
import { Alert, Button } from "@/components/ui/form";
import { api } from "@/lib/api-client";

export type DeletedDocument = { id: string; title: string; annotations: number; deletedAt: string; restorableUntil: string; deletedBy: { name: string } | null };

const day = (iso: string) => new Date(iso).toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });

export function DeletedDocumentsPanel({ projectId, documents, justDeleted }: { projectId: string; documents: DeletedDocument[]; justDeleted?: string }) {
  const router = useRouter();
  const [message, setMessage] = useState<{ kind: "error" | "success"; text: string } | null>(null);
  const [pending, setPending] = useState<string | null>(null);
  const recent = documents.find((d) => d.id === justDeleted);

  async function restore(document: DeletedDocument) {
    setPending(document.id);
    setMessage(null);
    try {
      const result = await api<{ annotations: number }>(`/api/projects/${projectId}/deleted-documents/${document.id}/restore`, { method: "POST" });
      setMessage({ kind: "success", text: `Restored “${document.title}” with ${result.annotations} annotation${result.annotations === 1 ? "" : "s"}.` });
      router.replace(`/projects/${projectId}`);
      router.refresh();
    } catch (e) {
      setMessage({ kind: "error", text: (e as Error).message });
    } finally {
      setPending(null);
    }
  }

  if (documents.length === 0 && !message) return null;
  return (
    <section aria-labelledby="deleted-heading" className="space-y-2 rounded border border-slate-200 bg-white p-4 text-sm">
      {recent ? <Alert kind="success">“{recent.title}” was deleted. You can restore it below until {day(recent.restorableUntil)}.</Alert> : null}
      {message ? <Alert kind={message.kind}>{message.text}</Alert> : null}
      <h2 id="deleted-heading" className="text-lg font-semibold">Deleted documents ({documents.length})</h2>
      {documents.length ? (
        <ul className="divide-y divide-slate-200">
          {documents.map((d) => (
            <li key={d.id} className="flex flex-wrap items-center justify-between gap-2 py-2">
              <span>
                <span className="font-medium">{d.title}</span> — {d.annotations} annotation{d.annotations === 1 ? "" : "s"}, deleted {day(d.deletedAt)}
                {d.deletedBy ? ` by ${d.deletedBy.name}` : ""}; removed for good on {day(d.restorableUntil)}
              </span>
              <Button variant="secondary" className="px-2 py-1" disabled={pending !== null} aria-label={`Restore ${d.title}`} onClick={() => void restore(d)}>
                {pending === d.id ? "Restoring…" : "Restore"}
              </Button>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
