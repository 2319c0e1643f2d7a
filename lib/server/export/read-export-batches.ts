import "server-only";
import { db } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import type { DocumentBatch, ExportAnnotation, ExportLabel, ExportProject } from "@/lib/formats/types";
import type { ExportFilter } from "@/lib/schemas/export";

// Reads a project's annotations for export one document at a time, with keyset pagination both
// over documents (by id) and within a document (by start, end, id), so memory holds one page of
// document metadata, one document's text and one page of annotations whatever the project's size.

export const DOCUMENT_PAGE = 200;
export const ANNOTATION_PAGE = 20_000;

export async function exportProjectInfo(projectId: string): Promise<{ project: ExportProject; labels: ExportLabel[] }> {
  const [project, labels] = await Promise.all([
    db.project.findUniqueOrThrow({ where: { id: projectId }, select: { id: true, name: true, description: true } }),
    db.label.findMany({ where: { projectId }, orderBy: [{ position: "asc" }, { name: "asc" }], select: { id: true, name: true, kind: true, color: true, description: true } }),
  ]);
  return { project, labels };
}

type AnnotationRow = Omit<ExportAnnotation, "label" | "createdAt" | "updatedAt"> & { labelId: string; createdAt: Date; updatedAt: Date };

function annotationConditions(filter: ExportFilter, labels: ExportLabel[]): Prisma.Sql[] {
  const where: Prisma.Sql[] = [Prisma.sql`a."deletedAt" IS NULL`];
  if (filter.layer === "gold") where.push(Prisma.sql`a.gold`);
  if (filter.layer === "annotators") where.push(Prisma.sql`NOT a.gold`);
  // The annotator filter chooses annotators' layers; the gold layer stays as the layer filter says.
  if (filter.annotators) where.push(Prisma.sql`(a.gold OR a."authorId" = ANY(${filter.annotators}::uuid[]))`);
  if (filter.review === "accepted") where.push(Prisma.sql`(a.gold OR a."reviewState" = 'ACCEPTED')`);
  if (filter.kinds) {
    const ids = labels.filter((l) => filter.kinds!.includes(l.kind)).map((l) => l.id);
    where.push(Prisma.sql`a."labelId" = ANY(${ids}::uuid[])`);
  }
  return where;
}

/** How many annotations an export with this filter holds (the native format: every live one). */
export async function countExportAnnotations(projectId: string, filter: ExportFilter, labels: ExportLabel[]): Promise<number> {
  const documents = filter.documents ? Prisma.sql`AND a."documentId" = ANY(${filter.documents}::uuid[])` : Prisma.empty;
  const [{ count }] = await db.$queryRaw<{ count: bigint }[]>`
    SELECT count(*) AS count FROM "Annotation" a
    WHERE a."projectId" = ${projectId}::uuid AND ${Prisma.join(annotationConditions(filter, labels), " AND ")} ${documents}`;
  return Number(count);
}

/** Every chosen document with its chosen annotations in text order, one document at a time. */
export async function* readExportBatches(projectId: string, filter: ExportFilter, labels: ExportLabel[]): AsyncGenerator<DocumentBatch> {
  const labelById = new Map(labels.map((l) => [l.id, l]));
  const conditions = annotationConditions(filter, labels);
  let afterDocument: string | undefined;
  for (;;) {
    const idFilter: Prisma.UuidFilter = { in: filter.documents, gt: afterDocument };
    const documents = await db.document.findMany({
      where: { projectId, id: idFilter },
      orderBy: { id: "asc" },
      take: DOCUMENT_PAGE,
      select: { id: true, title: true, sourceUrl: true, publisher: true, publishedOn: true, language: true, fileName: true, createdAt: true },
    });
    if (documents.length === 0) return;
    afterDocument = documents.at(-1)!.id;
    for (const document of documents) {
      const { text } = await db.document.findUniqueOrThrow({ where: { id: document.id }, select: { text: true } });
      const annotations: ExportAnnotation[] = [];
      let cursor: [number, number, string] | null = null;
      for (;;) {
        const after: Prisma.Sql = cursor ? Prisma.sql`AND (a.start, a."end", a.id) > (${cursor[0]}, ${cursor[1]}, ${cursor[2]}::uuid)` : Prisma.empty;
        const rows = await db.$queryRaw<AnnotationRow[]>`
          SELECT a.id, a."documentId", a."labelId", a."authorId", u.name AS "authorName", a.start, a."end", a.exact, a.prefix,
                 a.suffix, a.attributes, a.note, a."reviewState", a.gold, a.version, a."createdAt", a."updatedAt"
          FROM "Annotation" a JOIN "User" u ON u.id = a."authorId"
          WHERE a."documentId" = ${document.id}::uuid AND ${Prisma.join(conditions, " AND ")} ${after}
          ORDER BY a.start, a."end", a.id
          LIMIT ${ANNOTATION_PAGE}`;
        for (const { labelId, createdAt, updatedAt, ...row } of rows) {
          annotations.push({ ...row, label: labelById.get(labelId)!, attributes: (row.attributes ?? {}) as Record<string, unknown>, createdAt: createdAt.toISOString(), updatedAt: updatedAt.toISOString() });
        }
        if (rows.length < ANNOTATION_PAGE) break;
        const last = rows.at(-1)!;
        cursor = [last.start, last.end, last.id];
      }
      yield { document: { ...document, text, createdAt: document.createdAt.toISOString() }, annotations };
    }
    if (documents.length < DOCUMENT_PAGE) return;
  }
}
