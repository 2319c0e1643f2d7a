// DELETE /api/account/sessions — sign out everywhere: ends every session of your account, this one too
import { requireSession } from "@/lib/server/authz";
import { withUser } from "@/lib/server/http/route";
import { endAllSessions } from "@/lib/server/session/user-sessions";

export const DELETE = withUser(async ({ userId, caller }) => {
  requireSession(caller, "end sessions");
  return { endedSessions: await endAllSessions(userId) };
});
