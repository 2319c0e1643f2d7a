"use client";
import { useState } from "react";
import { Alert } from "@/components/ui/form";
import { api } from "@/lib/api-client";
import { shortQuote as short, type ViewerLabel } from "@/components/viewer/viewer-types";

type Snapshot = { labelId?: string; start?: number; end?: number; exact?: string; note?: string; attributes?: Record<string, unknown>; decision?: string; comment?: string; goldAnnotationId?: string };
type Entry = { id: string; action: "CREATE" | "UPDATE" | "DELETE" | "REVIEW" | "ADJUDICATE"; version: number; before: Snapshot | null; after: Snapshot | null; createdAt: string; actor: { id: string; name: string } };

type AcceptedFrom = { recommender: string; score: number | null; item: string | null } | null;

/** "accepting a suggestion of …": an annotation made from a recommender's suggestion says which, with its score. */
const fromSuggestion = (from: NonNullable<AcceptedFrom>) =>
  ` — by accepting ${from.item ? `the knowledge base's suggestion “${from.item}” (${from.recommender})` : `a suggestion of ${from.recommender}${from.score === null ? "" : ` (score ${Math.round(from.score * 100)}%)`}`}`;

const when = (iso: string) => new Date(iso).toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short" });

/** What changed between two versions, in words a person reads. */
function describe(entry: Entry, labelName: (id?: string) => string): string {
  const { before: b, after: a } = entry;
  switch (entry.action) {
    case "CREATE":
      return `created: ${labelName(a?.labelId)} “${short(a?.exact ?? "")}” (${a?.start}–${a?.end})`;
    case "DELETE":
      return "deleted";
    case "REVIEW":
      return `${a?.decision === "ACCEPTED" ? "accepted" : "rejected"}${a?.comment ? ` — “${short(a.comment)}”` : ""}`;
    case "ADJUDICATE":
      if (a?.decision === "REJECTED" && a.goldAnnotationId) return "rejected by the curator, who put an edited version in the gold layer";
      return {
        REJECTED: "rejected by the curator for the gold layer",
        MERGED: "merged into the gold layer (agreed)",
        TAKEN: "taken into the gold layer",
        EDITED: "replaced in the gold layer by the curator’s edited version",
      }[a?.decision ?? ""] ?? "decided by the curator";
    case "UPDATE": {
      const changes: string[] = [];
      if (b?.labelId !== a?.labelId) changes.push(`label ${labelName(b?.labelId)} → ${labelName(a?.labelId)}`);
      if (b?.start !== a?.start || b?.end !== a?.end) changes.push(`span ${b?.start}–${b?.end} → ${a?.start}–${a?.end} “${short(a?.exact ?? "")}”`);
      if (JSON.stringify(b?.attributes ?? {}) !== JSON.stringify(a?.attributes ?? {})) changes.push("attributes");
      if ((b?.note ?? "") !== (a?.note ?? "")) changes.push("note");
      return `changed ${changes.join(", ") || "nothing visible"}`;
    }
  }
}

/** Every create, change, delete, review and adjudication of one annotation, loaded when opened. */
export function AnnotationHistory({ annotationId, labels }: { annotationId: string; labels: ViewerLabel[] }) {
  const [entries, setEntries] = useState<Entry[] | null>(null);
  const [from, setFrom] = useState<AcceptedFrom>(null);
  const [error, setError] = useState<string>();
  const labelName = (id?: string) => labels.find((l) => l.id === id)?.name ?? "unknown label";
  const load = () =>
    api<{ history: Entry[]; acceptedFrom?: AcceptedFrom }>(`/api/annotations/${annotationId}/history`)
      .then((r) => {
        setEntries(r.history);
        setFrom(r.acceptedFrom ?? null);
      })
      .catch((e) => setError((e as Error).message));
  return (
    <details className="text-sm" onToggle={(e) => (e.currentTarget.open ? void load() : undefined)}>
      <summary className="cursor-pointer font-medium">History</summary>
      {error ? <Alert>{error}</Alert> : null}
      {entries === null && !error ? <p className="text-slate-600">Loading…</p> : null}
      {entries ? (
        <ol className="mt-2 space-y-1 border-l border-slate-200 pl-3" aria-label="History">
          {entries.map((e) => (
            <li key={e.id}>
              <span className="text-slate-600">{when(e.createdAt)}</span> · <span className="font-medium">{e.actor.name}</span> {describe(e, labelName)}{e.action === "CREATE" && from ? fromSuggestion(from) : ""}{" "}
              <span className="text-xs text-slate-600">(v{e.version})</span>
            </li>
          ))}
        </ol>
      ) : null}
    </details>
  );
}
