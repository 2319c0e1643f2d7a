import { createApiTokenSchema } from "@/lib/schemas/api-token";
import { requireSession } from "@/lib/server/authz";
import { created, readJson, withUser } from "@/lib/server/http/route";
import { createApiToken } from "@/lib/server/tokens/create-api-token";
import { listApiTokens } from "@/lib/server/tokens/list-api-tokens";

// GET /api/tokens — the caller's personal API tokens (never their secrets)
export const GET = withUser(async ({ userId, caller }) => {
  requireSession(caller, "list tokens");
  return { tokens: await listApiTokens(userId) };
});

// POST /api/tokens — make a token for chosen projects; the answer holds the secret, shown this once
export const POST = withUser(async ({ req, userId, caller }) => {
  requireSession(caller, "make tokens");
  return created(await createApiToken(userId, await readJson(req, createApiTokenSchema)));
});
