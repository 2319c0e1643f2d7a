import "server-only";
import type { z } from "zod";
import { db } from "@/lib/db";
import type { createAnnotationSchema } from "@/lib/schemas/annotation";
import type { DocumentAccess } from "@/lib/server/authz";
import { AppError } from "@/lib/server/errors";
import { ANNOTATION_SELECT, toAnnotationDto, type AnnotationDto } from "@/lib/server/annotations/annotation-dto";
import { recordHistory } from "@/lib/server/annotations/history";
import { lockDocumentChanges, notifyAnnotationChange } from "@/lib/server/annotations/notify";
import { anchor, checkAttributes, labelKind } from "@/lib/server/annotations/validate-annotation";

type Input = z.infer<typeof createAnnotationSchema>;

async function existing(access: DocumentAccess, userId: string, id: string): Promise<AnnotationDto | null> {
  const row = await db.annotation.findUnique({ where: { id }, select: ANNOTATION_SELECT });
  if (!row) return null;
  // The same client retrying: answer with what is stored. Anyone else: the id is taken.
  if (row.authorId === userId && row.documentId === access.documentId) return toAnnotationDto(row);
  throw new AppError("CONFLICT", "This annotation id is already in use; generate a new UUIDv7.");
}

/** Creates an annotation; a retry with the same id returns the stored one instead of a duplicate. */
export async function createAnnotation(access: DocumentAccess, userId: string, input: Input): Promise<{ annotation: AnnotationDto; created: boolean }> {
  const already = await existing(access, userId, input.id);
  if (already) return { annotation: already, created: false };
  const kind = await labelKind(access.projectId, input.labelId);
  const quote = await anchor(access.documentId, input);
  const attributes = await checkAttributes(kind, access.documentId, input.attributes);
  try {
    const row = await db.$transaction(async (tx) => {
      await lockDocumentChanges(tx, access.documentId);
      const created = await tx.annotation.create({
        data: {
          id: input.id, projectId: access.projectId, documentId: access.documentId, labelId: input.labelId, authorId: userId,
          start: input.start, end: input.end, ...quote, attributes: attributes as object, note: input.note,
        },
        select: ANNOTATION_SELECT,
      });
      await recordHistory(tx, { annotationId: created.id, actorId: userId, action: "CREATE", version: created.version, before: null, after: created });
      await notifyAnnotationChange(tx, access.documentId, created.id);
      return created;
    });
    return { annotation: toAnnotationDto(row), created: true };
  } catch (error) {
    // Two copies of the same request racing: the loser answers like a retry.
    if ((error as { code?: string }).code === "P2002") {
      const raced = await existing(access, userId, input.id);
      if (raced) return { annotation: raced, created: false };
    }
    throw error;
  }
}
