"use client";
import { memo, useMemo, useState } from "react";
import { Select } from "@/components/ui/form";
import type { ShownAnnotation } from "@/components/viewer/use-annotation-sync";
import type { ViewerLabel, ViewerMember } from "@/components/viewer/viewer-types";

const MAX_LISTED = 300;

type Props = {
  annotations: ShownAnnotation[];
  labels: ViewerLabel[];
  members: ViewerMember[];
  selectedId: string | null;
  onPick: (id: string) => void;
  /** The person's annotations with comments by others they have not answered. */
  commented?: ReadonlySet<string>;
};

/** Review state as words (with a sign), never colour alone. */
const REVIEW_MARKS: Record<string, string> = { ACCEPTED: "✓ accepted", REJECTED: "✗ rejected" };

/** The document's annotations in text order, filtered by kind, label and annotator, with counts. */
export const AnnotationSidebar = memo(function AnnotationSidebar({ annotations, labels, members, selectedId, onPick, commented }: Props) {
  const [kind, setKind] = useState("");
  const [labelId, setLabelId] = useState("");
  const [authorId, setAuthorId] = useState("");
  const labelById = useMemo(() => new Map(labels.map((l) => [l.id, l])), [labels]);
  const names = useMemo(() => new Map(members.map((m) => [m.userId, m.name])), [members]);

  const filtered = annotations.filter(
    (a) => (!kind || labelById.get(a.labelId)?.kind === kind) && (!labelId || a.labelId === labelId) && (!authorId || a.authorId === authorId),
  );
  const counts = new Map<string, number>();
  for (const a of filtered) counts.set(a.labelId, (counts.get(a.labelId) ?? 0) + 1);

  return (
    <section aria-labelledby="sidebar-heading" className="space-y-3">
      <h2 id="sidebar-heading" className="font-semibold">
        Annotations <span className="font-normal text-slate-600">({filtered.length})</span>
      </h2>
      <div className="grid grid-cols-3 gap-2 text-xs">
        <Select aria-label="Filter by kind" value={kind} onChange={(e) => setKind(e.target.value)} className="mt-0 px-1 py-1 text-xs">
          <option value="">All kinds</option>
          <option value="CLAIM">Claims</option>
          <option value="EVENT">Events</option>
          <option value="ENTITY">Entities</option>
        </Select>
        <Select aria-label="Filter by label" value={labelId} onChange={(e) => setLabelId(e.target.value)} className="mt-0 px-1 py-1 text-xs">
          <option value="">All labels</option>
          {labels.map((l) => (
            <option key={l.id} value={l.id}>{l.name}</option>
          ))}
        </Select>
        <Select aria-label="Filter by annotator" value={authorId} onChange={(e) => setAuthorId(e.target.value)} className="mt-0 px-1 py-1 text-xs">
          <option value="">All annotators</option>
          {members.map((m) => (
            <option key={m.userId} value={m.userId}>{m.name}</option>
          ))}
        </Select>
      </div>
      <ul aria-label="Counts per label" className="flex flex-wrap gap-1 text-xs">
        {labels.filter((l) => counts.get(l.id)).map((l) => (
          <li key={l.id} className="rounded px-1.5 py-0.5" style={{ backgroundColor: l.color }}>
            {l.name}: {counts.get(l.id)}
          </li>
        ))}
      </ul>
      <ol aria-label="Annotation list" className="max-h-[60vh] space-y-1 overflow-y-auto pr-1 text-sm lg:max-h-none lg:overflow-visible">
        {filtered.slice(0, MAX_LISTED).map((a) => {
          const label = labelById.get(a.labelId);
          return (
            <li key={a.id}>
              <button
                type="button"
                onClick={() => onPick(a.id)}
                aria-current={a.id === selectedId ? "true" : undefined}
                className={`w-full rounded border px-2 py-1 text-left hover:bg-slate-50 ${a.id === selectedId ? "border-blue-600 bg-blue-50" : "border-slate-200 bg-white"}`}
              >
                <span className="mr-1 inline-block h-3 w-3 rounded-sm align-middle" style={{ backgroundColor: label?.color }} aria-hidden />
                <span className="font-medium">{label?.name ?? "?"}</span>{" "}
                <span className="text-slate-700">“{a.exact.length > 60 ? `${a.exact.slice(0, 59)}…` : a.exact}”</span>
                <span className="block text-xs text-slate-600">
                  {names.get(a.authorId) ?? "someone"}
                  {a.pending ? " · saving…" : ""}
                  {REVIEW_MARKS[a.reviewState ?? ""] ? (
                    <span data-testid="review-mark" className={`ml-1 font-medium ${a.reviewState === "REJECTED" ? "text-red-800" : "text-green-800"}`}>· {REVIEW_MARKS[a.reviewState!]}</span>
                  ) : null}
                  {commented?.has(a.id) ? <span data-testid="comment-mark" className="ml-1 font-medium text-amber-800">· 💬 commented</span> : null}
                </span>
              </button>
            </li>
          );
        })}
      </ol>
      {filtered.length > MAX_LISTED ? <p className="text-xs text-slate-600">Showing the first {MAX_LISTED}; narrow the list with the filters.</p> : null}
    </section>
  );
});
