import "server-only";
import { onPresence, type PresenceNotice } from "@/lib/server/live/change-listener";

// Who has a document open, kept once per document for the whole process instead of once per
// stream. Every stream's own copy made each presence notice cost O(streams) updates plus, for each
// stream of that document, a list of all its viewers — O(n²) per notice, O(n³) per heartbeat
// round: 2,000 streams blocked the server for 17 s. Here a notice updates one map, and each
// document's list goes out at most every BROADCAST_MS, computed once and sent to its subscribers
// (each leaves out its own person: O(people) per stream).

const PRESENCE_TTL_MS = 40_000;
const BROADCAST_MS = 500;

type Viewer = { userId: string; name: string; seenAt: number };
export type Person = { userId: string; name: string };
type Subscriber = { userId: string; send: (people: Person[]) => void };
type DocumentPresence = { viewers: Map<string, Viewer>; subscribers: Set<Subscriber>; timer: ReturnType<typeof setTimeout> | null };

type Registry = { documents: Map<string, DocumentPresence>; unlisten: (() => void) | null };
const globalRegistry = globalThis as unknown as { documentPresence?: Registry };
const registry: Registry = (globalRegistry.documentPresence ??= { documents: new Map(), unlisten: null });

function broadcast(documentId: string) {
  const doc = registry.documents.get(documentId);
  if (!doc) return;
  doc.timer = null;
  const now = Date.now();
  const people = new Map<string, string>();
  for (const [key, v] of doc.viewers) {
    if (now - v.seenAt > PRESENCE_TTL_MS) doc.viewers.delete(key);
    else people.set(v.userId, v.name);
  }
  const everyone = [...people].map(([userId, name]) => ({ userId, name }));
  for (const s of doc.subscribers) s.send(everyone.filter((p) => p.userId !== s.userId));
}

function schedule(documentId: string, doc: DocumentPresence) {
  doc.timer ??= setTimeout(() => broadcast(documentId), BROADCAST_MS);
}

/** A presence notice heard on the LISTEN connection (exported for tests). */
export function heardPresence(n: PresenceNotice) {
  const doc = registry.documents.get(n.documentId);
  if (!doc) return; // nobody here watches that document
  if (n.state === "gone") doc.viewers.delete(n.connectionId);
  else doc.viewers.set(n.connectionId, { userId: n.userId, name: n.name, seenAt: Date.now() });
  schedule(n.documentId, doc);
}

/** Sends `userId`'s stream the other people on `documentId` whenever that changes (and at `refresh()`). */
export function subscribePresence(documentId: string, userId: string, send: (people: Person[]) => void) {
  registry.unlisten ??= onPresence(heardPresence);
  let doc = registry.documents.get(documentId);
  if (!doc) {
    doc = { viewers: new Map(), subscribers: new Set(), timer: null };
    registry.documents.set(documentId, doc);
  }
  const subscriber: Subscriber = { userId, send };
  doc.subscribers.add(subscriber);
  const current = doc;
  // A newcomer learns who is already here with the next broadcast.
  schedule(documentId, current);
  return {
    /** Drops viewers who stopped announcing themselves (their tab died) at the next broadcast. */
    refresh: () => schedule(documentId, current),
    unsubscribe: () => {
      current.subscribers.delete(subscriber);
      if (current.subscribers.size > 0) return;
      if (current.timer) clearTimeout(current.timer);
      registry.documents.delete(documentId);
      if (registry.documents.size === 0) {
        registry.unlisten?.();
        registry.unlisten = null;
      }
    },
  };
}
