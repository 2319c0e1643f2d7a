"use client";
import { useCallback, useEffect, useState } from "react";
import { api } from "@/lib/api-client";

export type ViewerSuggestion = {
  id: string; start: number; end: number; exact: string;
  item: { id: string; name: string; kind: "CLAIM" | "EVENT" | "ENTITY" };
  label: { id: string; name: string } | null;
};

/**
 * Mentions of known entities the knowledge base found in this document. Nobody's annotation until
 * accepted (it becomes your annotation, linked to the entity). Shown and decided in the
 * recommenders' list (proposal-panel.tsx): the knowledge base is one more recommender there.
 */
type SuggestionsAnswer = { suggestions: ViewerSuggestion[]; pending?: boolean };
/** While a new document's suggestions are still being made (a background job), ask again this often, this many times. */
const PENDING_POLL_MS = 1_500;
const PENDING_POLLS = 80;

export function useSuggestions(documentId: string) {
  const [suggestions, setSuggestions] = useState<ViewerSuggestion[]>([]);
  const reload = useCallback(async () => {
    setSuggestions((await api<SuggestionsAnswer>(`/api/documents/${documentId}/suggestions`)).suggestions);
  }, [documentId]);
  useEffect(() => {
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const load = (polls: number) =>
      api<SuggestionsAnswer>(`/api/documents/${documentId}/suggestions`)
        .then((r) => {
          if (cancelled) return;
          setSuggestions(r.suggestions);
          if (r.pending && polls < PENDING_POLLS) timer = setTimeout(() => void load(polls + 1), PENDING_POLL_MS);
        })
        .catch(() => undefined);
    void load(0);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [documentId]);
  return { suggestions, reload };
}
