"use client";
import { memo, useCallback, useEffect, useLayoutEffect, useRef, useState, type RefObject } from "react";
import { Alert, Button } from "@/components/ui/form";
import { api } from "@/lib/api-client";
import type { ViewerLabel } from "@/components/viewer/viewer-types";
import type { ViewerSuggestion } from "@/components/viewer/suggestion-panel";
import { mergeProposals, type ProposalItem as Item } from "@/components/viewer/merge-proposals";
import { flipDecisions, type DecisionEntry, type UndoHistory } from "@/lib/client/undo-history";

export type ViewerProposal = {
  id: string; recommender: string; kind: "STRING_MATCHER" | "ENGLISH_NER" | "LABEL_STUDIO" | "OPENAI";
  labelId: string; start: number; end: number; exact: string; score: number;
};

/**
 * What the recommenders propose to you in this document. Nobody's annotation until you accept it
 * (then it is yours); a reject is yours alone — others still see the proposal.
 */
const REFRESH_AFTER_MS = 1000;
/** Rows listed: a recommender that learned common words can propose tens of thousands of spans. */
const MAX_LISTED = 200;

export function useProposals(documentId: string, enabled: boolean, refreshKey: unknown) {
  const [proposals, setProposals] = useState<ViewerProposal[]>([]);
  const load = useCallback(() => api<{ proposals: ViewerProposal[] }>(`/api/documents/${documentId}/proposals`), [documentId]);
  const reload = useCallback(async () => setProposals((await load()).proposals), [load]);
  const loaded = useRef(false);
  useEffect(() => {
    if (!enabled) return;
    let cancelled = false;
    // The first list at once; after a change, once the person pauses: the string matcher works on
    // the server's one thread, and a burst of tagging asks for its answer once, not per annotation.
    const timer = setTimeout(() => load().then((r) => !cancelled && setProposals(r.proposals)).catch(() => undefined), loaded.current ? REFRESH_AFTER_MS : 0);
    loaded.current = true;
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
    // refreshKey: the string matcher learns from each new annotation, so what it proposes changes.
  }, [load, enabled, refreshKey]);
  return { proposals, reload };
}

const percent = (score: number) => `${Math.round(score * 100)}%`;

type Accepted = { accepted: { labelId: string; start: number; end: number; suggestionId: string | null }[] };
const NO_ANNOTATION_CHANGES = () => null;

/** What a decision entry did, in words (the status line after a decision, an undo or a redo). */
function describeDecisions(e: DecisionEntry, labelName: (id: string) => string) {
  if (e.bulk) return `Accepted ${e.proposals.length + e.suggestions.length} as ${labelName(e.labelId)}`;
  return `${e.verdict === "accept" ? "Accepted" : "Rejected"} “${e.exact ?? ""}”`;
}

