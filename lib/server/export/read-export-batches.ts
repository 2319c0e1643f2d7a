import "server-only";
import { seesSql } from "@/lib/server/authz";
import type { DocumentBatch, ExportAnnotation, ExportLabel, ExportProject, ExportRelation } from "@/lib/formats/types";
import type { ExportFilter } from "@/lib/schemas/export";
import { sqlPool } from "@/lib/server/db/sql-pool";

// Reads a project's annotations for export one document at a time, with keyset pagination both
// over documents (by id) and within a document (by start, end, id), so memory holds one page of
// document metadata and two documents' texts and annotations (the one being written and the next,
// read meanwhile) whatever the project's size.
//
// Plain `pg` rather than Prisma: at a million rows Prisma's result mapping and the object spreads
// it invites were most of an export's time (bench/export.ts). The queries stay parameterised.

export const DOCUMENT_PAGE = 200;
export const ANNOTATION_PAGE = 20_000;

export async function exportProjectInfo(projectId: string): Promise<{ project: ExportProject; labels: ExportLabel[] }> {
  const pool = sqlPool();
  const [project, labels] = await Promise.all([
    pool.query<ExportProject>(`SELECT id, name, description FROM "Project" WHERE id = $1`, [projectId]),
    pool.query<ExportLabel>(`SELECT id, name, kind, color, description FROM "Label" WHERE "projectId" = $1 ORDER BY position, name`, [projectId]),
  ]);
  if (!project.rows[0]) throw new Error(`Project ${projectId} not found`);
  return { project: project.rows[0], labels: labels.rows };
}

// Timestamps leave PostgreSQL already as ISO 8601 UTC strings, exactly what Date#toISOString gives
// for a timestamptz(3): parsing a Date per value and formatting it again costs ~1 µs per annotation.
const isoUtc = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

type AnnotationRow = Omit<ExportAnnotation, "label" | "canonical"> & { labelId: string; canonicalId: string | null; canonicalName: string | null; canonicalExternalIds: string[] | null };

// One object literal with every field named: destructuring a row with `...rest` and spreading it
// again made V8 build each annotation through its slow generic path (~5 µs per annotation).
function toExportAnnotation(row: AnnotationRow, label: ExportLabel): ExportAnnotation {
  return {
    id: row.id, documentId: row.documentId, label, authorId: row.authorId, authorName: row.authorName, start: row.start, end: row.end,
    exact: row.exact, prefix: row.prefix, suffix: row.suffix, attributes: (row.attributes ?? {}) as Record<string, unknown>, note: row.note,
    reviewState: row.reviewState, gold: row.gold, version: row.version, createdAt: row.createdAt, updatedAt: row.updatedAt,
    canonical: row.canonicalId ? { id: row.canonicalId, name: row.canonicalName ?? "", externalIds: row.canonicalExternalIds ?? [] } : null,
  };
}

/** The filter as SQL over "Annotation" a, with its parameters numbered from `first`. */
function annotationConditions(filter: ExportFilter, labels: ExportLabel[], first: number): { sql: string; params: unknown[] } {
  const { sees } = filter;
  const where = [`a."deletedAt" IS NULL`];
  const params: unknown[] = [];
  const param = (value: unknown) => `$${first + params.push(value) - 1}`;
  // A member's export holds only what they may see (lib/server/authz.ts).
  if (sees && !sees.all) where.push(seesSql("a", `${param(false)}::boolean`, `${param(sees.ownerId)}::uuid`, `${param(sees.gold)}::boolean`));
  if (filter.layer === "gold") where.push(`a.gold`);
  if (filter.layer === "annotators") where.push(`NOT a.gold`);
  // The annotator filter chooses annotators' layers; the gold layer stays as the layer filter says.
  if (filter.annotators) where.push(`(a.gold OR a."authorId" = ANY(${param(filter.annotators)}::uuid[]))`);
  if (filter.author) where.push(`NOT a.gold AND a."authorId" = ${param(filter.author)}::uuid`);
  if (filter.review === "accepted") where.push(`(a.gold OR a."reviewState" = 'ACCEPTED')`);
  if (filter.kinds) where.push(`a."labelId" = ANY(${param(labels.filter((l) => filter.kinds!.includes(l.kind)).map((l) => l.id))}::uuid[])`);
  return { sql: where.join(" AND "), params };
}

