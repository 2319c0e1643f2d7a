// What the viewer knows about a document's annotations: what the server confirmed, plus the
// changes still in the outbox. Pure, so the rules about which change may be sent next, which wait
// behind a refused one, and what is shown, are tested without a browser.
import type { OutboxOp, OutboxRefusal } from "@/lib/client/outbox";

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

/**
 * `log`: which annotations each recent action touched (its confirmed form or its queued changes),
 * numbered, so that what is shown is brought up to date for those alone (shown-annotations.ts).
 */
export type QueueState = { server: Map<string, Annotation>; pending: OutboxOp[]; cursor: number; log?: ChangeLog };
export type ChangeLog = { seq: number; entries: { seq: number; ids: string[] }[] };
/** Actions remembered in the log; a reader further behind recomputes everything. */
export const LOG_LENGTH = 256;
export type QueueAction =
  | { type: "server"; annotations: Annotation[]; cursor?: number }
  | { type: "queue"; op: OutboxOp }
  | { type: "restore"; ops: OutboxOp[] }
  | { type: "settle"; opId: string; annotation?: Annotation | null }
  | { type: "refuse"; opId: string; refusal: OutboxRefusal }
  | { type: "retry"; opId: string }
  | { type: "discard"; opIds: string[] }
  /** A change that could not be stored in this browser: taken back, with what depends on it. */
  | { type: "unqueue"; opId: string };

function applyConfirmed(server: Map<string, Annotation>, a: Annotation) {
  if ((server.get(a.id)?.seq ?? -1) >= a.seq) return;
  if (a.deleted) server.delete(a.id);
  else server.set(a.id, a);
}

/** The annotations an action touches, read before it is applied. */
function touchedBy(state: QueueState, action: QueueAction): string[] {
  const annotationOf = (opId: string) => state.pending.find((o) => o.opId === opId)?.annotationId;
  switch (action.type) {
    case "server":
      return action.annotations.map((a) => a.id);
    case "queue":
      return [action.op.annotationId];
    case "restore":
      return action.ops.map((o) => o.annotationId);
    case "settle":
      return [annotationOf(action.opId), action.annotation?.id].filter((id): id is string => !!id);
    case "refuse":
    case "retry":
    case "unqueue":
      return [annotationOf(action.opId)].filter((id): id is string => !!id);
    case "discard":
      return action.opIds.map(annotationOf).filter((id): id is string => !!id);
  }
}

/**
 * `inPlace`: the confirmed map is updated rather than copied (the viewer's store, whose readers
 * never keep it as a snapshot: a copy per change was O(n), 25,000 entries per live change).
 */
export function queueReducer(state: QueueState, action: QueueAction, { inPlace = false } = {}): QueueState {
  const next = applyAction(state, action, inPlace);
  if (next === state) return state;
  const seq = (state.log?.seq ?? 0) + 1;
  const entries = [...(state.log?.entries ?? []).slice(-(LOG_LENGTH - 1)), { seq, ids: touchedBy(state, action) }];
  return { ...next, log: { seq, entries } };
}

function applyAction(state: QueueState, action: QueueAction, inPlace: boolean): QueueState {
  switch (action.type) {
    case "server": {
      const server = inPlace ? state.server : new Map(state.server);
      for (const a of action.annotations) applyConfirmed(server, a);
      return { ...state, server, cursor: Math.max(state.cursor, action.cursor ?? 0) };
    }
    case "queue":
      return { ...state, pending: [...state.pending, action.op] };
    case "restore": {
      const known = new Set(state.pending.map((o) => o.opId));
      const pending = [...state.pending, ...action.ops.filter((o) => !known.has(o.opId))].sort((a, b) => a.createdAt - b.createdAt);
      return { ...state, pending };
    }
    case "settle": {
      const server = inPlace ? state.server : new Map(state.server);
      if (action.annotation) applyConfirmed(server, action.annotation);
      return { ...state, server, pending: state.pending.filter((o) => o.opId !== action.opId) };
    }
    case "refuse":
      return { ...state, pending: state.pending.map((o) => (o.opId === action.opId ? { ...o, refused: action.refusal } : o)) };
    case "retry":
      return { ...state, pending: state.pending.map((o) => (o.opId === action.opId ? withoutRefusal(o) : o)) };
    case "discard": {
      const gone = new Set(action.opIds);
      return { ...state, pending: state.pending.filter((o) => !gone.has(o.opId)) };
    }
    case "unqueue": {
      const gone = new Set(unqueueSet(state.pending, action.opId));
      return gone.size ? { ...state, pending: state.pending.filter((o) => !gone.has(o.opId)) } : state;
    }
  }
}

/**
 * What taking back an unstored change removes: the change, and when it created the annotation,
 * every later change to that annotation (they would change something that never existed).
 */
export function unqueueSet(pending: OutboxOp[], opId: string): string[] {
  const op = pending.find((o) => o.opId === opId);
  if (!op) return [];
  if (op.kind !== "create") return [opId];
  return pending.filter((o) => o.opId === opId || (o.annotationId === op.annotationId && o.createdAt > op.createdAt)).map((o) => o.opId);
}

export function withoutRefusal(op: OutboxOp): OutboxOp {
  const { refused: _refused, ...rest } = op;
  return rest;
}

