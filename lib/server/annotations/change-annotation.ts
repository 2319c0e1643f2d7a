import "server-only";
import type { z } from "zod";
import { db } from "@/lib/db";
import type { updateAnnotationSchema } from "@/lib/schemas/annotation";
import { uuidv7 } from "@/lib/ids";
import { isUuid, type DocumentAccess, projectsOf, sessionOnlyFastPath } from "@/lib/server/authz";
import { sqlPool } from "@/lib/server/db/sql-pool";
import { AppError, notFound } from "@/lib/server/errors";
import { ANNOTATION_SELECT, toAnnotationDto, type AnnotationDto } from "@/lib/server/annotations/annotation-dto";
import { recordHistory } from "@/lib/server/annotations/history";
import { bumpSeq, lockDocumentChanges, notifyAnnotationChange } from "@/lib/server/annotations/notify";
import {
  annotationColumns, annotationFromSql, historySnapshotSql, isForeignKeyViolation, lockDocumentSql, notifySql, type AnnotationSqlRow,
} from "@/lib/server/annotations/annotation-sql";
import { anchor, attributeKinds, checkAttributes, labelKind } from "@/lib/server/annotations/validate-annotation";

/** The annotation, found through the caller's membership (404 for strangers). */
export async function findAnnotationForUser(userId: string, id: string) {
  if (!isUuid(id)) throw notFound("Annotation not found");
  const row = await db.annotation.findFirst({
    where: { id, project: projectsOf(userId) },
    select: { ...ANNOTATION_SELECT, projectId: true, project: { select: { members: { where: { userId }, select: { role: true } } } } },
  });
  if (!row) throw notFound("Annotation not found");
  const { project, projectId, ...annotation } = row;
  const access: DocumentAccess = { projectId, documentId: row.documentId, role: project.members[0].role };
  return { annotation, access };
}

type Found = Awaited<ReturnType<typeof findAnnotationForUser>>;

function assertCanChange({ annotation, access }: Found, userId: string, version: number) {
  if (access.role === "VIEWER") throw new AppError("FORBIDDEN", "Viewers cannot change annotations.");
  if (annotation.authorId !== userId) throw new AppError("FORBIDDEN", "You can only change your own annotations.");
  if (annotation.deletedAt) throw new AppError("CONFLICT", "This annotation was deleted.", { current: toAnnotationDto(annotation) });
  if (annotation.version !== version) {
    throw new AppError("CONFLICT", `The annotation changed since you loaded it (version ${annotation.version}, you sent ${version}).`, {
      current: toAnnotationDto(annotation),
    });
  }
}

async function conflictWithCurrent(id: string): Promise<never> {
  const current = await db.annotation.findUniqueOrThrow({ where: { id }, select: ANNOTATION_SELECT });
  throw new AppError("CONFLICT", "The annotation changed while you were saving.", { current: toAnnotationDto(current) });
}

type UpdateInput = z.infer<typeof updateAnnotationSchema>;

// A change of label, attributes or note in one statement, one round trip: the annotation must be
// the caller's, live, at the version sent, in a project where the caller may annotate; the label
// must be in that project, and of a kind the new attributes suit (or, when the label changes and
// no attributes are sent, the stored attributes must be empty, which suits every kind); linked
// annotations live in the same document. Then the document's change lock, the row lock (re-reading
// the row as committed), the update with the next change sequence number, history and NOTIFY.
// Any check that fails yields no row.
// Parameters: $1 id, $2 user, $3 new label or null, $4 version, $5 new note or null, $6 history
// entry id; with attributes sent, $7 their parsed value, $8 the kinds they suit, $9 their links.
const updateSql = (attributesSent: boolean) => `
WITH target AS MATERIALIZED (
  SELECT a.id, ${lockDocumentSql('a."documentId"')} AS locked
  FROM "Annotation" a
  JOIN "Membership" m ON m."projectId" = a."projectId" AND m."userId" = $2::uuid AND m.role IN ('ANNOTATOR', 'CURATOR', 'OWNER')
  JOIN "Label" l ON l.id = COALESCE($3::uuid, a."labelId") AND l."projectId" = a."projectId"
  WHERE a.id = $1::uuid AND a."authorId" = $2::uuid AND a."deletedAt" IS NULL AND a.version = $4::int
    AND ${
      attributesSent
        ? `l.kind = ANY($8::"LabelKind"[])
    AND (SELECT count(*) FROM "Annotation" x WHERE x.id = ANY($9::uuid[]) AND x."documentId" = a."documentId" AND x."deletedAt" IS NULL) = cardinality($9::uuid[])`
        : `($3::uuid IS NULL OR $3::uuid = a."labelId" OR a.attributes = '{}'::jsonb)`
    }
), before AS MATERIALIZED (
  SELECT a.* FROM "Annotation" a JOIN target t ON t.id = a.id
  WHERE a.version = $4::int AND a."deletedAt" IS NULL
  FOR UPDATE OF a
), updated AS (
  UPDATE "Annotation" a SET
    "labelId" = COALESCE($3::uuid, a."labelId"),
    attributes = ${attributesSent ? "$7::jsonb" : "a.attributes"},
    note = COALESCE($5::text, a.note),
    version = a.version + 1,
    "reviewState" = 'PENDING',
    seq = nextval('annotation_change_seq'),
    "updatedAt" = now()
  FROM before b WHERE a.id = b.id
  RETURNING ${annotationColumns("a")}
), history AS (
  INSERT INTO "AnnotationHistory" (id, "annotationId", "actorId", action, version, before, after)
  SELECT $6::uuid, u.id, $2::uuid, 'UPDATE'::"HistoryAction", u.version, ${historySnapshotSql("b")}, ${historySnapshotSql("u")}
  FROM updated u JOIN before b ON b.id = u.id
), notified AS (
  SELECT ${notifySql("u")} FROM updated u
)
SELECT u.*, (SELECT count(*) FROM notified) AS notified FROM updated u`;

