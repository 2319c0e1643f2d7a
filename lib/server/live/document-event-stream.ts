import "server-only";
import { db } from "@/lib/db";
import { listDocumentAnnotations } from "@/lib/server/annotations/list-annotations";
import type { DocumentAccess } from "@/lib/server/authz";
import {
  announcePresence,
  ensureListening,
  onAnnotationChange,
  onDisconnected,
  onReconnected,
} from "@/lib/server/live/change-listener";
import { subscribePresence } from "@/lib/server/live/document-presence";
import { watchStreamAccess, type StreamGrant } from "@/lib/server/live/stream-access";
import { claimStreamSlot } from "@/lib/server/live/stream-limits";

const HEARTBEAT_MS = 15_000;

/**
 * A Server-Sent Events stream of one document's annotation changes (event "changes") and of who
 * else has it open (event "presence"). It starts with everything after `since` so a reconnecting
 * client catches up; each event id is the change cursor, which EventSource sends back as
 * Last-Event-ID when it reconnects by itself.
 *
 * Event "database" says whether changes are flowing: "unavailable" while this process has lost
 * its database (the stream itself stays open), "available" once it is back and what was missed
 * has been sent — the browser then also sends the changes it kept meanwhile.
 *
 * Event "access-ended" is the last: the access the stream was opened with has ended (see
 * stream-access.ts for the reasons), and the server closes the stream after it.
 */
export function documentEventStream(
  access: DocumentAccess,
  session: { sessionId: string | null },
  user: { id: string; name: string },
  since: number | undefined,
  signal: AbortSignal,
  claimedSlot?: () => void,
) {
  const { documentId } = access;
  // What the stream was opened with, re-checked for as long as it is open (stream-access.ts).
  const grant: StreamGrant = {
    userId: access.userId,
    documentId,
    role: access.role,
    sees: access.sees,
    via: access.token ? { kind: "token", tokenId: access.token.tokenId } : { kind: "session", sessionId: session.sessionId },
  };
  // Refused with 429 before anything is set up when the account or the instance has too many open
  // (the route claims it earlier still, before the access check).
  const releaseSlot = claimedSlot ?? claimStreamSlot(access.userId);
  const encoder = new TextEncoder();
  const connectionId = crypto.randomUUID();
  let cursor = since;
  let closed = false;
  let pulling: Promise<void> = Promise.resolve();
  const cleanups: (() => void)[] = [releaseSlot];

  return new ReadableStream<Uint8Array>({
    async start(controller) {
      const send = (event: string, data: unknown, id?: number) => {
        if (closed) return;
        controller.enqueue(encoder.encode(`${id !== undefined ? `id: ${id}\n` : ""}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`));
      };
      const presence = subscribePresence(documentId, user.id, (viewers) => send("presence", { viewers }));
      // Changes are read from the database in cursor order, one pull at a time, so every event
      // carries committed state and none is sent twice.
      const pull = () => {
        pulling = pulling.then(async () => {
          if (closed) return;
          if (cursor === undefined) {
            cursor = (await listDocumentAnnotations(access)).cursor;
            return;
          }
          const { annotations, cursor: next } = await listDocumentAnnotations(access, cursor);
          if (annotations.length) send("changes", { annotations, cursor: next }, next);
          cursor = next;
        }).catch(() => undefined);
        return pulling;
      };
      const close = () => {
        if (closed) return;
        closed = true;
        cleanups.forEach((fn) => fn());
        void announcePresence({ documentId, userId: user.id, name: user.name, connectionId, state: "gone" }).catch(() => undefined);
        try {
          controller.close();
        } catch {
          // already closed by the client
        }
      };
      signal.addEventListener("abort", close);

      cleanups.push(
        watchStreamAccess(grant, (ended) => {
          send("access-ended", ended);
          close();
        }),
        onAnnotationChange((n) => {
          if (n.documentId === documentId) void pull();
        }),
        onDisconnected(() => send("database", { state: "unavailable" })),
        onReconnected(() => void pull().then(() => send("database", { state: "available" }))),
        presence.unsubscribe,
      );
      const heartbeat = setInterval(() => {
        if (closed) return;
        controller.enqueue(encoder.encode(": keep-alive\n\n"));
        void announcePresence({ documentId, userId: user.id, name: user.name, connectionId, state: "here" }).catch(() => undefined);
        presence.refresh();
      }, HEARTBEAT_MS);
      cleanups.push(() => clearInterval(heartbeat));

      // Browsers reconnect after `retry` ms when the connection drops.
      controller.enqueue(encoder.encode("retry: 1000\n\n"));
      send("ready", { connectionId });
      // The database can go away between the access check and here: the stream opens anyway, says
      // so, and catches up when the listener's retries get through (onReconnected above).
      const listening = await ensureListening().then(() => true, () => false);
      if (!listening) send("database", { state: "unavailable" });
      await pull();
      await announcePresence({ documentId, userId: user.id, name: user.name, connectionId, state: "here" }).catch(() => undefined);
    },
    cancel() {
      closed = true;
      cleanups.forEach((fn) => fn());
      void announcePresence({ documentId, userId: user.id, name: user.name, connectionId, state: "gone" }).catch(() => undefined);
    },
  });
}

export async function userName(userId: string) {
  return (await db.user.findUnique({ where: { id: userId }, select: { name: true } }))?.name ?? "Someone";
}