/** A refused change, with the later changes to the same annotation that wait behind it. */
export type RefusedChange = { op: OutboxOp & { refused: OutboxRefusal }; heldBehind: OutboxOp[] };

/**
 * Splits the queue into changes that may be sent (oldest first) and refused ones. A change to an
 * annotation whose earlier change was refused is held back: sent before it, it would be refused
 * too (an update of a never-created annotation) or would be overwritten when the earlier one is
 * retried.
 */
export function partitionQueue(pending: OutboxOp[]): { sendable: OutboxOp[]; refused: RefusedChange[] } {
  const sendable: OutboxOp[] = [];
  const refused: RefusedChange[] = [];
  const blockedBy = new Map<string, RefusedChange>();
  for (const op of pending) {
    const blocker = blockedBy.get(op.annotationId);
    if (blocker) blocker.heldBehind.push(op);
    else if (op.refused) {
      const entry: RefusedChange = { op: op as RefusedChange["op"], heldBehind: [] };
      refused.push(entry);
      blockedBy.set(op.annotationId, entry);
    } else sendable.push(op);
  }
  return { sendable, refused };
}

/**
 * What discarding a refused change removes: the change itself, and when it was the creation of
 * the annotation, the later changes to it held behind it (they have nothing left to change).
 */
export function discardSet(pending: OutboxOp[], opId: string): string[] {
  const entry = partitionQueue(pending).refused.find((r) => r.op.opId === opId);
  if (!entry) return [];
  return entry.op.kind === "create" ? [opId, ...entry.heldBehind.map((o) => o.opId)] : [opId];
}

/** Creation times strictly increase, so the stored order is the order of the person's acts. */
export function nextCreatedAt(last: number, now = Date.now()): number {
  return Math.max(now, last + 1);
}

// The confirmed annotation objects are immutable, so their shown form is made once and reused:
// a change to one annotation does not allocate thousands of new objects.
const confirmedView = new WeakMap<Annotation, ShownAnnotation>();
export function asConfirmed(a: Annotation): ShownAnnotation {
  // Made in the shown form already (the page's initial list): the object itself, not a copy.
  if ((a as Partial<ShownAnnotation>).pending === false) return a as ShownAnnotation;
  let shown = confirmedView.get(a);
  if (!shown) confirmedView.set(a, (shown = { ...a, pending: false }));
  return shown;
}

/** One queued change applied to what is shown of its annotation (undefined: not shown). */
export function applyOp(current: ShownAnnotation | undefined, op: OutboxOp, documentId: string, userId: string): ShownAnnotation | undefined {
  if (op.kind === "create") {
    const b = op.body as { labelId: string; start: number; end: number; exact: string; attributes?: Record<string, unknown>; note?: string };
    const now = new Date(op.createdAt).toISOString();
    return {
      id: op.annotationId, documentId, labelId: b.labelId, authorId: userId, start: b.start, end: b.end, exact: b.exact,
      prefix: "", suffix: "", attributes: b.attributes ?? {}, note: b.note ?? "", version: 0, seq: Number.MAX_SAFE_INTEGER,
      deleted: false, createdAt: now, updatedAt: now, pending: true,
    };
  }
  if (op.kind === "update") {
    if (!current) return undefined;
    const { version: _v, ...patch } = op.body;
    return { ...current, ...(patch as Partial<Annotation>), pending: true };
  }
  return undefined;
}

/** Server state with the changes that are still to be sent applied on top, marked pending. */
export function overlay(server: Map<string, Annotation>, sendable: OutboxOp[], documentId: string, userId: string): Map<string, ShownAnnotation> {
  const shown = new Map<string, ShownAnnotation>();
  for (const [id, a] of server) shown.set(id, asConfirmed(a));
  for (const op of sendable) {
    const next = applyOp(shown.get(op.annotationId), op, documentId, userId);
    if (next) shown.set(op.annotationId, next);
    else shown.delete(op.annotationId);
  }
  return shown;
}

/**
 * A refused change as text the person can keep elsewhere (Copy): what it was about, the quote,
 * and what it set. `current` is the annotation as the server last confirmed it, when known.
 */
export function changeText(op: OutboxOp, current: Pick<Annotation, "exact" | "labelId" | "note"> | undefined, labelName: (id: string) => string | undefined): string {
  const body = op.body as Partial<Pick<Annotation, "exact" | "labelId" | "note" | "start" | "end" | "attributes">>;
  const exact = body.exact ?? current?.exact;
  const labelId = body.labelId ?? current?.labelId;
  const what = op.kind === "create" ? "New annotation" : op.kind === "update" ? "Change to annotation" : "Deletion of annotation";
  const lines = [`${what}${exact ? ` “${exact}”` : ` ${op.annotationId}`}`];
  if (labelId && op.kind !== "delete") lines.push(`Label: ${labelName(labelId) ?? labelId}`);
  if (body.start != null && body.end != null) lines.push(`Position: ${body.start}–${body.end}`);
  if (body.note) lines.push(`Note: ${body.note}`);
  if (body.attributes && Object.keys(body.attributes).length) lines.push(`Attributes: ${JSON.stringify(body.attributes)}`);
  return lines.join("\n");
}
