import "server-only";
import { db } from "@/lib/db";

/** document id → annotators who marked it finished (by `at`, when given). */
export async function finishedByDocument(projectId: string, documentId?: string, at?: Date): Promise<Map<string, Set<string>>> {
  const rows = await db.documentAssignment.findMany({
    where: { projectId, ...(documentId ? { documentId } : {}), finishedAt: at ? { lte: at } : { not: null } },
    select: { documentId: true, userId: true },
  });
  const map = new Map<string, Set<string>>();
  for (const r of rows) {
    if (!map.has(r.documentId)) map.set(r.documentId, new Set());
    map.get(r.documentId)!.add(r.userId);
  }
  return map;
}