/** How many annotations an export with this filter holds. */
export async function countExportAnnotations(projectId: string, filter: ExportFilter, labels: ExportLabel[]): Promise<number> {
  const conditions = annotationConditions(filter, labels, 2);
  const documents = filter.documents ? ` AND a."documentId" = ANY($${2 + conditions.params.length}::uuid[])` : "";
  const { rows } = await sqlPool().query<{ count: string }>(
    `SELECT count(*) AS count FROM "Annotation" a WHERE a."projectId" = $1 AND ${conditions.sql}${documents}`,
    [projectId, ...conditions.params, ...(filter.documents ? [filter.documents] : [])],
  );
  return Number(rows[0].count);
}

/** One layer an export holds: an annotator's (their non-gold annotations) or the gold layer's. */
export type ExportLayer = { gold: false; annotator: { id: string; name: string }; annotations: number } | { gold: true; annotations: number };

/**
 * The layers an export with this filter holds, annotators by name (then id), the gold layer last;
 * only layers with at least one annotation the filter keeps.
 */
export async function listExportLayers(projectId: string, filter: ExportFilter, labels: ExportLabel[]): Promise<ExportLayer[]> {
  const conditions = annotationConditions(filter, labels, 2);
  const documents = filter.documents ? ` AND a."documentId" = ANY($${2 + conditions.params.length}::uuid[])` : "";
  const { rows } = await sqlPool().query<{ gold: boolean; id: string | null; name: string | null; count: string }>(
    `SELECT a.gold, CASE WHEN a.gold THEN NULL ELSE a."authorId" END AS id, CASE WHEN a.gold THEN NULL ELSE min(u.name) END AS name, count(*) AS count
     FROM "Annotation" a JOIN "User" u ON u.id = a."authorId"
     WHERE a."projectId" = $1 AND ${conditions.sql}${documents}
     GROUP BY a.gold, CASE WHEN a.gold THEN NULL ELSE a."authorId" END`,
    [projectId, ...conditions.params, ...(filter.documents ? [filter.documents] : [])],
  );
  const annotators = rows
    .filter((r) => !r.gold)
    .map((r) => ({ gold: false as const, annotator: { id: r.id!, name: r.name ?? "" }, annotations: Number(r.count) }))
    .sort((a, b) => a.annotator.name.localeCompare(b.annotator.name) || (a.annotator.id < b.annotator.id ? -1 : 1));
  const gold = rows.find((r) => r.gold);
  return [...annotators, ...(gold ? [{ gold: true as const, annotations: Number(gold.count) }] : [])];
}

type DocumentRow = { id: string; title: string; sourceUrl: string | null; publisher: string | null; publishedOn: string | null; language: string | null; fileName: string | null; createdAt: string; contentHash: string };

const ANNOTATION_COLUMNS = `a.id, a."documentId", a."labelId", a."authorId", u.name AS "authorName", a.start, a."end", a.exact, a.prefix,
  a.suffix, a.attributes, a.note, a."reviewState", a.gold, a.version, ${isoUtc(`a."createdAt"`)} AS "createdAt", ${isoUtc(`a."updatedAt"`)} AS "updatedAt",
  a."canonicalId", c.name AS "canonicalName", c."externalIds" AS "canonicalExternalIds"`;

