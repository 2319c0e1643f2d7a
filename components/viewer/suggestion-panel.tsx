"use client";
import { useCallback, useEffect, useRef, useState } from "react";
import { Alert, Button } from "@/components/ui/form";
import { api } from "@/lib/api-client";
import type { ViewerLabel } from "@/components/viewer/viewer-types";

export type ViewerSuggestion = {
  id: string; start: number; end: number; exact: string;
  item: { id: string; name: string; kind: "CLAIM" | "EVENT" | "ENTITY" };
  label: { id: string; name: string } | null;
};

/**
 * Mentions of known entities the knowledge base found in this document. Nobody's annotation until
 * accepted: focus one and press A to accept it (it becomes your annotation, linked to the entity)
 * or X to reject it; ↓/↑ move between them.
 */
export function useSuggestions(documentId: string) {
  const [suggestions, setSuggestions] = useState<ViewerSuggestion[]>([]);
  const reload = useCallback(async () => {
    setSuggestions((await api<{ suggestions: ViewerSuggestion[] }>(`/api/documents/${documentId}/suggestions`)).suggestions);
  }, [documentId]);
  useEffect(() => {
    let cancelled = false;
    api<{ suggestions: ViewerSuggestion[] }>(`/api/documents/${documentId}/suggestions`)
      .then((r) => !cancelled && setSuggestions(r.suggestions))
      .catch(() => undefined);
    return () => {
      cancelled = true;
    };
  }, [documentId]);
  return { suggestions, reload };
}

export function SuggestionPanel({ suggestions, labels, canDecide, onDecided, onShow }: {
  suggestions: ViewerSuggestion[]; labels: ViewerLabel[]; canDecide: boolean; onDecided: () => Promise<void>; onShow: (s: ViewerSuggestion) => void;
}) {
  const [error, setError] = useState<string>();
  const rows = useRef<(HTMLLIElement | null)[]>([]);
  if (suggestions.length === 0) return null;
  const decide = async (s: ViewerSuggestion, index: number, decision: "accept" | "reject") => {
    setError(undefined);
    try {
      const labelId = s.label?.id ?? labels.find((l) => l.kind === s.item.kind)?.id;
      await api(`/api/suggestions/${s.id}`, { method: "POST", json: { decision, labelId } });
      await onDecided();
      requestAnimationFrame(() => rows.current[Math.min(index, suggestions.length - 2)]?.focus());
    } catch (e) {
      setError((e as Error).message);
    }
  };
  return (
    <section aria-labelledby="suggestions-heading" className="space-y-1 text-sm">
      <h2 id="suggestions-heading" className="font-semibold">Suggestions ({suggestions.length})</h2>
      <p className="text-xs text-slate-600">Known entities found in this text. Focus one: A accepts, X rejects, ↓/↑ move.</p>
      <ul className="space-y-1" aria-label="Suggestions">
        {suggestions.map((s, i) => (
          // Each row is one focus stop taking A/X and ↑/↓ (its buttons are tabIndex -1 pointer shortcuts),
          // so the list is walked without tabbing through every button.
          // eslint-disable-next-line jsx-a11y/no-noninteractive-element-interactions
          <li
            key={s.id}
            ref={(el) => { rows.current[i] = el; }}
            // eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex -- a roving row, see above
            tabIndex={0}
            className="flex items-center gap-2 rounded border border-dashed border-slate-300 p-1 focus:outline-2 focus:outline-blue-600"
            aria-label={`Suggestion: “${s.exact}” is ${s.item.name}`}
            onFocus={() => onShow(s)}
            onKeyDown={(e) => {
              if (e.target !== e.currentTarget) return;
              const key = e.key.toLowerCase();
              if (canDecide && key === "a") { e.preventDefault(); void decide(s, i, "accept"); }
              else if (canDecide && key === "x") { e.preventDefault(); void decide(s, i, "reject"); }
              else if (e.key === "ArrowDown") { e.preventDefault(); rows.current[i + 1]?.focus(); }
              else if (e.key === "ArrowUp") { e.preventDefault(); rows.current[i - 1]?.focus(); }
            }}
          >
            <span className="min-w-0 flex-1">“{s.exact}” → <strong>{s.item.name}</strong>{s.label ? ` (${s.label.name})` : ""}</span>
            {canDecide ? (
              <>
                <Button className="px-2 py-0.5" onClick={() => void decide(s, i, "accept")} tabIndex={-1}>Accept</Button>
                <Button variant="secondary" className="px-2 py-0.5" onClick={() => void decide(s, i, "reject")} tabIndex={-1}>Reject</Button>
              </>
            ) : null}
          </li>
        ))}
      </ul>
      {error ? <Alert>{error}</Alert> : null}
    </section>
  );
}
