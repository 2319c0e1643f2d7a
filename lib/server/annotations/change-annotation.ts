import "server-only";
import type { z } from "zod";
import { db } from "@/lib/db";
import type { updateAnnotationSchema } from "@/lib/schemas/annotation";
import { isUuid, type DocumentAccess, projectsOf } from "@/lib/server/authz";
import { AppError, notFound } from "@/lib/server/errors";
import { ANNOTATION_SELECT, toAnnotationDto, type AnnotationDto } from "@/lib/server/annotations/annotation-dto";
import { recordHistory } from "@/lib/server/annotations/history";
import { bumpSeq, lockDocumentChanges, notifyAnnotationChange } from "@/lib/server/annotations/notify";
import { anchor, checkAttributes, labelKind } from "@/lib/server/annotations/validate-annotation";

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

export async function updateAnnotation(userId: string, id: string, input: z.infer<typeof updateAnnotationSchema>): Promise<AnnotationDto> {
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
