"use client";
// Curators move a document to "Deleted documents", after confirming in a dialog that says what
// happens: out of every list at once, restorable for 30 days.
import { useState } from "react";
import { useRouter } from "next/navigation";
import { Alert, Button } from "@/components/ui/form";
import { Dialog } from "@/components/ui/dialog";
import { api } from "@/lib/api-client";

export function DeleteDocumentButton({ documentId, projectId, title }: { documentId: string; projectId: string; title: string }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function remove() {
    setPending(true);
    setError(null);
    try {
      await api(`/api/documents/${documentId}`, { method: "DELETE" });
      router.push(`/projects/${projectId}?deleted=${encodeURIComponent(documentId)}`);
    } catch (e) {
      setError((e as Error).message);
      setPending(false);
    }
  }

  return (
    <>
      <Button variant="danger" className="px-2 py-1" onClick={() => setOpen(true)}>Delete document</Button>
      <Dialog open={open} onClose={() => setOpen(false)} title={`Delete “${title}”?`} className="max-w-md p-4 shadow-lg">
        <p className="mt-2 text-sm text-slate-700">
          It leaves the document list, work queues, search, agreement, exports and the knowledge base at once, with its annotations.
          Owners and curators can restore it from “Deleted documents” on the project page for 30 days; then it is removed for good.
        </p>
        {error ? <div className="mt-2"><Alert>{error}</Alert></div> : null}
        <div className="mt-4 flex justify-end gap-2">
          <Button variant="secondary" onClick={() => setOpen(false)}>Cancel</Button>
          <Button variant="danger" disabled={pending} onClick={() => void remove()}>{pending ? "Deleting…" : "Delete"}</Button>
        </div>
      </Dialog>
    </>
  );
}
