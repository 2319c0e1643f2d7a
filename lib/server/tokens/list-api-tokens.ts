import "server-only";
import { db } from "@/lib/db";
import { API_TOKEN_SELECT, toApiTokenDto, type ApiTokenDto } from "@/lib/server/tokens/api-token-dto";

export async function listApiTokens(userId: string): Promise<ApiTokenDto[]> {
  const rows = await db.apiToken.findMany({ where: { userId }, orderBy: { createdAt: "desc" }, select: API_TOKEN_SELECT });
  return rows.map(toApiTokenDto);
}
