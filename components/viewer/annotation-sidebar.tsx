"use client";
import { memo, useDeferredValue, useEffect, useMemo, useRef, useState } from "react";
import { useVirtualizer } from "@tanstack/react-virtual";
import { Select } from "@/components/ui/form";
import type { ShownAnnotation } from "@/components/viewer/use-annotation-sync";
import type { AnnotationStore } from "@/lib/client/annotation-store";
import { readList, useStoreAfterChange } from "@/components/viewer/use-annotation-store";
import type { ViewerLabel, ViewerMember } from "@/components/viewer/viewer-types";

type Props = {
  /** The annotations: the list follows their changes after the change's frame (in a transition). */
  store: AnnotationStore;
  /** Whether an annotation's layer is shown, when some layer is hidden (their annotations are not listed). */
  inShownLayer?: (a: ShownAnnotation) => boolean;
  labels: ViewerLabel[];
  members: ViewerMember[];
  selectedId: string | null;
  onPick: (id: string) => void;
  /** The person's annotations with comments by others they have not answered. */
  commented?: ReadonlySet<string>;
};

/** Review state as words (with a sign), never colour alone. */
const REVIEW_MARKS: Record<string, string> = { ACCEPTED: "✓ accepted", REJECTED: "✗ rejected" };

/**
 * Every row is this tall (one line of quote, one of author, each cut with an ellipsis): rows the
 * virtualiser measured made it read offsetHeight in each commit, a forced layout of the page.
 */
const ROW_HEIGHT = 56;

/**
 * The document's annotations in text order, filtered by kind, label and annotator, with counts.
 * The list is virtualised: every annotation is in it (no cut at a few hundred), but only the rows
 * in and near its scrolled window are elements, and a row is rendered again only when its own
 * annotation (or its selection) changed. Each row says its place in the whole list
 * (aria-posinset/aria-setsize), so a screen reader still hears "12 of 5,000".
 */
export const AnnotationSidebar = memo(function AnnotationSidebar({ store, inShownLayer, labels, members, selectedId: picked, onPick, commented }: Props) {
  // Neither the list nor the selection renders rows in the frame of the change that made them.
  const all = useStoreAfterChange(store, readList);
  const selectedId = useDeferredValue(picked);
  const annotations = useMemo(() => (inShownLayer ? all.filter(inShownLayer) : all), [all, inShownLayer]);
  const [kind, setKind] = useState("");
  const [labelId, setLabelId] = useState("");
  const [authorId, setAuthorId] = useState("");
  const labelById = useMemo(() => new Map(labels.map((l) => [l.id, l])), [labels]);
  const names = useMemo(() => new Map(members.map((m) => [m.userId, m.name])), [members]);

  const filtered = useMemo(
    () =>
      kind || labelId || authorId
        ? annotations.filter((a) => (!kind || labelById.get(a.labelId)?.kind === kind) && (!labelId || a.labelId === labelId) && (!authorId || a.authorId === authorId))
        : annotations,
    [annotations, kind, labelId, authorId, labelById],
  );
  const counts = useMemo(() => {
    const byLabel = new Map<string, number>();
    for (const a of filtered) byLabel.set(a.labelId, (byLabel.get(a.labelId) ?? 0) + 1);
    return byLabel;
  }, [filtered]);

  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: filtered.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
    getItemKey: (index) => filtered[index].id,
  });
  // The selected annotation (picked in the text, by Alt+↓ or a link) is brought into the list's view.
  useEffect(() => {
    if (!selectedId) return;
    const index = filtered.findIndex((a) => a.id === selectedId);
    if (index >= 0) virtualizer.scrollToIndex(index, { align: "auto" });
    // Only when the selection changes: a list that changes around it must not pull the scroll back.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [selectedId]);

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
      <div ref={scroller} className="max-h-[60vh] overflow-y-auto pr-1" data-testid="annotation-list-scroller">
        <ol aria-label="Annotation list" className="relative text-sm" style={{ height: virtualizer.getTotalSize() }}>
          {virtualizer.getVirtualItems().map((item) => {
            const a = filtered[item.index];
            return (
              <li
                key={item.key}
                aria-posinset={item.index + 1}
                aria-setsize={filtered.length}
                className="absolute left-0 top-0 w-full pb-1"
                style={{ height: ROW_HEIGHT, transform: `translateY(${item.start}px)` }}
              >
                <AnnotationRow
                  annotation={a}
                  label={labelById.get(a.labelId)}
                  author={names.get(a.authorId) ?? "someone"}
                  selected={a.id === selectedId}
                  commented={!!commented?.has(a.id)}
                  onPick={onPick}
                />
              </li>
            );
          })}
        </ol>
      </div>
    </section>
  );
});

const AnnotationRow = memo(function AnnotationRow({ annotation: a, label, author, selected, commented, onPick }: {
  annotation: ShownAnnotation;
  label: ViewerLabel | undefined;
  author: string;
  selected: boolean;
  commented: boolean;
  onPick: (id: string) => void;
}) {
  return (
    <button
      type="button"
      onClick={() => onPick(a.id)}
      aria-current={selected ? "true" : undefined}
      className={`h-full w-full overflow-hidden rounded border px-2 py-1 text-left hover:bg-slate-50 ${selected ? "border-blue-600 bg-blue-50" : "border-slate-200 bg-white"}`}
    >
      <span className="block truncate">
        <span className="mr-1 inline-block h-3 w-3 rounded-sm align-middle" style={{ backgroundColor: label?.color }} aria-hidden />
        <span className="font-medium">{label?.name ?? "?"}</span>{" "}
        <span className="text-slate-700">“{a.exact.length > 60 ? `${a.exact.slice(0, 59)}…` : a.exact}”</span>
      </span>
      <span className="block truncate text-xs text-slate-600">
        {author}
        {a.pending ? " · saving…" : ""}
        {REVIEW_MARKS[a.reviewState ?? ""] ? (
          <span data-testid="review-mark" className={`ml-1 font-medium ${a.reviewState === "REJECTED" ? "text-red-800" : "text-green-800"}`}>· {REVIEW_MARKS[a.reviewState!]}</span>
        ) : null}
        {commented ? <span data-testid="comment-mark" className="ml-1 font-medium text-amber-800">· 💬 commented</span> : null}
      </span>
    </button>
  );
});
