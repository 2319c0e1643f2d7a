"use client";
import { useEffect, useMemo, useRef, useState } from "react";
import { Alert, Button } from "@/components/ui/form";
import { OffsetMap } from "@/lib/anchoring/offsets";
import { DisagreementView, contextOf } from "@/components/curation/disagreement-view";
import { SpanCorrector } from "@/components/curation/span-corrector";
import { useCurationActions } from "@/components/curation/use-curation-actions";
import { annotatorRows, competitors, takeable, undecided, type CurationData, type Labels, type RowVersion } from "@/components/curation/curation-types";

/**
 * A curator settles one document: merge what annotators agree on, then decide each disagreement
 * over the text — by click or key (j/k move, 1–9 take, x reject all, c correct) — until none is left.
 */
export function CurationBoard({ documentId, text, view, labels, names }: { documentId: string; text: string; view: CurationData; labels: Labels; names: Record<string, string> }) {
  const map = useMemo(() => new OffsetMap(text), [text]);
  const actions = useCurationActions(documentId);
  const disagreements = view.clusters.filter((c) => c.state === "disagreement");
  const consensus = view.clusters.filter((c) => c.state === "consensus");
  const unsettled = [...disagreements, ...consensus];
  const [index, setIndex] = useState(0);
  const current = Math.min(index, Math.max(0, unsettled.length - 1));
  const [correcting, setCorrecting] = useState<RowVersion>();
  const refs = useRef<(HTMLElement | null)[]>([]);

  const describe = (item: RowVersion) => `“${item.candidate.exact}” (${labels[item.candidate.labelId]?.name ?? "?"}) by ${names[item.version.authorId] ?? "someone"}`;
  const take = (clusterIndex: number, item: RowVersion) =>
    void actions.take(item.candidate.key, item.version.id, competitors(unsettled[clusterIndex], item.candidate), describe(item));
  const reject = (item: RowVersion) => void actions.reject([item.candidate.key], describe(item));
  const rejectAll = (clusterIndex: number) => void actions.reject(unsettled[clusterIndex].candidates.filter(undecided).map((c) => c.key), "all open versions");

  const keys = useRef({ unsettled, current, correcting, take, rejectAll, pending: actions.pending, versions: view.versions });
  keys.current = { unsettled, current, correcting, take, rejectAll, pending: actions.pending, versions: view.versions };
  // Leaving a correction puts the focus back on its disagreement (it was inside the form that goes).
  const endCorrection = () => {
    setCorrecting(undefined);
    refs.current[keys.current.current]?.focus();
  };
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      if (e.altKey || e.ctrlKey || e.metaKey) return;
      const k = keys.current;
      // Esc leaves a correction from anywhere in it, its label list too.
      if (e.key === "Escape") {
        if (k.correcting) {
          setCorrecting(undefined);
          refs.current[k.current]?.focus();
        }
        return;
      }
      if (target?.closest("input, select, textarea, [contenteditable=true]")) return;
      if (k.correcting || k.pending || k.unsettled.length === 0) return;
      // The focus itself moves, so it is visible and a screen reader announces the disagreement.
      const move = (to: number) => {
        e.preventDefault();
        setIndex(to);
        refs.current[to]?.focus({ preventScroll: true });
        refs.current[to]?.scrollIntoView({ block: "nearest" });
      };
      if (e.key === "j" || e.key === "ArrowDown") return move(Math.min(k.current + 1, k.unsettled.length - 1));
      if (e.key === "k" || e.key === "ArrowUp") return move(Math.max(k.current - 1, 0));
      const items = takeable(annotatorRows(k.unsettled[k.current], k.versions, names));
      if (/^[1-9]$/.test(e.key) && items[Number(e.key) - 1]) return k.take(k.current, items[Number(e.key) - 1]);
      if (e.key === "x") return k.rejectAll(k.current);
      if (e.key === "c" && items[0]) return setCorrecting(items[0]);
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [names]);

  // A decision re-renders the list and the decided disagreement may go with the focus in it:
  // the focus goes to the disagreement now current, so the keyboard user keeps their place.
  const shownView = useRef(view);
  useEffect(() => {
    if (shownView.current === view) return;
    shownView.current = view;
    const focused = document.activeElement;
    if (!focused || focused === document.body || !focused.isConnected) refs.current[current]?.focus({ preventScroll: true });
  }, [view, current]);

  const section = (title: string, id: string, list: typeof unsettled, offset: number, empty: string) => (
    <section aria-labelledby={id} className="space-y-3">
      <h2 id={id} className="text-lg font-semibold">{title} ({list.length})</h2>
      {list.length === 0 ? <p className="text-sm text-slate-700">{empty}</p> : null}
      {list.map((cluster, i) => {
        const at = offset + i;
        const { from, to } = contextOf(map, cluster);
        const mine = correcting && cluster.candidates.some((c) => c.key === correcting.candidate.key) ? correcting : undefined;
        return (
          <DisagreementView
            key={`${cluster.start}-${cluster.end}`}
            ref={(el) => void (refs.current[at] = el)}
            cluster={cluster} index={at} current={at === current} map={map} versions={view.versions} names={names} labels={labels} pending={actions.pending}
            onSelect={() => setIndex(at)} onTake={(item) => take(at, item)} onReject={reject} onRejectAll={() => rejectAll(at)} onCorrect={setCorrecting}
          >
            {mine ? (
              <SpanCorrector
                map={map} from={Math.max(0, from - 40)} to={Math.min(map.codePointLength, to + 40)} labels={labels} pending={actions.pending}
                initial={{ start: mine.candidate.start, end: mine.candidate.end, exact: mine.candidate.exact }} labelId={mine.candidate.labelId}
                onCancel={endCorrection}
                onSave={(span) => void actions.correct(span, mine.candidate.key, mine.version.id, [mine.candidate.key, ...competitors(cluster, mine.candidate)], () => setCorrecting(undefined))}
              />
            ) : null}
          </DisagreementView>
        );
      })}
    </section>
  );

  return (
    <div className="space-y-5">
      <div className="flex flex-wrap items-center gap-3 text-sm">
        <span data-testid="gold-count">Gold layer: {view.goldCount} annotation{view.goldCount === 1 ? "" : "s"}</span>
        <span className="text-slate-600">Merge threshold: {view.threshold} annotators</span>
        <Button disabled={actions.pending} onClick={() => void actions.merge()}>Merge agreed spans ({view.mergeable})</Button>
      </div>
      {actions.message ? <Alert kind={actions.message.kind}>{actions.message.text}</Alert> : null}
      <p className="text-xs text-slate-600">
        Keys: <kbd>j</kbd>/<kbd>k</kbd> next/previous, <kbd>1</kbd>–<kbd>9</kbd> take the numbered version (rejecting the versions
        it competes with: same span, or same label), <kbd>x</kbd> reject all open versions, <kbd>c</kbd> correct a span by selecting
        text, <kbd>Esc</kbd> cancel. Earlier decisions are kept when you merge again after more annotations arrive.
      </p>
      {section("Disagreements", "disagreements-heading", disagreements, 0, "Nothing to adjudicate.")}
      {consensus.length ? section("Agreed, waiting for the merge", "consensus-heading", consensus, disagreements.length, "") : null}
    </div>
  );
}
