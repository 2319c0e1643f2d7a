// The viewer's annotations outside React: the confirmed ones and the queued changes (the reducer of
// annotation-queue.ts), what is shown (shown-annotations.ts), and who listens. A change is applied
// where it is made (the keypress, the server's answer, the live stream) and heard at once: the
// painter paints it in that same task, before any React render, and each part of the page that
// shows annotations listens for what it shows — one annotation by id, or the list after the frame.
// In React state, every change rendered the whole viewer component (and, through it, every panel)
// before the highlight could be painted.
import { partitionQueue, queueReducer, type QueueAction, type QueueState, type RefusedChange } from "@/lib/client/annotation-queue";
import type { OutboxOp } from "@/lib/client/outbox";
import { ShownAnnotations } from "@/lib/client/shown-annotations";

type Listener = () => void;
type Partition = { sendable: OutboxOp[]; refused: RefusedChange[] };

/** The same refused list object while nothing in it changed, so that its readers render only when it does. */
function sameRefused(a: RefusedChange[], b: RefusedChange[]): boolean {
  return a.length === b.length && a.every((r, i) => r.op === b[i].op && r.heldBehind.length === b[i].heldBehind.length && r.heldBehind.every((o, k) => o === b[i].heldBehind[k]));
}

export class AnnotationStore {
  private current: QueueState;
  private partition: Partition;
  readonly shown: ShownAnnotations;
  private readonly listeners = new Set<Listener>();
  private readonly byId = new Map<string, Set<Listener>>();

  constructor(documentId: string, userId: string, initial: QueueState) {
    this.current = initial;
    this.partition = partitionQueue(initial.pending);
    this.shown = new ShownAnnotations(documentId, userId);
    this.shown.update(initial, this.partition.sendable);
  }

  /** The confirmed annotations and the queue. The confirmed map is updated in place (a copy of it per change was O(n)): read it, never keep it as a snapshot. */
  get state(): QueueState {
    return this.current;
  }

  /** The queued changes that may be sent, oldest first. */
  get sendable(): OutboxOp[] {
    return this.partition.sendable;
  }

  /** The refused changes, with what waits behind each: the same object until one of them changes. */
  get refused(): RefusedChange[] {
    return this.partition.refused;
  }

  /** Applies `action` and tells the listeners: every general one, then those of the annotations it changed. */
  dispatch = (action: QueueAction): void => {
    const before = this.current;
    const next = queueReducer(before, action, { inPlace: true });
    if (next === before) return;
    this.current = next;
    if (next.pending !== before.pending) {
      const partition = partitionQueue(next.pending);
      if (sameRefused(partition.refused, this.partition.refused)) partition.refused = this.partition.refused;
      this.partition = partition;
    }
    const version = this.shown.version;
    this.shown.update(next, this.partition.sendable);
    const changed = this.shown.changedSince(version);
    for (const listener of [...this.listeners]) listener();
    if (changed === null) {
      for (const set of [...this.byId.values()]) for (const listener of [...set]) listener();
    } else {
      for (const id of new Set(changed)) for (const listener of [...(this.byId.get(id) ?? [])]) listener();
    }
  };

  /** Every change; returns the unsubscribe function (the shape useSyncExternalStore takes). */
  subscribe = (listener: Listener): (() => void) => {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  };

  /** Changes of one annotation's shown form only (created, changed, deleted, confirmed). */
  subscribeTo(id: string, listener: Listener): () => void {
    let set = this.byId.get(id);
    if (!set) this.byId.set(id, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (!set.size) this.byId.delete(id);
    };
  }
}
