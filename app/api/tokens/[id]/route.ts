import { requireSession } from "@/lib/server/authz";
import { withUser } from "@/lib/server/http/route";
import { revokeApiToken } from "@/lib/server/tokens/revoke-api-token";

// DELETE /api/tokens/[id] — revoke one of the caller's tokens; it stops working at once
export const DELETE = withUser<{ id: string }>(async ({ params, userId, caller }) => {
  requireSession(caller, "revoke tokens");
  await revokeApiToken(userId, params.id);
  return new Response(null, { status: 204 });
});
