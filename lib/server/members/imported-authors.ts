import "server-only";
import { db } from "@/lib/db";
import { isUuid, type ProjectAccess } from "@/lib/server/authz";
import { keepStackedTags } from "@/lib/server/annotations/duplicate-tag";
import { lockDocumentChanges, notifyAnnotationChange } from "@/lib/server/annotations/notify";
import { AppError, notFound } from "@/lib/server/errors";

// Imported authors (see prisma/schema.prisma, User): the people of a project restored through the
// web, kept as names, never accounts. An owner may map one to a member of the project: their
// annotations, reviews, comments, relations, decisions and assignments are re-credited to that
// member. The history is append-only and keeps saying who did what at the time.

export type ImportedAuthorDto = {
  id: string;
  name: string;
  originalEmail: string | null;
  mappedTo: { id: string; name: string } | null;
  annotations: number;
};

export async function listImportedAuthors(access: ProjectAccess): Promise<ImportedAuthorDto[]> {
  const authors = await db.user.findMany({
    where: { importedIntoProjectId: access.projectId },
    orderBy: [{ name: "asc" }, { id: "asc" }],
    select: { id: true, name: true, originalEmail: true, mappedTo: { select: { id: true, name: true } }, _count: { select: { annotations: { where: { deletedAt: null } } } } },
  });
  return authors.map(({ _count, ...a }) => ({ ...a, annotations: _count.annotations }));
}

export type MappingReport = { authorId: string; memberId: string; annotations: number; reviews: number; comments: number };

export async function mapImportedAuthor(access: ProjectAccess, authorId: string, memberId: string): Promise<MappingReport> {
  if (!isUuid(authorId)) throw notFound("Imported author not found");
  const projectId = access.projectId;
  return db.$transaction(async (tx) => {
    // Locked so that two owners mapping the same author at once do not both move the work.
    const [author] = await tx.$queryRaw<{ mappedToId: string | null }[]>`
      SELECT "mappedToId" FROM "User" WHERE id = ${authorId}::uuid AND "importedIntoProjectId" = ${projectId}::uuid FOR UPDATE`;
    if (!author) throw notFound("Imported author not found");
    if (author.mappedToId) throw new AppError("CONFLICT", "This imported author has already been mapped to a member.");
    const member = isUuid(memberId) ? await tx.membership.findUnique({ where: { projectId_userId: { projectId, userId: memberId } }, select: { userId: true } }) : null;
    if (!member) throw new AppError("INVALID_INPUT", "Choose a member of this project to map the imported author to.");

    // Annotations: re-credited with a new place in the change order, so open viewers catch up. Where
    // the imported author and the member made the same tag, both stay: it is work being re-credited,
    // not a new tag, and refusing would leave the author impossible to map.
    await keepStackedTags(tx);
    const documents = await tx.annotation.findMany({ where: { projectId, authorId }, distinct: ["documentId"], orderBy: { documentId: "asc" }, select: { documentId: true } });
    let annotations = 0;
    for (const { documentId } of documents) {
      await lockDocumentChanges(tx, documentId);
      const moved = await tx.$queryRaw<{ id: string }[]>`
        UPDATE "Annotation" SET "authorId" = ${memberId}::uuid, seq = nextval('annotation_change_seq'), "updatedAt" = now()
        WHERE "documentId" = ${documentId}::uuid AND "authorId" = ${authorId}::uuid RETURNING id`;
      annotations += moved.length;
      if (moved.length) await notifyAnnotationChange(tx, documentId, moved.at(-1)!.id);
    }
    // One verdict per reviewer and annotation: where both gave one, the later stands.
    await tx.$executeRaw`
      DELETE FROM "Review" m USING "Review" r
      WHERE m."reviewerId" = ${memberId}::uuid AND r."reviewerId" = ${authorId}::uuid AND m."annotationId" = r."annotationId" AND m."updatedAt" < r."updatedAt"`;
    await tx.$executeRaw`
      DELETE FROM "Review" r USING "Review" m
      WHERE r."reviewerId" = ${authorId}::uuid AND m."reviewerId" = ${memberId}::uuid AND m."annotationId" = r."annotationId"`;
    const reviews = await tx.review.updateMany({ where: { reviewerId: authorId }, data: { reviewerId: memberId } });
    const comments = await tx.annotationComment.updateMany({ where: { authorId }, data: { authorId: memberId } });
    await tx.relation.updateMany({ where: { authorId }, data: { authorId: memberId } });
    await tx.curationDecision.updateMany({ where: { decidedById: authorId }, data: { decidedById: memberId } });
    // One decision per person and suggestion: where both decided, the member's own stands.
    await tx.$executeRaw`
      DELETE FROM "SuggestionDecision" a USING "SuggestionDecision" m
      WHERE a."userId" = ${authorId}::uuid AND m."userId" = ${memberId}::uuid AND m."suggestionId" = a."suggestionId"`;
    await tx.suggestionDecision.updateMany({ where: { userId: authorId }, data: { userId: memberId } });
    await tx.document.updateMany({ where: { projectId, createdById: authorId }, data: { createdById: memberId } });
    // One assignment per document and person: the member's own stands where both exist.
    await tx.$executeRaw`
      DELETE FROM "DocumentAssignment" a USING "DocumentAssignment" m
      WHERE a."userId" = ${authorId}::uuid AND m."userId" = ${memberId}::uuid AND m."documentId" = a."documentId"`;
    await tx.documentAssignment.updateMany({ where: { userId: authorId }, data: { userId: memberId } });
    await tx.documentAssignment.updateMany({ where: { assignedById: authorId }, data: { assignedById: memberId } });
    await tx.user.update({ where: { id: authorId }, data: { mappedToId: memberId } });
    return { authorId, memberId, annotations, reviews: reviews.count, comments: comments.count };
  });
}