const UPDATE_KEEPING_ATTRIBUTES = updateSql(false);
const UPDATE_WITH_ATTRIBUTES = updateSql(true);

/** Null when the span moves (that needs the document's text first) or anything is refused. */
async function updateInOneStatement(userId: string, id: string, input: UpdateInput): Promise<AnnotationDto | null> {
  if (input.start !== undefined || input.end !== undefined || input.exact !== undefined) return null;
  if (!sessionOnlyFastPath()) return null;
  if (!isUuid(id) || !isUuid(userId) || (input.labelId !== undefined && !isUuid(input.labelId))) return null;
  const attributes = input.attributes === undefined ? null : attributeKinds(input.attributes);
  if (input.attributes !== undefined && !attributes) return null;
  try {
    const common = [id, userId, input.labelId ?? null, input.version, input.note ?? null, uuidv7()];
    const { rows } = attributes
      ? await sqlPool().query<AnnotationSqlRow>(UPDATE_WITH_ATTRIBUTES, [...common, JSON.stringify(attributes.value), attributes.kinds, attributes.links])
      : await sqlPool().query<AnnotationSqlRow>(UPDATE_KEEPING_ATTRIBUTES, common);
    return rows[0] ? annotationFromSql(rows[0]) : null;
  } catch (error) {
    if (isForeignKeyViolation(error)) return null;
    throw error;
  }
}

export async function updateAnnotation(userId: string, id: string, input: UpdateInput): Promise<AnnotationDto> {
  const updated = await updateInOneStatement(userId, id, input);
  if (updated) return updated;
  // Refused, or a moved span: step by step, which gives each refusal its own answer.
  const found = await findAnnotationForUser(userId, id);
  assertCanChange(found, userId, input.version);
  const { annotation, access } = found;
  const labelId = input.labelId ?? annotation.labelId;
  const kind = await labelKind(access.projectId, labelId);
  const moved = input.start !== undefined || input.end !== undefined || input.exact !== undefined;
  const span = { start: input.start ?? annotation.start, end: input.end ?? annotation.end, exact: input.exact ?? annotation.exact };
  const quote = moved ? await anchor(annotation.documentId, span) : null;
  const attributes =
    input.attributes !== undefined || labelId !== annotation.labelId
      ? await checkAttributes(kind, annotation.documentId, input.attributes ?? (annotation.attributes as Record<string, unknown>))
      : undefined;
  return db.$transaction(async (tx) => {
    await lockDocumentChanges(tx, annotation.documentId);
    const { count } = await tx.annotation.updateMany({
      where: { id, version: input.version, deletedAt: null },
      data: {
        labelId,
        ...(quote ? { start: span.start, end: span.end, ...quote } : {}),
        ...(attributes ? { attributes: attributes as object } : {}),
        ...(input.note !== undefined ? { note: input.note } : {}),
        version: { increment: 1 },
        // Verdicts were about the previous version.
        reviewState: "PENDING",
      },
    });
    if (count === 0) await conflictWithCurrent(id);
    await bumpSeq(tx, id);
    const after = await tx.annotation.findUniqueOrThrow({ where: { id }, select: ANNOTATION_SELECT });
    await recordHistory(tx, { annotationId: id, actorId: userId, action: "UPDATE", version: after.version, before: annotation, after });
    await notifyAnnotationChange(tx, annotation.documentId, id);
    return toAnnotationDto(after);
  });
}

/** Soft delete: the row stays as a tombstone so other clients learn of the deletion. */
export async function deleteAnnotation(userId: string, id: string, version: number): Promise<AnnotationDto> {
  const found = await findAnnotationForUser(userId, id);
  assertCanChange(found, userId, version);
  return db.$transaction(async (tx) => {
    await lockDocumentChanges(tx, found.annotation.documentId);
    const { count } = await tx.annotation.updateMany({
      where: { id, version, deletedAt: null },
      data: { deletedAt: new Date(), version: { increment: 1 } },
    });
    if (count === 0) await conflictWithCurrent(id);
    await bumpSeq(tx, id);
    const after = await tx.annotation.findUniqueOrThrow({ where: { id }, select: ANNOTATION_SELECT });
    await recordHistory(tx, { annotationId: id, actorId: userId, action: "DELETE", version: after.version, before: found.annotation, after: null });
    await notifyAnnotationChange(tx, found.annotation.documentId, id);
    return toAnnotationDto(after);
  });
}
