import "server-only";
import { EventEmitter } from "node:events";
import pg from "pg";
import { ANNOTATION_CHANNEL } from "@/lib/server/annotations/notify";

// One LISTEN connection per app process, fanned out to every open event stream. PostgreSQL
// delivers each NOTIFY to every instance listening, so several app instances on one database
// see each other's changes.

export const PRESENCE_CHANNEL = "document_presence";

export type AnnotationNotice = { documentId: string; id: string };
export type PresenceNotice = { documentId: string; userId: string; name: string; connectionId: string; state: "here" | "gone" };

type Hub = { emitter: EventEmitter; client: pg.Client | null; connecting: Promise<void> | null; retryMs: number };

const globalHub = globalThis as unknown as { liveHub?: Hub };
const hub: Hub = (globalHub.liveHub ??= { emitter: new EventEmitter().setMaxListeners(0), client: null, connecting: null, retryMs: 500 });

async function connect(): Promise<void> {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  const reconnect = () => {
    if (hub.client !== client) return;
    hub.client = null;
    client.end().catch(() => undefined);
    hub.emitter.emit("disconnected");
    setTimeout(() => void ensureListening().catch(() => undefined), hub.retryMs);
    hub.retryMs = Math.min(hub.retryMs * 2, 10_000);
  };
  client.on("error", reconnect);
  client.on("end", reconnect);
  client.on("notification", (msg) => {
    if (!msg.payload) return;
    try {
      hub.emitter.emit(msg.channel, JSON.parse(msg.payload));
    } catch {
      // not ours
    }
  });
  await client.connect();
  await client.query(`LISTEN ${ANNOTATION_CHANNEL}`);
  await client.query(`LISTEN ${PRESENCE_CHANNEL}`);
  hub.client = client;
  hub.retryMs = 500;
  hub.emitter.emit("reconnected");
}

export function ensureListening(): Promise<void> {
  if (hub.client) return Promise.resolve();
  hub.connecting ??= connect().finally(() => {
    hub.connecting = null;
  });
  return hub.connecting;
}

export function onAnnotationChange(listener: (n: AnnotationNotice) => void) {
  hub.emitter.on(ANNOTATION_CHANNEL, listener);
  return () => void hub.emitter.off(ANNOTATION_CHANNEL, listener);
}

export function onPresence(listener: (n: PresenceNotice) => void) {
  hub.emitter.on(PRESENCE_CHANNEL, listener);
  return () => void hub.emitter.off(PRESENCE_CHANNEL, listener);
}

/** After the LISTEN connection was lost and restored, streams re-read what they may have missed. */
export function onReconnected(listener: () => void) {
  hub.emitter.on("reconnected", listener);
  return () => void hub.emitter.off("reconnected", listener);
}

export async function announcePresence(notice: PresenceNotice) {
  await hub.client?.query("SELECT pg_notify($1, $2)", [PRESENCE_CHANNEL, JSON.stringify(notice)]);
}
