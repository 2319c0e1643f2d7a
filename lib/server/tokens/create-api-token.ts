import "server-only";
import { db } from "@/lib/db";
import type { CreateApiTokenInput } from "@/lib/schemas/api-token";
import { AppError, notFound } from "@/lib/server/errors";
import { API_TOKEN_SELECT, toApiTokenDto, type ApiTokenDto } from "@/lib/server/tokens/api-token-dto";
import { displayPrefix, hashTokenSecret, newTokenSecret } from "@/lib/server/tokens/token-secret";

export const MAX_TOKENS_PER_USER = 50;
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Makes a token for the caller, limited to projects the caller belongs to. The secret is in the
 * answer and nowhere else: only its hash is stored.
 */
export async function createApiToken(userId: string, input: CreateApiTokenInput): Promise<{ token: ApiTokenDto; secret: string }> {
  const projectIds = [...new Set(input.projectIds)];
  const memberOf = await db.membership.findMany({ where: { userId, projectId: { in: projectIds } }, select: { projectId: true } });
  // As everywhere, a project the caller is not in does not exist for them.
  if (memberOf.length !== projectIds.length) throw notFound("Project not found: a token can only reach projects you are a member of.");
  if ((await db.apiToken.count({ where: { userId } })) >= MAX_TOKENS_PER_USER) {
    throw new AppError("CONFLICT", `You already have ${MAX_TOKENS_PER_USER} tokens. Revoke one you no longer use first.`);
  }
  const secret = newTokenSecret();
  const row = await db.apiToken.create({
    data: {
      userId,
      name: input.name,
      tokenHash: hashTokenSecret(secret),
      prefix: displayPrefix(secret),
      access: input.access,
      expiresAt: input.expiresInDays === null ? null : new Date(Date.now() + input.expiresInDays * DAY_MS),
      projects: { create: projectIds.map((projectId) => ({ projectId })) },
    },
    select: API_TOKEN_SELECT,
  });
  return { token: toApiTokenDto(row), secret };
}
