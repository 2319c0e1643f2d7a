import "server-only";
import type { z } from "zod";
import { db } from "@/lib/db";
import { checkSpan, quoteOf } from "@/lib/anchoring/offsets";
import { uuidv7 } from "@/lib/ids";
import type { createAnnotationSchema } from "@/lib/schemas/annotation";
import { authorize, callerOf, isUuid, memberSeesSql, resolveDocument, sqlScope, visibleAnnotations, type Caller, type DocumentAccess } from "@/lib/server/authz";
import { sqlPool } from "@/lib/server/db/sql-pool";
import { AppError } from "@/lib/server/errors";
import { ANNOTATION_SELECT, toAnnotationDto, type AnnotationDto } from "@/lib/server/annotations/annotation-dto";
import {
  annotationColumns, annotationFromSql, historySnapshotSql, isForeignKeyViolation, lockDocumentSql, notifySql, type AnnotationSqlRow,
} from "@/lib/server/annotations/annotation-sql";
import { memberDocumentOffsetMap } from "@/lib/server/annotations/document-text-cache";
import { duplicateTagConflict, duplicateTagSql } from "@/lib/server/annotations/duplicate-tag";
import { recordHistory } from "@/lib/server/annotations/history";
import { lockDocumentChanges, notifyAnnotationChange } from "@/lib/server/annotations/notify";
import { anchor, attributeKinds, checkAttributes, labelKind } from "@/lib/server/annotations/validate-annotation";

type Input = z.infer<typeof createAnnotationSchema>;
type Created = { annotation: AnnotationDto; created: boolean };

// Everything a create needs from the database in one statement, one round trip: the caller's
// membership in a role the permission table lets "annotate" ($15) and, for an API token, in one of
// its projects ($16, null for a browser session), the label (in the document's project, of a kind the attributes
// suit), linked annotations (live, same document, ones the caller may see), the document's change lock (taken before the
// insert draws its change sequence number), the insert, its history entry and the NOTIFY. Any
// check that fails yields no row, and so does an id that exists already or the same person's
// same tag on the same span (unless the project allows stacking).
// The duplicate check here reads the statement's snapshot, so two identical creates racing can
// both pass it; the database's trigger (duplicate-tag.ts) refuses the second once it holds the lock.
const CREATE_SQL = `
WITH target AS MATERIALIZED (
  SELECT d.id AS "documentId", d."projectId", ${lockDocumentSql("d.id")} AS locked
  FROM "Document" d
  JOIN "Membership" m ON m."projectId" = d."projectId" AND m."userId" = $2::uuid AND m.role = ANY($15::"Role"[])
  JOIN "Project" p ON p.id = d."projectId"
  JOIN "Label" l ON l.id = $3::uuid AND l."projectId" = d."projectId" AND l.kind = ANY($12::"LabelKind"[])
  WHERE d.id = $1::uuid AND d."deletedAt" IS NULL AND ($16::uuid[] IS NULL OR d."projectId" = ANY($16::uuid[]))
    AND (SELECT count(*) FROM "Annotation" x WHERE x.id = ANY($13::uuid[]) AND x."documentId" = d.id AND x."deletedAt" IS NULL
         AND ${memberSeesSql("x", "m.role", 'm."userId"', "p")}) = cardinality($13::uuid[])
    AND ${duplicateTagSql("p", "d.id", "$2::uuid", "$3::uuid", "$5::int", "$6::int")}
), created AS (
  INSERT INTO "Annotation" (id, "projectId", "documentId", "labelId", "authorId", start, "end", exact, prefix, suffix, attributes, note, "updatedAt")
  SELECT $4::uuid, t."projectId", t."documentId", $3::uuid, $2::uuid, $5::int, $6::int, $7::text, $8::text, $9::text, $10::jsonb, $11::text, now()
  FROM target t
  ON CONFLICT (id) DO NOTHING
  RETURNING ${annotationColumns("\"Annotation\"")}
), history AS (
  INSERT INTO "AnnotationHistory" (id, "annotationId", "actorId", action, version, after)
  SELECT $14::uuid, c.id, $2::uuid, 'CREATE'::"HistoryAction", c.version, ${historySnapshotSql("c")} FROM created c
), notified AS (
  SELECT ${notifySql("c")} FROM created c
)
SELECT c.*, (SELECT count(*) FROM notified) AS notified FROM created c`;

/**
 * The common case in one round trip; null when the document is unknown, the span does not anchor,
 * the attributes or any check in the statement fail, or the id is taken — the step-by-step path
 * then tells which, in the order a client expects (404, retry, 400, 422, 409).
 */
