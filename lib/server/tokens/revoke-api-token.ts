import "server-only";
import { db } from "@/lib/db";
import { isUuid } from "@/lib/server/authz";
import { notFound } from "@/lib/server/errors";

/** Deletes one of the caller's tokens: it stops working with the next request. */
export async function revokeApiToken(userId: string, tokenId: string): Promise<void> {
  if (!isUuid(tokenId)) throw notFound("Token not found");
  const { count } = await db.apiToken.deleteMany({ where: { id: tokenId, userId } });
  if (count === 0) throw notFound("Token not found");
}