// Memoised: the viewer renders on every change of an annotation, the proposals change far less often.
export const ProposalPanel = memo(function ProposalPanel({ documentId, proposals, suggestions = [], labels, canDecideSuggestions = false, history, onDecided, onShow }: {
  documentId: string; proposals: ViewerProposal[]; suggestions?: ViewerSuggestion[]; labels: ViewerLabel[]; canDecideSuggestions?: boolean;
  /** The viewer's undo history: each decision is a step of it, so Ctrl+Z and Ctrl+Shift+Z take it back and make it again. */
  history: RefObject<UndoHistory>;
  /** After any decision: both lists change (a new annotation teaches the string matcher and may cover a suggestion). */
  onDecided: () => Promise<unknown>; onShow: (at: { start: number }) => void;
}) {
  const [error, setError] = useState<string>();
  // The last step, for the status line and its Undo button (while it stands: not undone yet).
  const [last, setLast] = useState<{ what: string; entry: DecisionEntry } | null>(null);
  const rows = useRef<(HTMLLIElement | null)[]>([]);
  // Decisions, undos and redos reach the server one after another, in the order they were made:
  // an undo pressed before its accept was answered must not arrive first.
  const queue = useRef<Promise<void>>(Promise.resolve());
  const labelsRef = useRef(labels);
  useLayoutEffect(() => {
    labelsRef.current = labels;
  });
  // Stable for the undo applier (set once per document), current for what is rendered.
  const labelNameLater = useCallback((id: string | undefined) => labelsRef.current.find((l) => l.id === id)?.name ?? "?", []);
  const labelName = (id: string | undefined) => labels.find((l) => l.id === id)?.name ?? "?";
  const enqueue = useCallback((work: () => Promise<void>) => {
    queue.current = queue.current.then(async () => {
      setError(undefined);
      try {
        await work();
      } catch (e) {
        setError((e as Error).message);
      }
      await onDecided().catch(() => undefined);
    });
    return queue.current;
  }, [onDecided]);

  // Undo (withdraw on the server) and redo (decide again) of a decision step.
  const applyDecisions = useCallback((entry: DecisionEntry): DecisionEntry => {
    const what = describeDecisions(entry, labelNameLater);
    // The same object goes onto the history and into the status line: its Undo button is shown while it is the next step back.
    const next = flipDecisions(entry);
    void enqueue(async () => {
      if (entry.made) {
        const { kept } = await api<{ kept: unknown[] }>(`/api/documents/${documentId}/proposals/undo`, {
          method: "POST",
          json: { decisions: entry.proposals.map((p) => ({ labelId: entry.labelId, ...p })), suggestionIds: entry.suggestions.map((s) => s.id) },
        });
        setLast({ what: `Undone: ${what}.`, entry: next });
        if (kept.length) setError(`${kept.length} accepted annotation(s) were changed since and stay yours.`);
        return;
      }
      if (entry.bulk) {
        const spans = [...entry.proposals, ...entry.suggestions].map(({ start, end }) => ({ start, end }));
        await api<Accepted>(`/api/documents/${documentId}/proposals/accept-all`, { method: "POST", json: { labelId: entry.labelId, spans } });
      } else if (entry.suggestions[0]) {
        await api(`/api/suggestions/${entry.suggestions[0].id}`, { method: "POST", json: { decision: entry.verdict, ...(entry.verdict === "accept" ? { labelId: entry.labelId } : {}) } });
      } else {
        await api(`/api/documents/${documentId}/proposals`, { method: "POST", json: { decision: entry.verdict, labelId: entry.labelId, ...entry.proposals[0] } });
      }
      setLast({ what: `Redone: ${what}.`, entry: next });
    });
    return next;
  }, [documentId, enqueue, labelNameLater]);
  useEffect(() => history.current.handleDecisions(applyDecisions), [history, applyDecisions]);

  const all = mergeProposals(proposals, suggestions, labels);
  if (all.length === 0 && !last && !error) return null;
  const items = all.length > MAX_LISTED ? all.slice(0, MAX_LISTED) : all;
  // Accept all takes every suggestion of the label, whichever recommender made it.
  const byLabel = new Map<string, number>();
  for (const i of all) if (i.labelId && (i.source === "recommender" || canDecideSuggestions)) byLabel.set(i.labelId, (byLabel.get(i.labelId) ?? 0) + 1);
  const record = (what: string, entry: DecisionEntry) => {
    history.current.record(entry);
    setLast({ what, entry });
  };
  const acceptAll = (labelId: string) => enqueue(async () => {
    const { accepted } = await api<Accepted>(`/api/documents/${documentId}/proposals/accept-all`, { method: "POST", json: { labelId } });
    if (accepted.length === 0) return;
    const entry: DecisionEntry = {
      type: "decisions", made: true, verdict: "accept", labelId, bulk: true,
      proposals: accepted.filter((a) => !a.suggestionId).map(({ start, end }) => ({ start, end })),
      suggestions: accepted.flatMap((a) => (a.suggestionId ? [{ id: a.suggestionId, start: a.start, end: a.end }] : [])),
    };
    record(`${describeDecisions(entry, labelName)}.`, entry);
  });
  const undoLast = () => {
    // Undo goes newest first: only when this decision is the next step back does the button take it (no annotation change is undone here).
    if (last && history.current.latest === last.entry) history.current.undo(NO_ANNOTATION_CHANGES);
    else setError("You changed annotations since: Ctrl+Z takes those back first.");
  };
  const decide = (item: Item, index: number, decision: "accept" | "reject") => enqueue(async () => {
    const done = `${decision === "accept" ? "Accepted" : "Rejected"} “${item.exact}”`;
    if (item.source === "recommender") {
      const p = item.proposal;
      await api(`/api/documents/${documentId}/proposals`, { method: "POST", json: { decision, labelId: p.labelId, start: p.start, end: p.end } });
      record(`${done}.`, { type: "decisions", made: true, verdict: decision, labelId: p.labelId, bulk: false, exact: item.exact, proposals: [{ start: p.start, end: p.end }], suggestions: [] });
    } else {
      const s = item.suggestion;
      await api(`/api/suggestions/${s.id}`, { method: "POST", json: { decision, labelId: item.labelId } });
      // A suggestion is offered with a label; without one (none of its kind in the scheme) there is nothing to accept it as.
      const entry: DecisionEntry = { type: "decisions", made: true, verdict: decision, labelId: item.labelId ?? "", bulk: false, exact: item.exact, proposals: [], suggestions: [{ id: s.id, start: s.start, end: s.end }] };
      record(`${done} (${s.item.name}, from the knowledge base).`, entry);
    }
    requestAnimationFrame(() => rows.current[Math.min(index, items.length - 2)]?.focus());
  });
  const canDecide = (item: Item) => item.source === "recommender" || canDecideSuggestions;
  return (
    <section aria-labelledby="proposals-heading" className="space-y-1 text-sm">
      <h2 id="proposals-heading" className="font-semibold">Proposed by recommenders ({all.length})</h2>
      <p className="text-xs text-slate-600">Not anyone&apos;s annotation until you accept it. Focus one: A accepts, X rejects, ↓/↑ move.</p>
      {last ? (
        <p role="status" className="flex items-center gap-2 text-xs">
          {last.what} {last.entry.made ? <Button variant="secondary" className="px-2 py-0.5" onClick={undoLast}>Undo</Button> : null}
        </p>
      ) : null}
      <div className="flex flex-wrap gap-1">
        {[...byLabel].filter(([, n]) => n > 1).map(([labelId, n]) => (
          <Button key={labelId} variant="secondary" className="px-2 py-0.5 text-xs" onClick={() => void acceptAll(labelId)}>Accept all {n} {labelName(labelId)}</Button>
        ))}
      </div>
      <ul className="space-y-1" aria-label="Proposals">
        {items.map((item, i) => (
          // Each row is one focus stop taking A/X and ↑/↓ (its buttons are tabIndex -1 pointer shortcuts),
          // so the list is walked without tabbing through every button.
          // eslint-disable-next-line jsx-a11y/no-noninteractive-element-interactions
          <li
            key={item.key}
            ref={(el) => { rows.current[i] = el; }}
            // eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex -- a roving row, see above
            tabIndex={0}
            className="flex items-center gap-2 rounded border border-dotted border-slate-400 p-1 focus:outline-2 focus:outline-blue-600"
            aria-label={item.source === "recommender"
              ? `Proposal: “${item.exact}” as ${labelName(item.labelId)}, ${percent(item.proposal.score)} by ${item.proposal.recommender}`
              : `Proposal: “${item.exact}” is ${item.suggestion.item.name} (${labelName(item.labelId)}), by the knowledge base`}
            onFocus={() => onShow(item)}
            onKeyDown={(e) => {
              if (e.target !== e.currentTarget) return;
              const key = e.key.toLowerCase();
              if (e.ctrlKey || e.metaKey || e.altKey) return;
              if (canDecide(item) && key === "a") { e.preventDefault(); void decide(item, i, "accept"); }
              else if (canDecide(item) && key === "x") { e.preventDefault(); void decide(item, i, "reject"); }
              else if (e.key === "ArrowDown") { e.preventDefault(); rows.current[i + 1]?.focus(); }
              else if (e.key === "ArrowUp") { e.preventDefault(); rows.current[i - 1]?.focus(); }
            }}
          >
            <span className="min-w-0 flex-1">
              “{item.exact}” → <strong>{item.source === "knowledge" ? item.suggestion.item.name : labelName(item.labelId)}</strong>{" "}
              <span className="text-xs text-slate-600">
                {item.source === "recommender" ? `${percent(item.proposal.score)} · ${item.proposal.recommender}` : `${labelName(item.labelId)} · knowledge base`}
              </span>
            </span>
            {canDecide(item) ? (
              <>
                <Button className="px-2 py-0.5" onClick={() => void decide(item, i, "accept")} tabIndex={-1}>Accept</Button>
                <Button variant="secondary" className="px-2 py-0.5" onClick={() => void decide(item, i, "reject")} tabIndex={-1}>Reject</Button>
              </>
            ) : null}
          </li>
        ))}
      </ul>
      {all.length > items.length ? <p className="text-xs text-slate-600">The first {items.length} of {all.length} are listed; the rest are marked in the text, or accept all of a label above.</p> : null}
      {error ? <Alert>{error}</Alert> : null}
    </section>
  );
});
