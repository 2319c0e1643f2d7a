// GET /api/documents/[id]/events — Server-Sent Events: annotation changes and who is viewing (?since= or Last-Event-ID to catch up)
import { z } from "zod";
import { withDocument } from "@/lib/server/http/route";
import { documentEventStream, userName } from "@/lib/server/live/document-event-stream";
import { claimStreamSlot } from "@/lib/server/live/stream-limits";
import { currentSession } from "@/lib/server/session/session-user-id";

export const dynamic = "force-dynamic";

const cursorSchema = z.coerce.number().int().min(0).optional();

// The stream slot is claimed before the document's access is looked up: an account opening
// streams in a loop past its limit gets its 429 without costing database work.
export const GET = withDocument("read", async ({ req, userId, access, release }) => {
  const since = cursorSchema.parse(req.headers.get("last-event-id") ?? new URL(req.url).searchParams.get("since") ?? undefined);
  // A browser's stream ends when its session is ended on the server (signed out elsewhere).
  const session = { sessionId: access.token ? null : ((await currentSession())?.sessionId ?? null) };
  const stream = documentEventStream(access, session, { id: userId, name: await userName(userId) }, since, req.signal, release);
  return new Response(stream, {
    headers: {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-cache, no-transform",
      connection: "keep-alive",
      "x-accel-buffering": "no",
    },
  });
}, claimStreamSlot);
