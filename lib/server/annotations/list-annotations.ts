import "server-only";
import { isUuid, requireDocumentRole, sessionOnlyFastPath } from "@/lib/server/authz";
import { sqlPool } from "@/lib/server/db/sql-pool";
import { annotationColumns, annotationFromSql, type AnnotationSqlRow } from "@/lib/server/annotations/annotation-sql";
import type { AnnotationDto } from "@/lib/server/annotations/annotation-dto";

type Listed = { annotations: AnnotationDto[]; cursor: number };

// One statement, so the rows and the cursor to resume from come from one snapshot and nothing falls
// between the two. The `access` part yields one row when the caller may see the document (or when
// no caller is given), none otherwise; the annotations are LEFT JOINed to it, so a document without
// annotations still answers with its cursor.
const listSql = (since: boolean, withCaller: boolean) => `
WITH access AS MATERIALIZED (
  SELECT d.id, (SELECT max(seq) FROM "Annotation" WHERE "documentId" = d.id) AS cursor
  FROM "Document" d
  ${withCaller ? `JOIN "Membership" m ON m."projectId" = d."projectId" AND m."userId" = $2::uuid` : ""}
  WHERE d.id = $1::uuid
)
SELECT access.cursor, ${annotationColumns("a")}
FROM access
LEFT JOIN "Annotation" a ON a."documentId" = access.id AND ${since ? `a.seq > $${withCaller ? 3 : 2}::bigint` : `a."deletedAt" IS NULL`}
ORDER BY ${since ? "a.seq" : `a.start, a."end" DESC`}`;

const SQL = {
  all: listSql(false, false),
  since: listSql(true, false),
  allForCaller: listSql(false, true),
  sinceForCaller: listSql(true, true),
};

type Row = AnnotationSqlRow & { cursor: string | null };

function listed(rows: Row[], since: number | undefined): Listed {
  const annotations = rows.filter((r) => r.id !== null).map(annotationFromSql);
  return { annotations, cursor: Math.max(since ?? 0, Number(rows[0]?.cursor ?? 0)) };
}

/**
 * A document's live annotations in text order; with `since`, every change after that point of
 * the change sequence, tombstones included, so a reconnecting client can catch up.
 */
export async function listDocumentAnnotations(documentId: string, since?: number): Promise<Listed> {
  const { rows } = await sqlPool().query<Row>(since === undefined ? SQL.all : SQL.since, since === undefined ? [documentId] : [documentId, since]);
  return listed(rows, since);
}

/**
 * The same for a caller whose access is not yet checked (the route handler): membership is part
 * of the statement; only when it finds nothing is access resolved the usual way, which answers 404
 * for a stranger or a document that does not exist.
 */
export async function listAnnotationsAsMember(userId: string, documentId: string, since?: number): Promise<Listed> {
  if (sessionOnlyFastPath() && isUuid(documentId) && isUuid(userId)) {
    const { rows } = await sqlPool().query<Row>(
      since === undefined ? SQL.allForCaller : SQL.sinceForCaller,
      since === undefined ? [documentId, userId] : [documentId, userId, since],
    );
    if (rows.length > 0) return listed(rows, since);
  }
  const access = await requireDocumentRole(userId, documentId, "VIEWER");
  return listDocumentAnnotations(access.documentId, since);
}
