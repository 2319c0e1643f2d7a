"use client";
import { useCallback, useState } from "react";
import { api } from "@/lib/api-client";
import { uuidv7 } from "@/lib/ids";

export type ViewerRelationType = { id: string; name: string; fromKind: "CLAIM" | "EVENT" | "ENTITY"; toKind: "CLAIM" | "EVENT" | "ENTITY"; description: string };
export type ViewerRelation = { id: string; typeId: string; fromId: string; toId: string; authorId: string };

/**
 * The document's typed relations: added and removed through the API (ids made here, so a retry
 * cannot duplicate), then reloaded so what is shown is what the server holds.
 */
export function useDocumentRelations(documentId: string, initial: ViewerRelation[]) {
  const [relations, setRelations] = useState(initial);
  const [error, setError] = useState<string>();
  const reload = useCallback(async () => {
    setRelations((await api<{ relations: ViewerRelation[] }>(`/api/documents/${documentId}/relations`)).relations);
  }, [documentId]);
  const run = useCallback(
    async (action: () => Promise<unknown>) => {
      setError(undefined);
      try {
        await action();
        await reload();
        return true;
      } catch (e) {
        setError((e as Error).message);
        return false;
      }
    },
    [reload],
  );
  // The same functions on every render: the selection panel is memoised and takes them as props.
  const add = useCallback(
    (typeId: string, fromId: string, toId: string) => run(() => api(`/api/documents/${documentId}/relations`, { method: "POST", json: { id: uuidv7(), typeId, fromId, toId } })),
    [run, documentId],
  );
  const remove = useCallback((id: string) => run(() => api(`/api/relations/${id}`, { method: "DELETE" })), [run]);
  return { relations, add, remove, error };
}
