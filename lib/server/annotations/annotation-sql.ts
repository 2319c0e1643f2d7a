import "server-only";
import type { AnnotationDto } from "@/lib/server/annotations/annotation-dto";
import { ANNOTATION_CHANNEL } from "@/lib/server/annotations/notify";

// The pieces the one-statement annotation paths (create, update, list) share. They go through the
// plain `pg` pool: each is one round trip, and on these hot paths Prisma's query building and
// result mapping cost more CPU than PostgreSQL spends on the statement.

/** The columns of ANNOTATION_SELECT, in the same order, for table alias `a`. */
export const annotationColumns = (a: string) =>
  ["id", "documentId", "labelId", "authorId", "start", "end", "exact", "prefix", "suffix", "attributes", "note", "version", "reviewState", "gold", "canonicalId", "seq", "deletedAt", "createdAt", "updatedAt"]
    .map((c) => `${a}."${c}"`)
    .join(", ");

/** `historySnapshot()` of lib/server/annotations/history.ts, built by PostgreSQL. */
export const historySnapshotSql = (a: string) =>
  `jsonb_build_object('labelId', ${a}."labelId", 'start', ${a}.start, 'end', ${a}."end", 'exact', ${a}.exact, 'attributes', ${a}.attributes, 'note', ${a}.note, 'version', ${a}.version)`;

/** `notifyAnnotationChange()` of lib/server/annotations/notify.ts, for the rows of `a`. */
export const notifySql = (a: string) => `pg_notify('${ANNOTATION_CHANNEL}', json_build_object('documentId', ${a}."documentId", 'id', ${a}.id)::text)`;

/**
 * Takes the document's change lock (the advisory lock of lockDocumentChanges in notify.ts, same
 * key for the same document id in its canonical form).
 */
export const lockDocumentSql = (documentIdExpression: string) => `pg_advisory_xact_lock(hashtext(${documentIdExpression}::text))`;

export type AnnotationSqlRow = Omit<AnnotationDto, "seq" | "deleted"> & { seq: string };

/** pg returns bigint as a string; the DTO carries the change sequence as a number. */
export function annotationFromSql(row: AnnotationSqlRow): AnnotationDto {
  return {
    id: row.id, documentId: row.documentId, labelId: row.labelId, authorId: row.authorId, start: row.start, end: row.end, exact: row.exact,
    prefix: row.prefix, suffix: row.suffix, attributes: row.attributes ?? {}, note: row.note, version: row.version, reviewState: row.reviewState,
    gold: row.gold, canonicalId: row.canonicalId, seq: Number(row.seq), deletedAt: row.deletedAt, createdAt: row.createdAt, updatedAt: row.updatedAt,
    deleted: row.deletedAt !== null,
  };
}

/** A foreign key that vanished under a one-statement write (a label deleted meanwhile, say). */
export const isForeignKeyViolation = (error: unknown) => (error as { code?: string })?.code === "23503";
