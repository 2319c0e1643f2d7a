import "server-only";
import { EventEmitter } from "node:events";
import pg from "pg";
import { ANNOTATION_CHANNEL } from "@/lib/server/annotations/notify";
import { sqlPool } from "@/lib/server/db/sql-pool";

// One LISTEN connection per app process, fanned out to every open event stream. PostgreSQL
// delivers each NOTIFY to every instance listening, so several app instances on one database
// see each other's changes.
//
// The connection is lost whenever the database stops or restarts. From the first loss on, the hub
// keeps trying again (0.5 s, doubling up to 5 s) until it is back, and then tells every stream,
// which re-reads what it missed by change sequence. Notifications sent while nobody listened are
// gone, so that re-read, not the notifications, is what makes the catch-up complete.
//
// The LISTEN connection only listens: it runs LISTEN and nothing else, so a query can never wait
// behind (or run concurrently with) another on it — the pg driver deprecates concurrent queries on
// one client. Every NOTIFY this process sends goes through the pool.

export const PRESENCE_CHANNEL = "document_presence";
/** Sent by triggers when memberships, tokens, accounts or documents change (migration access_change_notify). */
export const ACCESS_CHANNEL = "access_changes";
const CHANNELS = [ANNOTATION_CHANNEL, PRESENCE_CHANNEL, ACCESS_CHANNEL];
const FIRST_RETRY_MS = 500;
const MAX_RETRY_MS = 5_000;

export type AnnotationNotice = { documentId: string; id: string };
export type PresenceNotice = { documentId: string; userId: string; name: string; connectionId: string; state: "here" | "gone" };
export type LiveState = "idle" | "listening" | "reconnecting";

type Hub = {
  emitter: EventEmitter;
  client: pg.Client | null;
  connecting: Promise<void> | null;
  retryTimer: ReturnType<typeof setTimeout> | null;
  retryMs: number;
  /** Set once the first connection was asked for: from then on a lost connection is always retried. */
  wanted: boolean;
};

const globalHub = globalThis as unknown as { liveHub?: Hub };
const hub: Hub = (globalHub.liveHub ??= {
  emitter: new EventEmitter().setMaxListeners(0),
  client: null,
  connecting: null,
  retryTimer: null,
  retryMs: FIRST_RETRY_MS,
  wanted: false,
});

function scheduleRetry() {
  if (hub.retryTimer || hub.client || !hub.wanted) return;
  hub.retryTimer = setTimeout(() => {
    hub.retryTimer = null;
    void ensureListening().catch(() => undefined);
  }, hub.retryMs);
  // A retry pending must not keep a command-line process alive.
  hub.retryTimer.unref?.();
  hub.retryMs = Math.min(hub.retryMs * 2, MAX_RETRY_MS);
}

async function connect(): Promise<void> {
  // LISTEN needs a session of its own: behind a transaction-pooling PgBouncer, point
  // DATABASE_LISTEN_URL straight at PostgreSQL (or at a session-mode pool).
  const client = new pg.Client({ connectionString: process.env.DATABASE_LISTEN_URL || process.env.DATABASE_URL, keepAlive: true });
  let lost = false;
  const onLost = () => {
    if (lost) return;
    lost = true;
    client.end().catch(() => undefined);
    if (hub.client === client) {
      hub.client = null;
      hub.emitter.emit("disconnected");
    }
    scheduleRetry();
  };
  client.on("error", onLost);
  client.on("end", onLost);
  client.on("notification", (msg) => {
    if (!msg.payload) return;
    try {
      hub.emitter.emit(msg.channel, JSON.parse(msg.payload));
    } catch {
      // not ours
    }
  });
  try {
    await client.connect();
    for (const channel of CHANNELS) await client.query(`LISTEN ${channel}`);
  } catch (error) {
    onLost();
    hub.emitter.emit("connect-failed");
    throw error;
  }
  if (lost) throw new Error("The LISTEN connection was lost while it was being set up.");
  hub.client = client;
  hub.retryMs = FIRST_RETRY_MS;
  hub.emitter.emit("reconnected");
}

/** Connects the LISTEN connection if it is not; rejects while the database cannot be reached (a retry is then already scheduled). */
export function ensureListening(): Promise<void> {
  hub.wanted = true;
  if (hub.client) return Promise.resolve();
  hub.connecting ??= connect().finally(() => {
    hub.connecting = null;
  });
  return hub.connecting;
}

/** For the health check: is this process hearing other instances' changes? */
export function liveState(): LiveState {
  return hub.client ? "listening" : hub.wanted ? "reconnecting" : "idle";
}

export function onAnnotationChange(listener: (n: AnnotationNotice) => void) {
  hub.emitter.on(ANNOTATION_CHANNEL, listener);
  return () => void hub.emitter.off(ANNOTATION_CHANNEL, listener);
}

export function onPresence(listener: (n: PresenceNotice) => void) {
  hub.emitter.on(PRESENCE_CHANNEL, listener);
  return () => void hub.emitter.off(PRESENCE_CHANNEL, listener);
}

/** Access may have ended for some open streams (see stream-access.ts). */
export function onAccessChange(listener: () => void) {
  hub.emitter.on(ACCESS_CHANNEL, listener);
  return () => void hub.emitter.off(ACCESS_CHANNEL, listener);
}

/** After the LISTEN connection was lost and restored, streams re-read what they may have missed. */
export function onReconnected(listener: () => void) {
  hub.emitter.on("reconnected", listener);
  return () => void hub.emitter.off("reconnected", listener);
}

/** An attempt to (re)connect the LISTEN connection failed; another is scheduled. */
export function onConnectFailed(listener: () => void) {
  hub.emitter.on("connect-failed", listener);
  return () => void hub.emitter.off("connect-failed", listener);
}

/** The LISTEN connection was lost (the database stopped or restarts): live changes pause until onReconnected. */
export function onDisconnected(listener: () => void) {
  hub.emitter.on("disconnected", listener);
  return () => void hub.emitter.off("disconnected", listener);
}

export async function announcePresence(notice: PresenceNotice) {
  await sqlPool().query("SELECT pg_notify($1, $2)", [PRESENCE_CHANNEL, JSON.stringify(notice)]);
}

/** Closes the connection and stops retrying (tests, and command-line processes that exit). */
export async function stopListening() {
  hub.wanted = false;
  if (hub.retryTimer) clearTimeout(hub.retryTimer);
  hub.retryTimer = null;
  const client = hub.client;
  hub.client = null;
  hub.retryMs = FIRST_RETRY_MS;
  await client?.end().catch(() => undefined);
}
