// POST /api/account/password — change your password (needs the current one); ends your other sessions
import { changePasswordSchema } from "@/lib/schemas/account";
import { changePassword } from "@/lib/server/account/change-password";
import { clientAddress } from "@/lib/server/auth/rate-limit";
import { requireSession } from "@/lib/server/authz";
import { readJson, withUser } from "@/lib/server/http/route";
import { currentSession } from "@/lib/server/session/session-user-id";

export const POST = withUser(async ({ req, userId, caller }) => {
  requireSession(caller, "change passwords");
  const input = await readJson(req, changePasswordSchema);
  const session = await currentSession();
  return changePassword(userId, session?.userId === userId ? session.sessionId : null, input, clientAddress(req.headers));
});
