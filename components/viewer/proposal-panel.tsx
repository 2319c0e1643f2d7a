"use client";
import { memo, useCallback, useEffect, useRef, useState } from "react";
import { Alert, Button } from "@/components/ui/form";
import { api } from "@/lib/api-client";
import type { ViewerLabel } from "@/components/viewer/viewer-types";
import type { ViewerSuggestion } from "@/components/viewer/suggestion-panel";
import { mergeProposals, type ProposalItem as Item } from "@/components/viewer/merge-proposals";

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

// Memoised: the viewer renders on every change of an annotation, the proposals change far less often.
export const ProposalPanel = memo(function ProposalPanel({ documentId, proposals, suggestions = [], labels, canDecideSuggestions = false, onDecided, onShow }: {
  documentId: string; proposals: ViewerProposal[]; suggestions?: ViewerSuggestion[]; labels: ViewerLabel[]; canDecideSuggestions?: boolean;
  /** After any decision: both lists change (a new annotation teaches the string matcher and may cover a suggestion). */
  onDecided: () => Promise<unknown>; onShow: (at: { start: number }) => void;
}) {
  const [error, setError] = useState<string>();
  // The last decision(s), for Undo: the spans and what was done (a knowledge-base accept has no undo).
  const [last, setLast] = useState<{ what: string; decisions: { labelId: string; start: number; end: number }[] } | null>(null);
  const rows = useRef<(HTMLLIElement | null)[]>([]);
  const all = mergeProposals(proposals, suggestions, labels);
  if (all.length === 0 && !last) return null;
  const items = all.length > MAX_LISTED ? all.slice(0, MAX_LISTED) : all;
  const byLabel = new Map<string, number>();
  for (const p of proposals) byLabel.set(p.labelId, (byLabel.get(p.labelId) ?? 0) + 1);
  const labelName = (id: string | undefined) => labels.find((l) => l.id === id)?.name ?? "?";
  const attempt = async (work: () => Promise<void>) => {
    setError(undefined);
    try {
      await work();
    } catch (e) {
      setError((e as Error).message);
    }
  };
  const acceptAll = (labelId: string) => attempt(async () => {
    const { accepted } = await api<{ accepted: { labelId: string; start: number; end: number }[] }>(`/api/documents/${documentId}/proposals/accept-all`, { method: "POST", json: { labelId } });
    setLast({ what: `Accepted ${accepted.length} as ${labelName(labelId)}.`, decisions: accepted.map(({ labelId, start, end }) => ({ labelId, start, end })) });
    await onDecided();
  });
  const undo = () => attempt(async () => {
    if (!last) return;
    const { kept } = await api<{ kept: unknown[] }>(`/api/documents/${documentId}/proposals/undo`, { method: "POST", json: { decisions: last.decisions } });
    setLast(null);
    if (kept.length) setError(`${kept.length} accepted annotation(s) were changed since and stay yours.`);
    await onDecided();
  });
  const decide = (item: Item, index: number, decision: "accept" | "reject") => attempt(async () => {
    const done = `${decision === "accept" ? "Accepted" : "Rejected"} “${item.exact}”`;
    if (item.source === "recommender") {
      const p = item.proposal;
      await api(`/api/documents/${documentId}/proposals`, { method: "POST", json: { decision, labelId: p.labelId, start: p.start, end: p.end } });
      setLast({ what: `${done}.`, decisions: [{ labelId: p.labelId, start: p.start, end: p.end }] });
    } else {
      await api(`/api/suggestions/${item.suggestion.id}`, { method: "POST", json: { decision, labelId: item.labelId } });
      setLast({ what: `${done} (${item.suggestion.item.name}, from the knowledge base).`, decisions: [] });
    }
    await onDecided();
    requestAnimationFrame(() => rows.current[Math.min(index, items.length - 2)]?.focus());
  });
  const canDecide = (item: Item) => item.source === "recommender" || canDecideSuggestions;
  return (
    <section aria-labelledby="proposals-heading" className="space-y-1 text-sm">
      <h2 id="proposals-heading" className="font-semibold">Proposed by recommenders ({all.length})</h2>
      <p className="text-xs text-slate-600">Not anyone&apos;s annotation until you accept it. Focus one: A accepts, X rejects, ↓/↑ move.</p>
      {last ? (
        <p role="status" className="flex items-center gap-2 text-xs">
          {last.what} {last.decisions.length ? <Button variant="secondary" className="px-2 py-0.5" onClick={() => void undo()}>Undo</Button> : null}
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
