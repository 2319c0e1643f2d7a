"use client";
import { useState } from "react";
import Link from "next/link";
import { Alert, Button } from "@/components/ui/form";
import { api } from "@/lib/api-client";
import { describeAttention, type AttentionItem } from "@/components/feedback/attention-types";

const KIND_TEXT = { rejected: "Rejected", accepted: "Accepted, with a comment", comment: "New comment" } as const;

/**
 * "Needs your attention": feedback by others on the person's annotations, each linking to the
 * annotation in its document. An item goes when they act on it there, or when they put it away here.
 */
export function AttentionList({ projectId, initial }: { projectId: string; initial: AttentionItem[] }) {
  const [items, setItems] = useState(initial);
  const [error, setError] = useState<string>();
  if (!items.length && !error) return null;

  const dismiss = async (annotationId: string) => {
    try {
      await api(`/api/projects/${projectId}/attention/dismissals`, { method: "POST", json: { annotationId } });
      setItems((shown) => shown.filter((i) => i.annotation.id !== annotationId));
      setError(undefined);
    } catch (e) {
      setError((e as Error).message);
    }
  };

  return (
    <section aria-labelledby="attention-heading" className="rounded border border-amber-300 bg-amber-50 p-3 text-sm">
      <h2 id="attention-heading" className="font-semibold">Needs your attention ({items.length})</h2>
      {error ? <Alert>{error}</Alert> : null}
      <ul className="mt-1 space-y-2">
        {items.map((item) => (
          <li key={item.key} className="flex flex-wrap items-baseline gap-2">
            <span className="font-medium">{KIND_TEXT[item.kind]}:</span>
            <Link href={`/documents/${item.annotation.documentId}?annotation=${item.annotation.id}`} className="text-blue-800 underline">
              “{item.annotation.exact.length > 40 ? `${item.annotation.exact.slice(0, 39)}…` : item.annotation.exact}”
            </Link>
            <span className="text-slate-700">in {item.annotation.documentTitle} — {describeAttention(item)}</span>
            <Button variant="secondary" className="ml-auto px-2 py-0.5 text-xs" onClick={() => void dismiss(item.annotation.id)}>
              Dismiss
            </Button>
          </li>
        ))}
      </ul>
    </section>
  );
}
