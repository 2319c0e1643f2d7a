"use client";
import { useState } from "react";
import { api } from "@/lib/api-client";

type Kept = "originalHtml" | "rawText";
const SUMMARY: Record<Kept, string> = {
  originalHtml: "Show the source of the web page this text was read from",
  rawText: "Show the original text as imported, before trimming",
};

/**
 * What an import kept beside the canonical text — the web page it was read from, or the text
 * before site furniture was trimmed — fetched only when asked for (either can be megabytes, and
 * the document page would otherwise carry it on every visit).
 */
export function OriginalPage({ documentId, kept = "originalHtml" }: { documentId: string; kept?: Kept }) {
  const [source, setSource] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  return (
    <details
      className="max-w-3xl text-sm"
      onToggle={(e) => {
        if (!(e.currentTarget as HTMLDetailsElement).open || source !== null) return;
        api<Record<Kept, string | null>>(`/api/documents/${documentId}?raw=1`)
          .then((doc) => setSource(doc[kept] ?? ""))
          .catch((err: Error) => setError(err.message));
      }}
    >
      <summary className="cursor-pointer text-slate-700">{SUMMARY[kept]}</summary>
      {error ? <p role="alert" className="mt-2 text-red-800">Could not load it: {error}</p> : null}
      {source === null && !error ? <p className="mt-2 text-slate-600">Loading…</p> : null}
      {source !== null ? (
        <pre className="mt-2 max-h-96 overflow-auto whitespace-pre-wrap rounded border border-slate-200 bg-slate-100 p-3">{source}</pre>
      ) : null}
    </details>
  );
}
