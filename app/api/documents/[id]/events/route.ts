// GET /api/documents/[id]/events — Server-Sent Events: annotation changes and who is viewing (?since= or Last-Event-ID to catch up)
import { z } from "zod";
import { currentTokenScope } from "@/lib/server/auth/token-scope";
import { withDocumentRole } from "@/lib/server/http/route";
import { documentEventStream, userName } from "@/lib/server/live/document-event-stream";
import { currentSession } from "@/lib/server/session/session-user-id";

export const dynamic = "force-dynamic";

const cursorSchema = z.coerce.number().int().min(0).optional();

export const GET = withDocumentRole("VIEWER", async ({ req, userId, access }) => {
  const since = cursorSchema.parse(req.headers.get("last-event-id") ?? new URL(req.url).searchParams.get("since") ?? undefined);
  const tokenId = currentTokenScope()?.tokenId;
  const via = tokenId ? { kind: "token" as const, tokenId } : { kind: "session" as const, sessionId: (await currentSession())?.sessionId ?? null };
  const grant = { userId, documentId: access.documentId, role: access.role, via };
  const stream = documentEventStream(grant, { id: userId, name: await userName(userId) }, since, req.signal);
  return new Response(stream, {
    headers: {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-cache, no-transform",
      connection: "keep-alive",
      "x-accel-buffering": "no",
    },
  });
});
