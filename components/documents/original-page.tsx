"use client";
import { useState } from "react";
import { api } from "@/lib/api-client";

/** The source of the web page a document was read from, fetched only when asked for (it can be megabytes). */
export function OriginalPage({ documentId }: { documentId: string }) {
  const [source, setSource] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  return (
    <details
      className="max-w-3xl text-sm"
      onToggle={(e) => {
        if (!(e.currentTarget as HTMLDetailsElement).open || source !== null) return;
        api<{ originalHtml: string | null }>(`/api/documents/${documentId}?raw=1`)
          .then((doc) => setSource(doc.originalHtml ?? ""))
          .catch((err: Error) => setError(err.message));
      }}
    >
      <summary className="cursor-pointer text-slate-700">Show the source of the web page this text was read from</summary>
      {error ? <p role="alert" className="mt-2 text-red-800">Could not load the page: {error}</p> : null}
      {source === null && !error ? <p className="mt-2 text-slate-600">Loading…</p> : null}
      {source !== null ? (
        <pre className="mt-2 max-h-96 overflow-auto whitespace-pre-wrap rounded border border-slate-200 bg-slate-100 p-3">{source}</pre>
      ) : null}
    </details>
  );
}
