"use client";
// The browser side of "nothing is ever lost": what the server confirmed, plus the changes still in
// the outbox (IndexedDB) shown on top of it, sent one at a time with backoff, and the live stream
// of everyone else's changes. A change counts as saved only when the server answered 2xx; a change
// the server refused stays stored until the person retries or discards it, and a 401 pauses
// sending until they sign in again.
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from "react";
import { backoffMs, classifyResponse, Outbox, type OutboxOp } from "@/lib/client/outbox";
import { OutboxWrites, type WriteFailure } from "@/lib/client/outbox-writes";
import { useLiveStream } from "@/components/viewer/use-live-stream";
import { AnnotationStore } from "@/lib/client/annotation-store";
import { discardSet, nextCreatedAt, unqueueSet, withoutRefusal, type Annotation, type RefusedChange, type ShownAnnotation } from "@/lib/client/annotation-queue";
import { readRefused, useStoreValue } from "@/components/viewer/use-annotation-store";
import { useSessionPause } from "@/components/viewer/use-session-pause";
import type { AccessEnded } from "@/components/viewer/access-ended";
import { uuidv7 } from "@/lib/ids";

export type { Annotation, RefusedChange, ShownAnnotation };
export type Conflict = { opId: string; annotationId: string; message: string; current: Annotation | null; mine: OutboxOp };
/** "offline": the server cannot be reached; "unavailable": it answers, but cannot save now (its
 * database is down); "signedOut": it wants a sign-in first; "notSaved": nothing waits, but some
 * changes were refused. `pending` counts the changes waiting to be sent. */
export type SaveStatus = { state: "saved" | "saving" | "offline" | "unavailable" | "signedOut" | "notSaved"; pending: number };
export type Viewer = { userId: string; name: string };

/** Changes from the live stream, with what the viewer knew before them (for telling what changed). */
export type ServerChangesListener = (incoming: Annotation[], before: ReadonlyMap<string, Annotation>) => void;

