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
