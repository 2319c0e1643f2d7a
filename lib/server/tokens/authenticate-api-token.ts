import "server-only";
import { db } from "@/lib/db";
import type { TokenScope } from "@/lib/server/authz";
import { AppError } from "@/lib/server/errors";
import { hashTokenSecret, TOKEN_PREFIX } from "@/lib/server/tokens/token-secret";

// Last-used times are kept to the minute: writing on every request would double the cost of reads.
const LAST_USED_RESOLUTION_MS = 60_000;

const invalid = () =>
  new AppError("UNAUTHENTICATED", "This API token is not valid: it was revoked, has expired or is mistyped. Make a new one under Account → API tokens.", undefined, {
    "www-authenticate": 'Bearer error="invalid_token"',
  });

/** The user and scope for an `Authorization: Bearer awb_…` header. */
export async function authenticateApiToken(header: string): Promise<{ userId: string; scope: TokenScope }> {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match) throw new AppError("UNAUTHENTICATED", 'Send the token as "Authorization: Bearer awb_…".');
  const secret = match[1];
  if (!secret.startsWith(TOKEN_PREFIX) || secret.length > 200) throw invalid();
  const token = await db.apiToken.findUnique({
    where: { tokenHash: hashTokenSecret(secret) },
    select: { id: true, userId: true, access: true, expiresAt: true, lastUsedAt: true, projects: { select: { projectId: true } } },
  });
  if (!token) throw invalid();
  const now = Date.now();
  if (token.expiresAt && token.expiresAt.getTime() <= now) throw invalid();
  if (!token.lastUsedAt || now - token.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
    await db.apiToken.updateMany({ where: { id: token.id }, data: { lastUsedAt: new Date(now) } });
  }
  return {
    userId: token.userId,
    scope: { tokenId: token.id, projectIds: token.projects.map((p) => p.projectId), readOnly: token.access === "READ" },
  };
}
