"use client";
import { useEffect, useLayoutEffect, useRef } from "react";
import { backoffMs } from "@/lib/client/outbox";
import { onAccessEnded, type AccessEnded } from "@/components/viewer/access-ended";
import type { Annotation } from "@/lib/client/annotation-queue";

export type LiveStreamHandlers = {
  /** Where to resume from when a stream is (re)opened: the last change this viewer has. */
  cursor: () => number;
  /** Connected or disconnected (including the server's database going away and coming back). */
  onLive: (live: boolean) => void;
  /** The server can take changes again: a good moment to send what waits. */
  onReady: () => void;
  onChanges: (annotations: Annotation[], cursor: number) => void;
  onPresence: (viewers: { userId: string; name: string }[]) => void;
  onEnded: (ended: AccessEnded) => void;
};

/**
 * Everyone else's changes, live. EventSource reconnects by itself after a dropped connection (the
 * app server restarted) and resumes from the last event id; the server then sends what was missed.
 * It gives up for good when an answer is not a stream (a 503 while the database is down, a proxy's
 * 502), so then a new one is opened after a backoff, from our cursor. A new `epoch` opens a fresh
 * stream (after signing in again).
 */
export function useLiveStream(documentId: string, epoch: number, handlers: LiveStreamHandlers) {
  const h = useRef(handlers);
  useLayoutEffect(() => {
    h.current = handlers;
  });
  useEffect(() => {
    let source: EventSource | null = null;
    let reopenTimer: ReturnType<typeof setTimeout> | null = null;
    let failures = 0;
    const open = () => {
      reopenTimer = null;
      const current = new EventSource(`/api/documents/${documentId}/events?since=${h.current.cursor()}`);
      source = current;
      current.addEventListener("ready", () => {
        failures = 0;
        h.current.onLive(true);
        h.current.onReady();
      });
      // The server lost its database (changes paused) or has it back (and has sent what we missed).
      current.addEventListener("database", (event) => {
        const available = (JSON.parse((event as MessageEvent).data) as { state: string }).state === "available";
        h.current.onLive(available);
        if (available) h.current.onReady();
      });
      current.addEventListener("changes", (event) => {
        const data = JSON.parse((event as MessageEvent).data) as { annotations: Annotation[]; cursor: number };
        h.current.onChanges(data.annotations, data.cursor);
      });
      current.addEventListener("presence", (event) => h.current.onPresence(JSON.parse((event as MessageEvent).data).viewers));
      onAccessEnded(current, (ended) => {
        source = null;
        h.current.onLive(false);
        h.current.onEnded(ended);
      });
      current.onerror = () => {
        h.current.onLive(false);
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
  }, [documentId, epoch]);
}
