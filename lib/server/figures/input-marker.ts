import "server-only";
import { db } from "@/lib/db";

/**
 * A short summary of everything a project's (or one document's) figures are computed from:
 * annotations (the change sequence, live count, last update), assignments and their finishing,
 * documents (deleted and restored), members and labels. Figures stored with another marker are
 * stale. The aggregates run in PostgreSQL on indexed columns; no row reaches Node.
 */
export async function inputMarker(projectId: string, documentId?: string): Promise<string> {
  const doc = documentId ?? null;
  const [row] = await db.$queryRaw<{ marker: string }[]>`
    SELECT md5(concat_ws('|',
      (SELECT concat_ws('/', COALESCE(MAX(seq), 0), COUNT(*) FILTER (WHERE "deletedAt" IS NULL), MAX("updatedAt"), MAX("deletedAt"))
         FROM "Annotation" WHERE "projectId" = ${projectId}::uuid AND (${doc}::uuid IS NULL OR "documentId" = ${doc}::uuid)),
      (SELECT concat_ws('/', COUNT(*), COUNT("finishedAt"), MAX("finishedAt"), MAX("createdAt"))
         FROM "DocumentAssignment" WHERE "projectId" = ${projectId}::uuid AND (${doc}::uuid IS NULL OR "documentId" = ${doc}::uuid)),
      (SELECT concat_ws('/', COUNT(*) FILTER (WHERE "deletedAt" IS NULL), MAX("createdAt"), MAX("deletedAt"))
         FROM "Document" WHERE "projectId" = ${projectId}::uuid AND (${doc}::uuid IS NULL OR id = ${doc}::uuid)),
      (SELECT md5(string_agg(m."userId"::text || m.role::text || u.name, ',' ORDER BY m."userId"))
         FROM "Membership" m JOIN "User" u ON u.id = m."userId" WHERE m."projectId" = ${projectId}::uuid),
      (SELECT md5(string_agg(id::text || name || kind::text || color, ',' ORDER BY id))
         FROM "Label" WHERE "projectId" = ${projectId}::uuid)
    )) AS marker`;
  return row.marker;
}
