"use client";
import { useSyncExternalStore } from "react";

// Which relation is hovered or focused — on its arc over the text or in the relation list — so
// both show it. A store of its own rather than the viewer's state: moving the pointer over the list
// re-renders the arcs and the list, not the whole viewer.
export type RelationHighlight = {
  get: () => string | null;
  set: (relationId: string | null) => void;
  subscribe: (listener: () => void) => () => void;
};

export function createRelationHighlight(): RelationHighlight {
  let current: string | null = null;
  const listeners = new Set<() => void>();
  return {
    get: () => current,
    set(relationId) {
      if (relationId === current) return;
      current = relationId;
      for (const listener of listeners) listener();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** The highlighted relation's id, re-rendering the caller when it changes. */
export function useHighlightedRelation(store: RelationHighlight): string | null {
  return useSyncExternalStore(store.subscribe, store.get, () => null);
}
