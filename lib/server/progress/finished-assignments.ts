import "server-only";
import { db } from "@/lib/db";

type Assignment = { documentId: string; userId: string; finishedAt: Date | null };

/** document id → annotators who had marked it finished by `at` (by now, without `at`). */
export function finishedMap(assignments: Assignment[], at?: Date): Map<string, Set<string>> {
  const map = new Map<string, Set<string>>();
  for (const a of assignments) {
    if (!a.finishedAt || (at && a.finishedAt > at)) continue;
    if (!map.has(a.documentId)) map.set(a.documentId, new Set());
    map.get(a.documentId)!.add(a.userId);
  }
  return map;
}

/** document id → annotators who marked it finished, read from the database. */
export async function finishedByDocument(projectId: string, documentId?: string): Promise<Map<string, Set<string>>> {
  const rows = await db.documentAssignment.findMany({
    where: { projectId, ...(documentId ? { documentId } : {}), finishedAt: { not: null } },
    select: { documentId: true, userId: true, finishedAt: true },
  });
  return finishedMap(rows);
}
