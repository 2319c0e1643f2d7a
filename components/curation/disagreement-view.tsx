"use client";
import { forwardRef } from "react";
import { Button } from "@/components/ui/form";
import type { OffsetMap } from "@/lib/anchoring/offsets";
import { TextRow } from "@/components/curation/text-row";
import { VersionCard } from "@/components/curation/version-card";
import { annotatorRows, differences, takeable, undecided, type Cluster, type Labels, type RowVersion, type Version } from "@/components/curation/curation-types";

/** Code points of text shown around a cluster. */
const CONTEXT = 40;

export const contextOf = (map: OffsetMap, cluster: Cluster) => ({ from: Math.max(0, cluster.start - CONTEXT), to: Math.min(map.codePointLength, cluster.end + CONTEXT) });

/**
 * One place where annotators' spans overlap: the text once per annotator, with their spans drawn
 * over it, rows aligned; under each row that annotator's versions with their details.
 */
export const DisagreementView = forwardRef<HTMLElement, {
  cluster: Cluster; index: number; current: boolean; map: OffsetMap; versions: Record<string, Version>; names: Record<string, string>; labels: Labels; pending: boolean;
  onSelect: () => void; onTake: (item: RowVersion) => void; onReject: (item: RowVersion) => void; onRejectAll: () => void; onCorrect: (item: RowVersion) => void;
  children?: React.ReactNode;
}>(function DisagreementView({ cluster, index, current, map, versions, names, labels, pending, onSelect, onTake, onReject, onRejectAll, onCorrect, children }, ref) {
  const { from, to } = contextOf(map, cluster);
  const rows = annotatorRows(cluster, versions, names);
  const numbered = takeable(rows);
  // Each version's place among the takeable ones (its first, as indexOf gave), found once.
  const numberOf = new Map<RowVersion, number>();
  numbered.forEach((item, n) => { if (!numberOf.has(item)) numberOf.set(item, n); });
  const gold = cluster.candidates.filter((c) => c.status === "gold");
  const open = cluster.candidates.filter(undecided);
  return (
    // Keyboard users select a disagreement by focusing into it (onFocus) or with J/K; the click is
    // the pointer's way to do the same on its text.
    // eslint-disable-next-line jsx-a11y/click-events-have-key-events, jsx-a11y/no-noninteractive-element-interactions
    <section
      ref={ref}
      tabIndex={-1}
      aria-label={`Disagreement ${index + 1}`}
      aria-current={current ? "true" : undefined}
      onFocus={onSelect}
      onClick={onSelect}
      className={`space-y-2 rounded border bg-white p-3 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-700 ${current ? "border-blue-500 ring-2 ring-blue-200" : "border-slate-200"}`}
    >
      <div className="grid grid-cols-[8rem_1fr] items-start gap-x-3 gap-y-1">
        <span className="pt-1 text-xs font-medium text-amber-800">Gold layer</span>
        <TextRow map={map} from={from} to={to} labels={labels} label="Gold layer" spans={gold.map((c) => ({ id: c.key, start: c.start, end: c.end, labelId: c.labelId }))} />
        {rows.map((row) => (
          <div key={row.authorId} className="contents" role="group" aria-label={`${names[row.authorId] ?? "someone"}'s version`}>
            <span className="truncate pt-1 text-xs font-medium text-slate-700">{names[row.authorId] ?? "someone"}</span>
            <div className="space-y-1 border-t border-slate-100 pt-1">
              <TextRow
                map={map} from={from} to={to} labels={labels} label={`Text as ${names[row.authorId] ?? "someone"} annotated it`}
                spans={row.versions.map((v) => ({ id: v.version.id, start: v.candidate.start, end: v.candidate.end, labelId: v.candidate.labelId, dashed: !undecided(v.candidate) }))}
              />
              <ul className="space-y-1">
                {row.versions.map((item) => {
                  const n = numberOf.get(item) ?? -1;
                  return (
                    <VersionCard
                      key={item.version.id}
                      item={item}
                      author={names[row.authorId] ?? "someone"}
                      labels={labels}
                      differing={differences(cluster, versions, item.candidate.labelId)}
                      number={current && n >= 0 && n < 9 ? n + 1 : undefined}
                      pending={pending}
                      onTake={() => onTake(item)}
                      onReject={() => onReject(item)}
                      onCorrect={() => onCorrect(item)}
                    />
                  );
                })}
              </ul>
            </div>
          </div>
        ))}
      </div>
      {children}
      {open.length > 1 ? (
        <Button variant="danger" className="px-2 py-1" disabled={pending} onClick={onRejectAll}>Reject all open versions</Button>
      ) : null}
    </section>
  );
});
