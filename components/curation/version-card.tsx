"use client";
import { useId } from "react";
import { Button } from "@/components/ui/form";
import { Badge } from "@/components/ui/badge";
import { undecided, type Labels, type RowVersion } from "@/components/curation/curation-types";

const STATUS_TEXT = { gold: "in gold layer", rejected: "rejected", removed: "removed from gold", agreed: "agreed, not merged yet", open: "open" } as const;

/** One annotator's version of a span: label, quote, attributes, link and relations, and what to do with it. */
export function VersionCard({ item, author, labels, differing, number, pending, onTake, onReject, onCorrect }: {
  item: RowVersion; author: string; labels: Labels; differing: Set<string>; number?: number; pending: boolean;
  onTake: () => void; onReject: () => void; onCorrect: () => void;
}) {
  const { candidate, version } = item;
  const label = labels[candidate.labelId];
  const open = undecided(candidate);
  // Every card has the same three buttons: their description says which version they act on.
  const which = useId();
  const flag = (field: string) => (differing.has(field) ? <Badge tone="warning" className="ml-1">differs</Badge> : null);
  return (
    <li aria-label={`${label?.name ?? "?"} “${candidate.exact}”`} className={`rounded border p-2 text-sm ${open ? "border-slate-300 bg-white" : "border-slate-200 bg-slate-50 text-slate-600"}`}>
      <div className="flex flex-wrap items-center gap-2">
        {number ? <kbd className="rounded border border-slate-300 px-1 text-xs" title={`Press ${number} to take this version`}>{number}</kbd> : null}
        <span className="rounded px-1.5 py-0.5 text-xs" style={{ backgroundColor: label?.color }}>{label?.name ?? "?"}</span>
        <span>“{candidate.exact}”</span>
        <span className="text-xs text-slate-600">{STATUS_TEXT[candidate.status]}</span>
      </div>
      {Object.keys(version.attributes).length || version.canonical || version.relations.length || version.note ? (
        <dl className="mt-1 grid grid-cols-[max-content_1fr] gap-x-3 text-xs">
          {Object.entries(version.attributes).map(([field, value]) => (
            <div key={field} className="contents">
              <dt className="text-slate-600">{field}</dt>
              <dd>{value}{flag(field)}</dd>
            </div>
          ))}
          {version.canonical ? (
            <>
              <dt className="text-slate-600">knowledge base</dt>
              <dd>{version.canonical.name}{flag("knowledge-base link")}</dd>
            </>
          ) : null}
          {version.relations.length ? (
            <>
              <dt className="text-slate-600">relations</dt>
              <dd>{version.relations.join("; ")}{flag("relations")}</dd>
            </>
          ) : null}
          {version.note ? (
            <>
              <dt className="text-slate-600">note</dt>
              <dd>{version.note}</dd>
            </>
          ) : null}
        </dl>
      ) : differing.size ? (
        <p className="mt-1 text-xs text-slate-600">No attributes{[...differing].map((f) => <Badge key={f} tone="warning" className="ml-1">{f} differs</Badge>)}</p>
      ) : null}
      {open ? (
        <div className="mt-2 flex flex-wrap gap-2">
          <span id={which} className="sr-only">{`${label?.name ?? "?"} “${candidate.exact}” by ${author}`}</span>
          <Button className="px-2 py-1" disabled={pending} onClick={onTake} aria-describedby={which}>Take this version</Button>
          <Button variant="secondary" className="px-2 py-1" disabled={pending} onClick={onCorrect} aria-describedby={which}>Correct span…</Button>
          <Button variant="danger" className="px-2 py-1" disabled={pending} onClick={onReject} aria-describedby={which}>Reject</Button>
        </div>
      ) : null}
    </li>
  );
}