async function createInOneStatement(caller: Caller, documentId: string, input: Input): Promise<AnnotationDto | null> {
  const { userId } = caller;
  if (!isUuid(documentId) || !isUuid(input.labelId) || !isUuid(userId)) return null;
  const scope = sqlScope(caller, "annotate");
  const attributes = attributeKinds(input.attributes);
  if (!attributes) return null;
  const map = await memberDocumentOffsetMap(documentId.toLowerCase(), userId).catch(() => null);
  if (!map || checkSpan(map, input)) return null;
  const { prefix, suffix } = quoteOf(map, input);
  try {
    const { rows } = await sqlPool().query<AnnotationSqlRow>(CREATE_SQL, [
      documentId, userId, input.labelId, input.id, input.start, input.end, input.exact, prefix, suffix, JSON.stringify(attributes.value), input.note,
      attributes.kinds, attributes.links, uuidv7(), scope.roles, scope.projectIds,
    ]);
    return rows[0] ? annotationFromSql(rows[0]) : null;
  } catch (error) {
    if (isForeignKeyViolation(error)) return null;
    // Every other check passed in the statement (a retry is no duplicate: the trigger skips its own id).
    throw duplicateTagConflict(error) ?? error;
  }
}

async function existing(access: DocumentAccess, id: string): Promise<AnnotationDto | null> {
  const row = await db.annotation.findUnique({ where: { id }, select: ANNOTATION_SELECT });
  if (!row) return null;
  // The same client retrying: answer with what is stored. Anyone else: the id is taken.
  if (row.authorId === access.userId && row.documentId === access.documentId.toLowerCase()) return toAnnotationDto(row);
  throw new AppError("CONFLICT", "This annotation id is already in use; generate a new UUIDv7.");
}

/** Check by check, each with its own answer; the one-statement path falls back to this. */
async function createStepByStep(access: DocumentAccess, input: Input): Promise<Created> {
  authorize(access, "annotate");
  const { userId } = access;
  const documentId = access.documentId.toLowerCase();
  const already = await existing(access, input.id);
  if (already) return { annotation: already, created: false };
  const kind = await labelKind(access.projectId, input.labelId);
  const quote = await anchor(documentId, input);
  const attributes = await checkAttributes(kind, documentId, input.attributes, visibleAnnotations(access));
  try {
    const row = await db.$transaction(async (tx) => {
      // The same person's same tag on this span is refused by the database (duplicate-tag.ts).
      await lockDocumentChanges(tx, documentId);
      const created = await tx.annotation.create({
        data: {
          id: input.id, projectId: access.projectId, documentId, labelId: input.labelId, authorId: userId,
          start: input.start, end: input.end, ...quote, attributes: attributes as object, note: input.note,
        },
        select: ANNOTATION_SELECT,
      });
      await recordHistory(tx, { annotationId: created.id, actorId: userId, action: "CREATE", version: created.version, before: null, after: created });
      await notifyAnnotationChange(tx, documentId, created.id);
      return created;
    });
    return { annotation: toAnnotationDto(row), created: true };
  } catch (error) {
    // Two copies of the same request racing: the loser answers like a retry.
    if ((error as { code?: string }).code === "P2002") {
      const raced = await existing(access, input.id);
      if (raced) return { annotation: raced, created: false };
    }
    throw duplicateTagConflict(error) ?? error;
  }
}

/**
 * Creates an annotation for an access already resolved (and allowed to annotate); a retry with
 * the same id returns the stored one instead of a duplicate.
 */
export async function createAnnotation(access: DocumentAccess, input: Input): Promise<Created> {
  const annotation = await createInOneStatement(callerOf(access), access.documentId, input);
  return annotation ? { annotation, created: true } : createStepByStep(access, input);
}

/**
 * The same for a caller whose access to the document is not yet checked (the route handler): the
 * statement checks membership and token scope itself, and only when it writes nothing is access
 * resolved the usual way (404 for strangers, 403 for viewers and read-only tokens) before the
 * step-by-step path.
 */
export async function createAnnotationAsMember(caller: Caller, documentId: string, input: Input): Promise<Created> {
  const annotation = await createInOneStatement(caller, documentId, input);
  if (annotation) return { annotation, created: true };
  return createAnnotationStepByStep(caller, documentId, input);
}

/** Only the step-by-step path; what the one statement must agree with (see one-statement-paths.property.test.ts). */
export async function createAnnotationStepByStep(caller: Caller, documentId: string, input: Input): Promise<Created> {
  return createStepByStep(await resolveDocument(caller, documentId, "annotate"), input);
}
