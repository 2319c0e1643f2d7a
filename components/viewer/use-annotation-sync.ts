"use client";
// The browser side of "nothing is ever lost": what the server confirmed, plus the changes still in
// the outbox (IndexedDB) shown on top of it, sent one at a time with backoff, and the live stream
// of everyone else's changes. A change counts as saved only when the server answered 2xx.
import { useCallback, useEffect, useLayoutEffect, useMemo, useReducer, useRef, useState } from "react";
import { backoffMs, classifyResponse, Outbox, type OutboxOp } from "@/lib/client/outbox";
import { onAccessEnded, type AccessEnded } from "@/components/viewer/access-ended";
import { uuidv7 } from "@/lib/ids";

export type Annotation = {
  id: string;
  documentId: string;
  labelId: string;
  authorId: string;
  start: number;
  end: number;
  exact: string;
  prefix: string;
  suffix: string;
  attributes: Record<string, unknown>;
  note: string;
  version: number;
  reviewState?: string;
  gold?: boolean;
  /** The knowledge-base item this annotation mentions. */
  canonicalId?: string | null;
  seq: number;
  deleted: boolean;
  createdAt: string | Date;
  updatedAt: string | Date;
};

export type ShownAnnotation = Annotation & { pending: boolean };
export type Conflict = { opId: string; annotationId: string; message: string; current: Annotation | null; mine: OutboxOp };
export type Refusal = { opId: string; message: string };
/** "offline": the server cannot be reached; "unavailable": it answers, but cannot save now (its database is down). */
export type SaveStatus = { state: "saved" | "saving" | "offline" | "unavailable"; pending: number };
export type Viewer = { userId: string; name: string };

type State = { server: Map<string, Annotation>; pending: OutboxOp[]; cursor: number };
type Action =
  | { type: "server"; annotations: Annotation[]; cursor?: number }
  | { type: "queue"; op: OutboxOp }
  | { type: "restore"; ops: OutboxOp[] }
  | { type: "settle"; opId: string; annotation?: Annotation | null };

function reducer(state: State, action: Action): State {
  switch (action.type) {
    case "server": {
      const server = new Map(state.server);
      for (const a of action.annotations) {
        const known = server.get(a.id);
        if (known && known.seq >= a.seq) continue;
        if (a.deleted) server.delete(a.id);
        else server.set(a.id, a);
      }
      return { ...state, server, cursor: Math.max(state.cursor, action.cursor ?? 0) };
    }
    case "queue":
      return { ...state, pending: [...state.pending, action.op] };
    case "restore": {
      const known = new Set(state.pending.map((o) => o.opId));
      return { ...state, pending: [...state.pending, ...action.ops.filter((o) => !known.has(o.opId))] };
    }
    case "settle": {
      const server = new Map(state.server);
      const a = action.annotation;
      if (a && !((server.get(a.id)?.seq ?? -1) >= a.seq)) {
        if (a.deleted) server.delete(a.id);
        else server.set(a.id, a);
      }
      return { ...state, server, pending: state.pending.filter((o) => o.opId !== action.opId) };
    }
  }
}

// The confirmed annotation objects are immutable, so their shown form is made once and reused:
// a change to one annotation does not allocate thousands of new objects.
const confirmedView = new WeakMap<Annotation, ShownAnnotation>();
function asConfirmed(a: Annotation): ShownAnnotation {
  let shown = confirmedView.get(a);
  if (!shown) confirmedView.set(a, (shown = { ...a, pending: false }));
  return shown;
}

/** Server state with the queued changes applied on top, marked pending. */
function overlay(server: Map<string, Annotation>, pending: OutboxOp[], documentId: string, userId: string): Map<string, ShownAnnotation> {
  const shown = new Map<string, ShownAnnotation>();
  for (const [id, a] of server) shown.set(id, asConfirmed(a));
  for (const op of pending) {
    if (op.kind === "create") {
      const b = op.body as { labelId: string; start: number; end: number; exact: string; attributes?: Record<string, unknown>; note?: string };
      const now = new Date(op.createdAt).toISOString();
      shown.set(op.annotationId, {
        id: op.annotationId, documentId, labelId: b.labelId, authorId: userId, start: b.start, end: b.end, exact: b.exact,
        prefix: "", suffix: "", attributes: b.attributes ?? {}, note: b.note ?? "", version: 0, seq: Number.MAX_SAFE_INTEGER,
        deleted: false, createdAt: now, updatedAt: now, pending: true,
      });
    } else if (op.kind === "update") {
      const current = shown.get(op.annotationId);
      if (current) {
        const { version: _v, ...patch } = op.body;
        shown.set(op.annotationId, { ...current, ...(patch as Partial<Annotation>), pending: true });
      }
    } else shown.delete(op.annotationId);
  }
  return shown;
}