export function useAnnotationSync({ documentId, userId, initial, initialCursor, onServerChanges }: {
  documentId: string; userId: string; initial: Annotation[]; initialCursor: number; onServerChanges?: ServerChangesListener;
}) {
  // Outside React state: a change is painted where it is made, and renders only what shows it (annotation-store.ts).
  const [store] = useState(() => new AnnotationStore(documentId, userId, { server: new Map(initial.map((a) => [a.id, a])), pending: [], cursor: initialCursor }));
  const dispatch = store.dispatch;
  const [conflicts, setConflicts] = useState<Conflict[]>([]);
  const [offline, setOffline] = useState(false);
  const [unavailable, setUnavailable] = useState(false);
  const [viewers, setViewers] = useState<Viewer[]>([]);
  const [accessEnded, setAccessEnded] = useState<AccessEnded | null>(null);
  const [live, setLive] = useState(false);
  const [unstored, setUnstored] = useState<WriteFailure[]>([]);
  const outbox = useMemo(() => new Outbox(), []);
  // Changes are shown at once and stored beside it; one whose write fails is taken back, with
  // whatever later change depends on it, and the person is told (outbox-writes.ts).
  const writes = useMemo(() => new OutboxWrites(outbox), [outbox]);
  useEffect(() => {
    writes.whenFailed((failure) => {
      const opIds = unqueueSet(store.state.pending, failure.op.opId);
      const later = opIds.filter((id) => id !== failure.op.opId);
      if (later.length) void outbox.remove(...later).catch(() => undefined);
      dispatch({ type: "unqueue", opId: failure.op.opId });
      setUnstored((list) => [...list, failure]);
    });
  }, [writes, outbox, dispatch, store]);
  const pumpRef = useRef<() => Promise<void>>(async () => undefined);
  const sending = useRef(false);
  const attempt = useRef(0);
  const retryTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const lastCreatedAt = useRef(0);
  const serverChangesListener = useRef(onServerChanges);
  useLayoutEffect(() => {
    serverChangesListener.current = onServerChanges;
  });

  // A sign that the server can take changes again (back online, live stream reconnected, its
  // database back, signed in again): send now instead of waiting out the backoff.
  const sendNow = useCallback(() => {
    attempt.current = 0;
    if (retryTimer.current) clearTimeout(retryTimer.current);
    retryTimer.current = null;
    void pumpRef.current();
  }, []);
  // A live stream the server ended because this session was signed out is opened again once the
  // person has signed in again (through the same prompt that guards the outbox).
  const [streamEpoch, setStreamEpoch] = useState(0);
  const streamSignedOut = useRef(false);
  const session = useSessionPause(userId, () => {
    sendNow();
    if (!streamSignedOut.current) return;
    streamSignedOut.current = false;
    setAccessEnded(null);
    setStreamEpoch((n) => n + 1);
  });
  const { paused, pause } = session;

  // Rendered again when the refused changes do, not with every change.
  const refused = useStoreValue(store, readRefused);

  // Browsers without IndexedDB (some private modes) keep changes in memory only, until a reload.
  const persist = useCallback(async (write: (o: Outbox) => Promise<void>) => {
    if (!writes.memoryOnly) await write(outbox).catch(() => undefined);
  }, [outbox, writes]);

  // Send the oldest sendable change; settling it changes `pending`, which starts the next one (see
  // the effect below); a failure retries after a backoff.
  const pump = useCallback(async () => {
    if (sending.current || paused.current) return;
    const op = store.sendable[0];
    if (!op) {
      attempt.current = 0;
      return;
    }
    sending.current = true;
    try {
      // Sent only once stored: a change taken back because it could not be stored is never sent.
      if (!(await writes.stored(op.opId))) return;
      const body = { ...op.body };
      if (op.kind !== "create" && body.version == null) body.version = store.state.server.get(op.annotationId)?.version ?? 1;
      const url = op.kind === "create" ? `/api/documents/${documentId}/annotations` : `/api/annotations/${op.annotationId}`;
      const method = op.kind === "create" ? "POST" : op.kind === "update" ? "PATCH" : "DELETE";
      let response: Response;
      try {
        response = await fetch(url, { method, headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
      } catch {
        setOffline(true);
        throw new Error("network");
      }
      setOffline(false);
      setUnavailable(response.status >= 500);
      const json = await response.json().catch(() => ({}));
      const outcome = classifyResponse(response.status, json);
      if (outcome.kind === "retry") throw new Error(outcome.reason);
      attempt.current = 0;
      if (outcome.kind === "signedOut") return pause();
      if (outcome.kind === "refused") {
        const refusal = { status: outcome.status, message: outcome.message, at: Date.now(), ...(outcome.issues ? { issues: outcome.issues } : {}) };
        await persist((o) => o.put({ ...op, refused: refusal }));
        return dispatch({ type: "refuse", opId: op.opId, refusal });
      }
      await persist((o) => o.remove(op.opId));
      if (outcome.kind === "done") dispatch({ type: "settle", opId: op.opId, annotation: outcome.body as Annotation });
      else {
        const current = (outcome.body.details?.current as Annotation | undefined) ?? null;
        dispatch({ type: "settle", opId: op.opId, annotation: current });
        setConflicts((c) => [...c, { opId: op.opId, annotationId: op.annotationId, message: outcome.body.error ?? "Changed elsewhere", current, mine: op }]);
      }
    } catch {
      const wait = backoffMs(attempt.current++);
      if (retryTimer.current) clearTimeout(retryTimer.current);
      retryTimer.current = setTimeout(() => {
        retryTimer.current = null;
        void pumpRef.current();
      }, wait);
    } finally {
      sending.current = false;
    }
  }, [documentId, persist, paused, pause, writes, store, dispatch]);

  useEffect(() => {
    pumpRef.current = pump;
  }, [pump]);

  const enqueue = useCallback(
    async (op: Omit<OutboxOp, "opId" | "createdAt" | "documentId" | "userId">) => {
      const createdAt = (lastCreatedAt.current = nextCreatedAt(lastCreatedAt.current));
      const full: OutboxOp = { ...op, opId: uuidv7(createdAt), createdAt, documentId, userId };
      // Shown in this frame; stored beside it (sent only once stored, taken back if it cannot be).
      dispatch({ type: "queue", op: full });
      void writes.store(full);
      return full;
    },
    [documentId, userId, writes, dispatch],
  );

  /** The person's decision on a refused change: send it again (once), or let it go. */
  const retryRefused = useCallback(
    async (opId: string) => {
      const op = store.state.pending.find((o) => o.opId === opId);
      if (!op?.refused) return;
      await persist((o) => o.put(withoutRefusal(op)));
      dispatch({ type: "retry", opId });
      sendNow();
    },
    [persist, sendNow, store, dispatch],
  );
  const discardRefused = useCallback(
    async (opId: string) => {
      const opIds = discardSet(store.state.pending, opId);
      if (!opIds.length) return;
      await persist((o) => o.remove(...opIds));
      dispatch({ type: "discard", opIds });
    },
    [persist, store, dispatch],
  );

  // Changes queued before a reload are shown and sent again; refused ones are listed again.
  useEffect(() => {
    outbox
      .list(documentId)
      .then((all) => {
        // Someone else's unsent work in this browser stays queued for when they sign in again.
        const ops = all.filter((op) => op.userId === userId);
        for (const op of ops) lastCreatedAt.current = Math.max(lastCreatedAt.current, op.createdAt);
        if (ops.length) dispatch({ type: "restore", ops });
      })
      .catch(() => writes.keepInMemory());
  }, [documentId, userId, outbox, writes, dispatch]);

  // Whenever something is queued, the sender starts (it ignores the call while busy). After the
  // current task's own code: a settled change starts the next one once its sender has let go.
  useEffect(() => {
    const start = () => {
      if (store.sendable.length && !retryTimer.current) queueMicrotask(() => void pumpRef.current());
    };
    start();
    return store.subscribe(start);
  }, [store]);

  // Coming back online retries at once instead of waiting for the backoff.
  useEffect(() => {
    const offlineNow = () => setOffline(true);
    window.addEventListener("online", sendNow);
    window.addEventListener("offline", offlineNow);
    return () => {
      window.removeEventListener("online", sendNow);
      window.removeEventListener("offline", offlineNow);
    };
  }, [sendNow]);

  useLiveStream(documentId, streamEpoch, {
    cursor: () => store.state.cursor,
    onLive: setLive,
    onReady: sendNow,
    onChanges: (annotations, cursor) => {
      serverChangesListener.current?.(annotations, store.state.server);
      dispatch({ type: "server", annotations, cursor });
    },
    onPresence: setViewers,
    onEnded: (ended) => {
      if (ended.reason === "signed out") {
        streamSignedOut.current = true;
        pause();
      } else {
        setAccessEnded(ended);
      }
    },
  });

  return {
    /** The annotations, confirmed and queued, outside React: read per id or per list with use-annotation-store.ts. */
    store,
    /** What the save status is made of besides the queue (useSaveStatus). */
    connection: { offline, unavailable, signedOut: session.signedOut },
    conflicts,
    refused,
    session: { signedOut: session.signedOut, otherAccount: session.otherAccount, check: session.check },
    viewers,
    live,
    accessEnded,
    enqueue,
    retryRefused,
    discardRefused,
    dismissConflict: (opId: string) => setConflicts((c) => c.filter((x) => x.opId !== opId)),
    /** Changes taken back because this browser could not store them, with why. */
    unstored,
    dismissUnstored: (opId: string) => setUnstored((list) => list.filter((f) => f.op.opId !== opId)),
  };
}

/**
 * The save status, read from the queue where it is shown: a change renders the badge, not the viewer.
 * One string while it stays the same, so the badge renders only when its text would change.
 */
export function useSaveStatus(sync: { store: AnnotationStore; connection: { offline: boolean; unavailable: boolean; signedOut: boolean } }): SaveStatus {
  const { offline, unavailable, signedOut } = sync.connection;
  const key = useStoreValue(sync.store, (store) => `${store.sendable.length}:${store.refused.length}`);
  const [waiting, refused] = key.split(":").map(Number);
  return {
    state: signedOut ? "signedOut" : waiting ? (offline ? "offline" : unavailable ? "unavailable" : "saving") : refused ? "notSaved" : "saved",
    pending: waiting,
  };
}
