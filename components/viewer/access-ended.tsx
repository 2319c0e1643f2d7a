"use client";
// The last event of a document's live stream: the access the page was opened with has ended
// (removed from the project, role changed, account or token gone). The server closes the stream
// after it; closing the EventSource too keeps the browser from reconnecting to a stream it may no
// longer open. The reasons are those of lib/server/live/stream-access.ts.
import { Alert } from "@/components/ui/form";

export type AccessEnded = { reason: string; role?: string };

/** Calls `handle` once when `source` says access ended, and stops it from reconnecting. */
export function onAccessEnded(source: EventSource, handle: (ended: AccessEnded) => void) {
  source.addEventListener("access-ended", (event) => {
    source.close();
    handle(JSON.parse((event as MessageEvent).data) as AccessEnded);
  });
}

export function AccessEndedNotice({ ended }: { ended: AccessEnded }) {
  if (ended.reason === "role changed") {
    return (
      <Alert kind="info">
        Your role in this project changed{ended.role ? ` to ${ended.role.toLowerCase()}` : ""}: live updates stopped.{" "}
        <button type="button" className="underline" onClick={() => window.location.reload()}>Reload the page</button> to continue with your new role.
      </Alert>
    );
  }
  if (ended.reason === "visibility changed") {
    return (
      <Alert kind="info">
        The project now shows you a different set of annotations (its “Annotators see” or “Viewers see” setting changed): live updates stopped.{" "}
        <button type="button" className="underline" onClick={() => window.location.reload()}>Reload the page</button> to see what you may see now.
      </Alert>
    );
  }
  if (ended.reason === "document deleted") return <Alert>This document was deleted: live updates stopped.</Alert>;
  // Changes made meanwhile wait in the outbox, which asks for a sign-in when it next sends.
  if (ended.reason === "signed out") return <Alert>You were signed out: live updates stopped. Sign in again and reload the page to see others&apos; changes.</Alert>;
  return (
    <Alert>
      <strong>You no longer have access to this project</strong> ({ended.reason}). Live updates stopped.
    </Alert>
  );
}
