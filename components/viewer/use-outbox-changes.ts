"use client";
import { useCallback, type RefObject } from "react";
import { uuidv7 } from "@/lib/ids";
import type { UndoEntry, UndoHistory, UndoSnapshot as Snapshot } from "@/lib/client/undo-history";
import type { ShownAnnotation, useAnnotationSync } from "@/components/viewer/use-annotation-sync";

/** What an annotation is, as undo and redo put it back. */
export const snapshotOf = (a: ShownAnnotation): Snapshot => ({ labelId: a.labelId, start: a.start, end: a.end, exact: a.exact, attributes: a.attributes, note: a.note });

/**
 * The viewer's changes, all through the outbox (create, update, delete with the version the
 * person holds), and undo / redo as their inverses through the same outbox.
 */
export function useOutboxChanges(sync: Pick<ReturnType<typeof useAnnotationSync>, "store" | "enqueue">, history: RefObject<UndoHistory>) {
  const { store, enqueue } = sync;
  const createFrom = useCallback(
    (snapshot: Snapshot) => {
      const id = uuidv7();
      void enqueue({ kind: "create", annotationId: id, body: { id, ...snapshot } });
      return id;
    },
    [enqueue],
  );
  const update = useCallback(
    (a: ShownAnnotation, patch: Partial<Snapshot>) => {
      void enqueue({ kind: "update", annotationId: a.id, body: { version: a.pending ? null : a.version, ...patch } });
    },
    [enqueue],
  );
  const remove = useCallback(
    (a: ShownAnnotation) => {
      void enqueue({ kind: "delete", annotationId: a.id, body: { version: a.pending ? null : a.version } });
    },
    [enqueue],
  );
  const applyInverse = useCallback(
    (entry: UndoEntry): UndoEntry | null => {
      const current = store.shown.get(entry.id);
      if (entry.type === "created") {
        if (!current) return null;
        remove(current);
        return { type: "deleted", id: entry.id, snapshot: entry.snapshot };
      }
      if (entry.type === "deleted") {
        const id = createFrom(entry.snapshot);
        return { type: "created", id, snapshot: entry.snapshot };
      }
      if (!current) return null;
      update(current, entry.before);
      return { type: "updated", id: entry.id, before: entry.after, after: entry.before };
    },
    [store, remove, createFrom, update],
  );
  const undo = useCallback(() => void history.current.undo(applyInverse), [history, applyInverse]);
  const redo = useCallback(() => void history.current.redo(applyInverse), [history, applyInverse]);
  return { createFrom, update, remove, undo, redo };
}