/** One document's text and its chosen annotations in text order, in pages of ANNOTATION_PAGE. */
async function readDocumentBatch(
  document: DocumentRow, filter: ExportFilter, labels: ExportLabel[], labelById: Map<string, ExportLabel>,
): Promise<DocumentBatch> {
  const pool = sqlPool();
  const readAnnotations = async () => {
    const annotations: ExportAnnotation[] = [];
    let cursor: [number, number, string] | null = null;
    for (;;) {
      const conditions = annotationConditions(filter, labels, cursor ? 5 : 2);
      const after: string = cursor ? ` AND (a.start, a."end", a.id) > ($2, $3, $4::uuid)` : "";
      const { rows }: { rows: AnnotationRow[] } = await pool.query<AnnotationRow>(
        `SELECT ${ANNOTATION_COLUMNS} FROM "Annotation" a JOIN "User" u ON u.id = a."authorId" LEFT JOIN "CanonicalItem" c ON c.id = a."canonicalId"
         WHERE a."documentId" = $1${after} AND ${conditions.sql}
         ORDER BY a.start, a."end", a.id LIMIT ${ANNOTATION_PAGE}`,
        [document.id, ...(cursor ?? []), ...conditions.params],
      );
      for (const row of rows) annotations.push(toExportAnnotation(row, labelById.get(row.labelId)!));
      if (rows.length < ANNOTATION_PAGE) return annotations;
      const last: AnnotationRow = rows.at(-1)!;
      cursor = [last.start, last.end, last.id];
    }
  };
  // The text, the annotations and the typed relations come over pooled connections at once.
  // Relations whose ends are not both exported are dropped by the writers (relationsAmong).
  const [text, annotations, relations] = await Promise.all([
    pool.query<{ text: string }>(`SELECT text FROM "Document" WHERE id = $1`, [document.id]).then((r) => r.rows[0].text),
    readAnnotations(),
    pool
      .query<ExportRelation>(
        `SELECT t.name AS type, r."fromId", r."toId", r."documentId" FROM "Relation" r JOIN "RelationType" t ON t.id = r."typeId"
         WHERE r."documentId" = $1 AND r."deletedAt" IS NULL ORDER BY r."createdAt", r.id`,
        [document.id],
      )
      .then((r) => r.rows),
  ]);
  return { document: { ...document, text }, annotations, relations };
}

/**
 * Every chosen document with its chosen annotations in text order, one document at a time. The
 * next document is read while the caller writes the current one, so PostgreSQL and the writer work
 * at the same time (the export is otherwise idle for a round trip per document); memory holds at
 * most two documents with their annotations.
 */
export async function* readExportBatches(projectId: string, filter: ExportFilter, labels: ExportLabel[]): AsyncGenerator<DocumentBatch> {
  const labelById = new Map(labels.map((l) => [l.id, l]));
  let afterDocument = "00000000-0000-0000-0000-000000000000";
  let reading: Promise<DocumentBatch> | null = null;
  try {
    for (;;) {
      // A layer's own file leaves out the documents that layer did not annotate: a document with
      // no spans in an annotator's CoNLL file would read as "no entities here".
      const annotated = filter.annotatedOnly ? annotationConditions(filter, labels, filter.documents ? 4 : 3) : null;
      const { rows: documents } = await sqlPool().query<DocumentRow>(
        `SELECT id, title, "sourceUrl", publisher, "publishedOn", language, "fileName", ${isoUtc(`"createdAt"`)} AS "createdAt", "contentHash"
         FROM "Document" d WHERE "projectId" = $1 AND id > $2 AND d."deletedAt" IS NULL ${filter.documents ? `AND id = ANY($3::uuid[])` : ""}
         ${annotated ? `AND EXISTS (SELECT 1 FROM "Annotation" a WHERE a."documentId" = d.id AND ${annotated.sql})` : ""}
         ORDER BY id LIMIT ${DOCUMENT_PAGE}`,
        [projectId, afterDocument, ...(filter.documents ? [filter.documents] : []), ...(annotated?.params ?? [])],
      );
      for (const document of documents) {
        const next = readDocumentBatch(document, filter, labels, labelById);
        // Settled below, or dropped when the caller stops early; never an unhandled rejection.
        next.catch(() => undefined);
        const previous = reading;
        reading = next;
        if (previous) yield await previous;
      }
      if (documents.length < DOCUMENT_PAGE) break;
      afterDocument = documents.at(-1)!.id;
    }
    if (reading) yield await reading;
  } finally {
    // A caller that stops early (a cancelled download) leaves at most one read in flight; let it finish
    // so its connection goes back to the pool cleanly.
    await reading?.catch(() => undefined);
  }
}
