"use client";
// Curators move a document to "Deleted documents", after confirming in a dialog that says what
// happens: out of every list at once, restorable for 30 days.
import { useRef, useState } from "react";
import { useRouter } from "next/navigation";
import { Alert, Button } from "@/components/ui/form";
import { api } from "@/lib/api-client";

export function DeleteDocumentButton({ documentId, projectId, title }: { documentId: string; projectId: string; title: string }) {
  const router = useRouter();
  const dialog = useRef<HTMLDialogElement>(null);
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
      <Button variant="danger" className="px-2 py-1" onClick={() => dialog.current?.showModal()}>Delete document</Button>
      <dialog ref={dialog} aria-labelledby="delete-document-heading" className="max-w-md rounded border border-slate-300 p-4 shadow-lg backdrop:bg-slate-900/40">
        <h2 id="delete-document-heading" className="text-lg font-semibold">Delete “{title}”?</h2>
        <p className="mt-2 text-sm text-slate-700">
          It leaves the document list, work queues, search, agreement, exports and the knowledge base at once, with its annotations.
          Owners and curators can restore it from “Deleted documents” on the project page for 30 days; then it is removed for good.
        </p>
        {error ? <div className="mt-2"><Alert>{error}</Alert></div> : null}
        <div className="mt-4 flex justify-end gap-2">
          <Button variant="secondary" onClick={() => dialog.current?.close()}>Cancel</Button>
          <Button variant="danger" disabled={pending} onClick={() => void remove()}>{pending ? "Deleting…" : "Delete"}</Button>
        </div>
      </dialog>
    </>
  );
}
