import "server-only";
import type { z } from "zod";
import { db } from "@/lib/db";
import type { updateAnnotationSchema } from "@/lib/schemas/annotation";
import { uuidv7 } from "@/lib/ids";
import { authorize, isUuid, memberSeesSql, resolveResource, sqlScope, visibleAnnotations, type Caller } from "@/lib/server/authz";
import { sqlPool } from "@/lib/server/db/sql-pool";
import { AppError } from "@/lib/server/errors";
import { ANNOTATION_SELECT, toAnnotationDto, type AnnotationDto } from "@/lib/server/annotations/annotation-dto";
import { duplicateTagConflict, rethrowDuplicateTag } from "@/lib/server/annotations/duplicate-tag";
import { recordHistory } from "@/lib/server/annotations/history";
import { bumpSeq, lockDocumentChanges, notifyAnnotationChange } from "@/lib/server/annotations/notify";
import {
  annotationColumns, annotationFromSql, historySnapshotSql, isForeignKeyViolation, lockDocumentSql, notifySql, type AnnotationSqlRow,
} from "@/lib/server/annotations/annotation-sql";
import { anchor, attributeKinds, checkAttributes, labelKind } from "@/lib/server/annotations/validate-annotation";

/** The annotation, found through the caller's membership (404 for strangers), with the caller's access to its document. */
export async function findAnnotationForUser(caller: Caller, id: string) {
  const access = await resolveResource(caller, "Annotation", id);
  const annotation = await db.annotation.findUniqueOrThrow({ where: { id }, select: ANNOTATION_SELECT });
  return { annotation, access };
}

type Found = Awaited<ReturnType<typeof findAnnotationForUser>>;

function assertCanChange({ annotation, access }: Found, version: number) {
  authorize(access, "change-annotation", { ownerIds: [annotation.authorId] });
  // The gold layer is the curators': a curator since demoted still authors the gold rows they
  // made, but may no longer change them.
  if (annotation.gold) authorize(access, "curate");
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
// the caller's, not gold (those go step by step, which checks "curate"), live, at the version sent, in a project where the caller's role may
// "change-annotation" and, for an API token, one of its projects; the label
// must be in that project, and of a kind the new attributes suit (or, when the label changes and
// no attributes are sent, the stored attributes must be empty, which suits every kind); linked
// annotations live in the same document. Then the document's change lock, the row lock (re-reading
// the row as committed), the update with the next change sequence number, history and NOTIFY.
// Any check that fails yields no row.
// Parameters: $1 id, $2 user, $3 new label or null, $4 version, $5 new note or null, $6 history
// entry id, $7 the roles and $8 the token's projects (sqlScope); with attributes sent, $9 their
// parsed value, $10 the kinds they suit, $11 their links.
const updateSql = (attributesSent: boolean) => `
WITH target AS MATERIALIZED (
  SELECT a.id, ${lockDocumentSql('a."documentId"')} AS locked
  FROM "Annotation" a
  JOIN "Membership" m ON m."projectId" = a."projectId" AND m."userId" = $2::uuid AND m.role = ANY($7::"Role"[])
  JOIN "Project" p ON p.id = a."projectId"
  JOIN "Label" l ON l.id = COALESCE($3::uuid, a."labelId") AND l."projectId" = a."projectId"
  WHERE a.id = $1::uuid AND ($8::uuid[] IS NULL OR a."projectId" = ANY($8::uuid[])) AND a."authorId" = $2::uuid AND a."deletedAt" IS NULL AND a.version = $4::int
    AND NOT a.gold
    AND ${
      attributesSent
        ? `l.kind = ANY($10::"LabelKind"[])
    AND (SELECT count(*) FROM "Annotation" x WHERE x.id = ANY($11::uuid[]) AND x."documentId" = a."documentId" AND x."deletedAt" IS NULL
         AND ${memberSeesSql("x", "m.role", 'm."userId"', "p")}) = cardinality($11::uuid[])`
        : `($3::uuid IS NULL OR $3::uuid = a."labelId" OR a.attributes = '{}'::jsonb)`
    }
), before AS MATERIALIZED (
  SELECT a.* FROM "Annotation" a JOIN target t ON t.id = a.id
  WHERE a.version = $4::int AND a."deletedAt" IS NULL
  FOR UPDATE OF a
), updated AS (
  UPDATE "Annotation" a SET
    "labelId" = COALESCE($3::uuid, a."labelId"),
    attributes = ${attributesSent ? "$9::jsonb" : "a.attributes"},
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
async function updateInOneStatement(caller: Caller, id: string, input: UpdateInput): Promise<AnnotationDto | null> {
  const { userId } = caller;
  if (input.start !== undefined || input.end !== undefined || input.exact !== undefined) return null;
  if (!isUuid(id) || !isUuid(userId) || (input.labelId !== undefined && !isUuid(input.labelId))) return null;
  const attributes = input.attributes === undefined ? null : attributeKinds(input.attributes);
  if (input.attributes !== undefined && !attributes) return null;
  try {
    const { roles, projectIds } = sqlScope(caller, "change-annotation");
    const common = [id, userId, input.labelId ?? null, input.version, input.note ?? null, uuidv7(), roles, projectIds];
    const { rows } = attributes
      ? await sqlPool().query<AnnotationSqlRow>(UPDATE_WITH_ATTRIBUTES, [...common, JSON.stringify(attributes.value), attributes.kinds, attributes.links])
      : await sqlPool().query<AnnotationSqlRow>(UPDATE_KEEPING_ATTRIBUTES, common);
    return rows[0] ? annotationFromSql(rows[0]) : null;
  } catch (error) {
    if (isForeignKeyViolation(error)) return null;
    // A relabel onto the same person's same tag of this span: refused by the database (duplicate-tag.ts).
    throw duplicateTagConflict(error) ?? error;
  }
}

/** Changes the caller's own annotation: one statement for the common case, else step by step. */
export async function updateAnnotation(caller: Caller, id: string, input: UpdateInput): Promise<AnnotationDto> {
  const updated = await updateInOneStatement(caller, id, input);
  // Refused, or a moved span: step by step, which gives each refusal its own answer.
  return updated ?? updateAnnotationStepByStep(caller, id, input);
}

/** Check by check, each with its own answer: the path the one statement must agree with. */
export async function updateAnnotationStepByStep(caller: Caller, id: string, input: UpdateInput): Promise<AnnotationDto> {
  const { userId } = caller;
  const found = await findAnnotationForUser(caller, id);
  assertCanChange(found, input.version);
  const { annotation, access } = found;
  const labelId = input.labelId ?? annotation.labelId;
  const kind = await labelKind(access.projectId, labelId);
  const moved = input.start !== undefined || input.end !== undefined || input.exact !== undefined;
  const span = { start: input.start ?? annotation.start, end: input.end ?? annotation.end, exact: input.exact ?? annotation.exact };
  const quote = moved ? await anchor(annotation.documentId, span) : null;
  const attributes =
    input.attributes !== undefined || labelId !== annotation.labelId
      ? await checkAttributes(kind, annotation.documentId, input.attributes ?? (annotation.attributes as Record<string, unknown>), visibleAnnotations(access))
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
  }).catch(rethrowDuplicateTag);
}

/** Soft delete: the row stays as a tombstone so other clients learn of the deletion. */
export async function deleteAnnotation(caller: Caller, id: string, version: number): Promise<AnnotationDto> {
  const { userId } = caller;
  const found = await findAnnotationForUser(caller, id);
  assertCanChange(found, version);
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
