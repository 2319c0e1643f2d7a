import "server-only";
import { isUuid, resolveDocument, seesColumnsSql, seesSql, sqlScope, type Caller, type DocumentAccess } from "@/lib/server/authz";
import { sqlPool } from "@/lib/server/db/sql-pool";
import { annotationColumns, annotationFromSql, type AnnotationSqlRow } from "@/lib/server/annotations/annotation-sql";
import type { AnnotationDto } from "@/lib/server/annotations/annotation-dto";
import { compactAnnotations, type CompactAnnotations } from "@/lib/client/compact-annotations";

type Listed = { annotations: AnnotationDto[]; cursor: number };

// One statement, so the rows and the cursor to resume from come from one snapshot and nothing falls
// between the two. The `access` part yields one row when the caller may see the document — a
// role the permission table lets "read" ($3) and, for an API token, one of its projects ($4) — or
// when no caller is given, none otherwise; the annotations are LEFT JOINed to it, so a document without
// annotations still answers with its cursor. Only annotations the reader may see are joined: with
// a caller, what their role and the project's settings allow (seesColumnsSql); without, the
// access value's visibility ($2–$4). The cursor covers every change, seen or not, so a client
// never asks again for what it may not see.
const accessCte = (withCaller: boolean) => `
WITH access AS MATERIALIZED (
  SELECT d.id, (SELECT max(seq) FROM "Annotation" WHERE "documentId" = d.id) AS cursor,
  ${withCaller ? seesColumnsSql("m.role", "m.\"userId\"", "p") : `$2::boolean AS "seesAll", $3::uuid AS "seesOwnerId", $4::boolean AS "seesGold"`}
  FROM "Document" d
  ${withCaller ? `JOIN "Membership" m ON m."projectId" = d."projectId" AND m."userId" = $2::uuid AND m.role = ANY($3::"Role"[])
  JOIN "Project" p ON p.id = d."projectId"` : ""}
  WHERE d.id = $1::uuid AND d."deletedAt" IS NULL${withCaller ? ` AND ($4::uuid[] IS NULL OR d."projectId" = ANY($4::uuid[]))` : ""}
)`;

/** Text order, as the viewer keeps it (shown-annotations.ts `textOrder`): ties on one span broken by id. */
const TEXT_ORDER = `a.start, a."end" DESC, a.id`;

const listSql = (since: boolean, withCaller: boolean) => `${accessCte(withCaller)}
SELECT access.cursor, ${annotationColumns("a")}
FROM access
LEFT JOIN "Annotation" a ON a."documentId" = access.id AND ${since ? `a.seq > $5::bigint` : `a."deletedAt" IS NULL`}
  AND ${seesSql("a", 'access."seesAll"', 'access."seesOwnerId"', 'access."seesGold"')}
ORDER BY ${since ? "a.seq" : TEXT_ORDER}`;

// The document page's list: the same rows as `all`, but only the columns the compact form keeps,
// and as one JSON array PostgreSQL builds — with 5,000 annotations, parsing the row-by-row form
// (nineteen columns per row, three of them dates) cost the server's one thread 48 ms per page, this 11 ms.
const COMPACT_COLUMNS = ["id", "labelId", "authorId", "start", "end", "version", "seq", "attributes", "note", "reviewState", "gold", "canonicalId"] as const;
const compactSql = `${accessCte(false)}
SELECT access.cursor, (
  SELECT coalesce(json_agg(json_build_array(${COMPACT_COLUMNS.map((c) => `a."${c}"`).join(", ")}) ORDER BY ${TEXT_ORDER}), '[]')
  FROM "Annotation" a
  WHERE a."documentId" = access.id AND a."deletedAt" IS NULL AND ${seesSql("a", 'access."seesAll"', 'access."seesOwnerId"', 'access."seesGold"')}
) AS rows
FROM access`;
type CompactTuple = [string, string, string, number, number, number, number, Record<string, unknown> | null, string, string, boolean, string | null];

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
export async function listDocumentAnnotations(access: DocumentAccess, since?: number): Promise<Listed> {
  const { documentId } = access;
  const { all, ownerId, gold } = access.sees;
  const params = [documentId, all, ownerId, gold];
  const { rows } = await sqlPool().query<Row>(since === undefined ? SQL.all : SQL.since, since === undefined ? params : [...params, since]);
  return listed(rows, since);
}

/** The same live annotations as `listDocumentAnnotations`, in the page's compact form (compact-annotations.ts). */
export async function listDocumentAnnotationsCompact(access: DocumentAccess): Promise<{ annotations: CompactAnnotations; cursor: number }> {
  const { documentId } = access;
  const { all, ownerId, gold } = access.sees;
  const { rows } = await sqlPool().query<{ cursor: string | null; rows: CompactTuple[] }>(compactSql, [documentId, all, ownerId, gold]);
  const tuples = rows[0]?.rows ?? [];
  const annotations = compactAnnotations(
    tuples.map(([id, labelId, authorId, start, end, version, seq, attributes, note, reviewState, gold, canonicalId]) => ({ id, labelId, authorId, start, end, version, seq, attributes: attributes ?? {}, note, reviewState, gold, canonicalId })),
  );
  return { annotations, cursor: Number(rows[0]?.cursor ?? 0) };
}

/**
 * The same for a caller whose access is not yet checked (the route handler): membership and token
 * scope are part of the statement; only when it finds nothing is access resolved the usual way,
 * which answers 404 for a stranger or a document that does not exist.
 */
export async function listAnnotationsAsMember(caller: Caller, documentId: string, since?: number): Promise<Listed> {
  if (isUuid(documentId) && isUuid(caller.userId)) {
    const { roles, projectIds } = sqlScope(caller, "read");
    const { rows } = await sqlPool().query<Row>(
      since === undefined ? SQL.allForCaller : SQL.sinceForCaller,
      since === undefined ? [documentId, caller.userId, roles, projectIds] : [documentId, caller.userId, roles, projectIds, since],
    );
    if (rows.length > 0) return listed(rows, since);
  }
  return listAnnotationsStepByStep(caller, documentId, since);
}

/** Access first, then the list: the path the one statement must agree with. */
export async function listAnnotationsStepByStep(caller: Caller, documentId: string, since?: number): Promise<Listed> {
  return listDocumentAnnotations(await resolveDocument(caller, documentId, "read"), since);
}
