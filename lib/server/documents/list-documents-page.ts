import "server-only";
import { visibleAnnotationsSql, type ProjectAccess } from "@/lib/server/authz";
import { sqlPool } from "@/lib/server/db/sql-pool";
import type { DocumentListQuery } from "@/lib/schemas/document-list";

export type DocumentRow = {
  id: string; title: string; fileName: string | null; sourceUrl: string | null; publisher: string | null; author: string | null; publishedOn: string | null; language: string | null;
  tags: string[]; length: number; createdAt: string; annotationCount: number; assignees: number; finished: number;
};

// Sort columns as SQL (never the client's text): a stable order, ties broken by id.
const ORDER: Record<DocumentListQuery["sort"], string> = {
  title: `lower(d.title)`,
  publisher: `lower(d.publisher)`,
  // Partial dates sort as text: 2019 < 2019-04 < 2019-04-25 < 2020.
  publishedOn: `d."publishedOn" COLLATE "C"`,
  createdAt: `d."createdAt"`,
  length: `d.length`,
  annotations: `"annotationCount"`,
};

/**
 * One page of a project's (live) documents, filtered and sorted in PostgreSQL, with the total:
 * the answer does not grow with the corpus. Annotation counts are of what the reader may see
 * (they would tell of others' hidden work otherwise), and are computed for the page's rows only —
 * unless the page is sorted by them.
 */
export async function listDocumentsPage(access: ProjectAccess, query: DocumentListQuery): Promise<{ documents: DocumentRow[]; total: number; nextOffset: number | null }> {
  const params: unknown[] = [access.projectId];
  const param = (value: unknown) => `$${params.push(value)}`;
  const where = [`d."projectId" = $1::uuid`, `d."deletedAt" IS NULL`];
  if (query.q) {
    const like = param(`%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    where.push(`(d.title ILIKE ${like} OR d."fileName" ILIKE ${like})`);
  }
  if (query.publisher) where.push(`lower(d.publisher) = lower(${param(query.publisher)})`);
  if (query.tag) where.push(`${param(query.tag)} = ANY(d.tags)`);
  // A partial date is a period; a document is in range when its period overlaps it (see search).
  if (query.from || query.to) where.push(`d."publishedOn" ~ '^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$'`);
  if (query.from) where.push(`rpad(d."publishedOn", 10, '-99') COLLATE "C" >= ${param(query.from)} COLLATE "C"`);
  if (query.to) where.push(`d."publishedOn" COLLATE "C" <= ${param(query.to.length === 10 ? query.to : `${query.to}-99`)} COLLATE "C"`);
  if (query.assignee) where.push(`EXISTS (SELECT 1 FROM "DocumentAssignment" da WHERE da."documentId" = d.id AND da."userId" = ${param(query.assignee)}::uuid)`);
  if (query.status === "unassigned") where.push(`NOT EXISTS (SELECT 1 FROM "DocumentAssignment" da WHERE da."documentId" = d.id)`);
  if (query.status === "todo") where.push(`EXISTS (SELECT 1 FROM "DocumentAssignment" da WHERE da."documentId" = d.id AND da."finishedAt" IS NULL)`);
  if (query.status === "finished") {
    where.push(`EXISTS (SELECT 1 FROM "DocumentAssignment" da WHERE da."documentId" = d.id)`);
    where.push(`NOT EXISTS (SELECT 1 FROM "DocumentAssignment" da WHERE da."documentId" = d.id AND da."finishedAt" IS NULL)`);
  }
  const whereParams = [...params];
  const visible = visibleAnnotationsSql(access, "a", params.length + 1);
  params.push(...visible.params);
  const count = `(SELECT COALESCE(sum(a.n), 0)::int FROM "AnnotationTally" a WHERE a."documentId" = d.id AND ${visible.sql})`;
  const byCount = query.sort === "annotations";
  const dir = query.dir === "desc" ? "DESC" : "ASC";
  const limit = param(query.limit + 1);
  const offset = param(query.offset);
  // Sorted by counts, every document needs one: one grouped pass over the project's tallies (a few
  // rows per document, kept by triggers on "Annotation") instead of over its annotations.
  const filtered = byCount
    ? `SELECT d.*, COALESCE(c.n, 0) AS "annotationCount" FROM "Document" d LEFT JOIN counts c ON c."documentId" = d.id WHERE ${where.join(" AND ")}`
    : `SELECT d.* FROM "Document" d WHERE ${where.join(" AND ")}`;
  const counts = `counts AS (SELECT a."documentId", sum(a.n)::int AS n FROM "AnnotationTally" a WHERE a."projectId" = $1::uuid AND ${visible.sql} GROUP BY a."documentId"),`;
  const { rows } = await sqlPool().query<DocumentRow & { total: number }>(
    `WITH ${byCount ? counts : ""} filtered AS (${filtered}),
     page AS (
       SELECT d.*, count(*) OVER ()::int AS total FROM filtered d
       ORDER BY ${ORDER[query.sort]} ${dir} NULLS LAST, d.id ${dir}
       LIMIT ${limit} OFFSET ${offset}
     )
     SELECT d.id, d.title, d."fileName", d."sourceUrl", d.publisher, d.author, d."publishedOn", d.language, d.tags, d.length,
       to_char(d."createdAt" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "createdAt",
       ${byCount ? `d."annotationCount"` : count} AS "annotationCount",
       (SELECT count(*)::int FROM "DocumentAssignment" da WHERE da."documentId" = d.id) AS assignees,
       (SELECT count(*)::int FROM "DocumentAssignment" da WHERE da."documentId" = d.id AND da."finishedAt" IS NOT NULL) AS finished,
       d.total
     FROM page d
     ORDER BY ${byCount ? `d."annotationCount"` : ORDER[query.sort]} ${dir} NULLS LAST, d.id ${dir}`,
    params,
  );
  // The window count is of the filtered rows; a page past the end has none, so count them apart.
  const total = rows[0]?.total ?? (query.offset > 0 ? await countFiltered(where, whereParams) : 0);
  const more = rows.length > query.limit;
  return {
    documents: rows.slice(0, query.limit).map(({ total: _t, ...row }) => row),
    total,
    nextOffset: more ? query.offset + query.limit : null,
  };
}

async function countFiltered(where: string[], params: unknown[]): Promise<number> {
  const { rows } = await sqlPool().query<{ n: number }>(`SELECT count(*)::int AS n FROM "Document" d WHERE ${where.join(" AND ")}`, params);
  return rows[0].n;
}

/** The project's documents by title, for pickers (review and export filters): ids and titles only. */
export async function listDocumentChoices(access: ProjectAccess): Promise<{ id: string; title: string }[]> {
  const { rows } = await sqlPool().query<{ id: string; title: string }>(
    `SELECT id, title FROM "Document" WHERE "projectId" = $1::uuid AND "deletedAt" IS NULL ORDER BY "createdAt", id LIMIT 20000`,
    [access.projectId],
  );
  return rows;
}
