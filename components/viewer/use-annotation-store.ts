"use client";
// How parts of the viewer read the annotation store (lib/client/annotation-store.ts): each reads
// what it shows, so a change renders only them. The highlight itself is painted from the store
// outside React (use-highlight-paint.ts); nothing here is in its frame unless it must be.
import { startTransition, useCallback, useEffect, useState, useSyncExternalStore } from "react";
import type { AnnotationStore } from "@/lib/client/annotation-store";
import type { ShownAnnotation } from "@/lib/client/annotation-queue";

/**
 * One annotation as shown, re-rendering its reader when (and only when) that annotation changes,
 * after the change's frame (the frame holds the repainted highlight only; a panel's own fields show
 * what was chosen or typed meanwhile); null for none.
 */
export function useShownAnnotation(store: AnnotationStore, id: string | null): ShownAnnotation | null {
  const subscribe = useCallback(
    (listener: () => void) => {
      if (!id) return () => undefined;
      let cancel: (() => void) | undefined;
      const unsubscribe = store.subscribeTo(id, () => {
        cancel ??= afterFrame(() => {
          cancel = undefined;
          listener();
        });
      });
      return () => {
        unsubscribe();
        cancel?.();
      };
    },
    [store, id],
  );
  const read = () => (id ? (store.shown.get(id) ?? null) : null);
  return useSyncExternalStore(subscribe, read, read);
}

/**
 * A value read from the store that renders its reader only when it differs (`Object.is`), in the
 * same task as the change: for small values a person expects at once (the save status).
 */
export function useStoreValue<T>(store: AnnotationStore, read: (store: AnnotationStore) => T): T {
  const get = () => read(store);
  return useSyncExternalStore(store.subscribe, get, get);
}

/**
 * A value read from the store that follows changes in a transition after the change's frame:
 * interruptible, several changes in one render (the list beside the text, the choosers).
 * `read` must return the same object while nothing it reads changed (the store's per-version list
 * and map do).
 */
export function useStoreAfterChange<T>(store: AnnotationStore, read: (store: AnnotationStore) => T, { quietMs = 0 } = {}): T {
  const [value, setValue] = useState(() => read(store));
  useEffect(() => {
    const take = () => startTransition(() => setValue(() => read(store)));
    // After the frame that shows the change (a change's own frame holds its highlight only), or
    // once changes have paused `quietMs` (a burst of tagging renders its reader once).
    let frame = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const follow = () => {
      if (quietMs) {
        clearTimeout(timer);
        timer = setTimeout(take, quietMs);
      } else if (!frame && timer === undefined) {
        frame = requestAnimationFrame(() => {
          frame = 0;
          timer = setTimeout(() => {
            timer = undefined;
            take();
          });
        });
      }
    };
    // A change between the first render and the subscription is caught up with the same way (an
    // unchanged value renders nothing: React drops a state set to what it already is).
    follow();
    const unsubscribe = store.subscribe(follow);
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
      unsubscribe();
    };
    // `read` is a module-level function at every call site.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [store, quietMs]);
  return value;
}

/** Runs `fn` once the browser has produced its next frame (its animation frame, then the task after it); returns a cancel. */
export function afterFrame(fn: () => void): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const frame = requestAnimationFrame(() => {
    timer = setTimeout(fn);
  });
  return () => {
    cancelAnimationFrame(frame);
    clearTimeout(timer);
  };
}

export const readList = (store: AnnotationStore) => store.shown.list();
export const readMap = (store: AnnotationStore) => store.shown.map();
export const readRefused = (store: AnnotationStore) => store.refused;
export const readHasGold = (store: AnnotationStore) => store.shown.hasGold;
export const readConfirmedCount = (store: AnnotationStore) => store.state.server.size;