export function useAnnotationSync({ documentId, userId, initial, initialCursor }: { documentId: string; userId: string; initial: Annotation[]; initialCursor: number }) {
  const [state, dispatch] = useReducer(reducer, undefined, () => ({
    server: new Map(initial.map((a) => [a.id, a])),
    pending: [],
    cursor: initialCursor,
  }));
  const [conflicts, setConflicts] = useState<Conflict[]>([]);
  const [refusals, setRefusals] = useState<Refusal[]>([]);
  const [offline, setOffline] = useState(false);
  const [unavailable, setUnavailable] = useState(false);
  const [viewers, setViewers] = useState<Viewer[]>([]);
  const [live, setLive] = useState(false);
  const [accessEnded, setAccessEnded] = useState<AccessEnded | null>(null);
  const outbox = useMemo(() => new Outbox(), []);
  const stateRef = useRef(state);
  useLayoutEffect(() => {
    stateRef.current = state;
  });
  const pumpRef = useRef<() => Promise<void>>(async () => undefined);
  const sending = useRef(false);
  const attempt = useRef(0);
  const retryTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const memoryOnly = useRef(false);

  const shown = useMemo(() => overlay(state.server, state.pending, documentId, userId), [state.server, state.pending, documentId, userId]);

  // Send the oldest queued change; settling it changes `pending`, which starts the next one (see
  // the effect below); a failure retries after a backoff.
  const pump = useCallback(async () => {
    if (sending.current) return;
    const op = stateRef.current.pending[0];
    if (!op) {
      attempt.current = 0;
      return;
    }
    sending.current = true;
    try {
      const body = { ...op.body };
      if (op.kind !== "create" && body.version == null) body.version = stateRef.current.server.get(op.annotationId)?.version ?? 1;
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
      if (!memoryOnly.current) await outbox.remove(op.opId).catch(() => undefined);
      attempt.current = 0;
      if (outcome.kind === "done") dispatch({ type: "settle", opId: op.opId, annotation: outcome.body as Annotation });
      else if (outcome.kind === "conflict") {
        const current = (outcome.body.details?.current as Annotation | undefined) ?? null;
        dispatch({ type: "settle", opId: op.opId, annotation: current });
        setConflicts((c) => [...c, { opId: op.opId, annotationId: op.annotationId, message: outcome.body.error ?? "Changed elsewhere", current, mine: op }]);
      } else {
        dispatch({ type: "settle", opId: op.opId });
        setRefusals((r) => [...r, { opId: op.opId, message: outcome.body.error ?? `Refused (${outcome.status})` }]);
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
  }, [documentId, outbox]);

  useEffect(() => {
    pumpRef.current = pump;
  }, [pump]);

  // A sign that the server can take changes again (back online, live stream reconnected, its
  // database back): send now instead of waiting out the backoff.
  const sendNow = useCallback(() => {
    attempt.current = 0;
    if (retryTimer.current) clearTimeout(retryTimer.current);
    retryTimer.current = null;
    void pumpRef.current();
  }, []);

  const enqueue = useCallback(
    async (op: Omit<OutboxOp, "opId" | "createdAt" | "documentId" | "userId">) => {
      const full: OutboxOp = { ...op, opId: uuidv7(), createdAt: Date.now(), documentId, userId };
      // Shown at once; the IndexedDB write completes within milliseconds, before the sender's
      // next turn removes it again.
      dispatch({ type: "queue", op: full });
      try {
        if (!memoryOnly.current) await outbox.add(full);
      } catch {
        // Private browsing without IndexedDB: keep going, but changes survive only until a reload.
        memoryOnly.current = true;
      }
      return full;
    },
    [documentId, userId, outbox],
  );

  // Changes queued before a reload are shown and sent again.
  useEffect(() => {
    outbox
      .list(documentId)
      .then((all) => {
        // Someone else's unsent work in this browser stays queued for when they sign in again.
        const ops = all.filter((op) => op.userId === userId);
        if (ops.length) dispatch({ type: "restore", ops });
      })
      .catch(() => (memoryOnly.current = true));
  }, [documentId, userId, outbox]);

  // Whenever something is queued, the sender starts (it ignores the call while busy).
  useEffect(() => {
    if (state.pending.length && !retryTimer.current) void pump();
  }, [state.pending, pump]);

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

  // Everyone else's changes, live. EventSource reconnects by itself after a dropped connection
  // (the app server restarted) and resumes from the last event id; the server then sends what was
  // missed. It gives up for good when an answer is not a stream (a 503 while the database is down,
  // a proxy's 502), so then a new one is opened after a backoff, from our cursor.
  useEffect(() => {
    let source: EventSource | null = null;
    let reopenTimer: ReturnType<typeof setTimeout> | null = null;
    let failures = 0;
    const open = () => {
      reopenTimer = null;
      const current = new EventSource(`/api/documents/${documentId}/events?since=${stateRef.current.cursor}`);
      source = current;
      current.addEventListener("ready", () => {
        failures = 0;
        setLive(true);
        sendNow();
      });
      // The server lost its database (changes paused) or has it back (and has sent what we missed).
      current.addEventListener("database", (event) => {
        const available = (JSON.parse((event as MessageEvent).data) as { state: string }).state === "available";
        setLive(available);
        if (available) sendNow();
      });
      current.addEventListener("changes", (event) => {
        const data = JSON.parse((event as MessageEvent).data) as { annotations: Annotation[]; cursor: number };
        dispatch({ type: "server", annotations: data.annotations, cursor: data.cursor });
      });
      current.addEventListener("presence", (event) => setViewers(JSON.parse((event as MessageEvent).data).viewers));
      onAccessEnded(current, (ended) => {
        source = null;
        setLive(false);
        setAccessEnded(ended);
      });
      current.onerror = () => {
        setLive(false);
        if (current.readyState !== EventSource.CLOSED || source !== current) return;
        current.close();
        reopenTimer = setTimeout(open, backoffMs(failures++));
      };
    };
    open();
    return () => {
      source?.close();
      source = null;
      if (reopenTimer) clearTimeout(reopenTimer);
    };
  }, [documentId, sendNow]);

  const status: SaveStatus = {
    state: state.pending.length === 0 ? "saved" : offline ? "offline" : unavailable ? "unavailable" : "saving",
    pending: state.pending.length,
  };

  return {
    annotations: shown,
    status,
    conflicts,
    refusals,
    viewers,
    live,
    accessEnded,
    enqueue,
    dismissConflict: (opId: string) => setConflicts((c) => c.filter((x) => x.opId !== opId)),
    dismissRefusal: (opId: string) => setRefusals((r) => r.filter((x) => x.opId !== opId)),
  };
}
