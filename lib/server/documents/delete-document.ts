import "server-only";
import { db } from "@/lib/db";
import { authorize, isUuid, type DocumentAccess, type ProjectAccess } from "@/lib/server/authz";
import { keepStackedTags } from "@/lib/server/annotations/duplicate-tag";
import { notFound } from "@/lib/server/errors";
import { sqlPool } from "@/lib/server/db/sql-pool";

/** How long a deleted document can be restored before it is purged. */
export const RESTORE_DAYS = 30;
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Owners and curators delete a document: it leaves the document list, work queues, search,
 * agreement, exports and the knowledge base at once, and can be restored for RESTORE_DAYS days.
 * Its live annotations and relations are marked with the document's own deletedAt, so every read
 * of them (which already leaves deleted ones out) leaves them out too, and a restore brings back
 * exactly those — not the ones their authors had deleted before.
 */
export async function deleteDocument(access: DocumentAccess) {
  authorize(access, "curate");
  const at = new Date();
  await db.$transaction(async (tx) => {
    const { count } = await tx.document.updateMany({ where: { id: access.documentId, deletedAt: null }, data: { deletedAt: at, deletedById: access.userId } });
    if (count !== 1) throw notFound("Document not found");
    await tx.annotation.updateMany({ where: { documentId: access.documentId, deletedAt: null }, data: { deletedAt: at } });
    await tx.relation.updateMany({ where: { documentId: access.documentId, deletedAt: null }, data: { deletedAt: at } });
  });
  return { deletedAt: at.toISOString(), restorableUntil: new Date(at.getTime() + RESTORE_DAYS * DAY_MS).toISOString() };
}

/** The project's deleted documents, newest first, with who deleted them and until when they can be restored. */
export async function listDeletedDocuments(access: ProjectAccess) {
  authorize(access, "see-deleted");
  const documents = await db.document.findMany({
    where: { projectId: access.projectId, deletedAt: { not: null } },
    orderBy: [{ deletedAt: "desc" }, { id: "asc" }],
    take: 1000,
    select: { id: true, title: true, length: true, deletedAt: true, deletedBy: { select: { id: true, name: true } } },
  });
  // What a restore brings back: the annotations deleted with the document (marked with its own
  // deletedAt), not those their authors had deleted before.
  const { rows } = await sqlPool().query<{ documentId: string; n: number }>(
    `SELECT a."documentId", count(*)::int AS n FROM "Annotation" a JOIN "Document" d ON d.id = a."documentId"
     WHERE d.id = ANY($1::uuid[]) AND a."deletedAt" = d."deletedAt" GROUP BY a."documentId"`,
    [documents.map((d) => d.id)],
  );
  const annotations = new Map(rows.map((r) => [r.documentId, r.n]));
  return {
    documents: documents.map(({ deletedAt, ...d }) => ({
      ...d,
      annotations: annotations.get(d.id) ?? 0,
      deletedAt: deletedAt!.toISOString(),
      restorableUntil: new Date(deletedAt!.getTime() + RESTORE_DAYS * DAY_MS).toISOString(),
    })),
  };
}

/** Brings a deleted document back with the annotations and relations it had when it was deleted. */
export async function restoreDocument(access: ProjectAccess, documentId: string) {
  authorize(access, "curate");
  if (!isUuid(documentId)) throw notFound("No deleted document with this id in this project");
  return db.$transaction(async (tx) => {
    const document = await tx.document.findFirst({ where: { id: documentId, projectId: access.projectId, deletedAt: { not: null } }, select: { id: true, title: true, deletedAt: true } });
    if (!document) throw notFound("No deleted document with this id in this project (it may have been restored or purged)");
    const { count } = await tx.document.updateMany({ where: { id: document.id, deletedAt: document.deletedAt }, data: { deletedAt: null, deletedById: null } });
    if (count !== 1) throw notFound("No deleted document with this id in this project (it may have been restored or purged)");
    // The annotations come back as they were, stacked tags a project allowed then included.
    await keepStackedTags(tx);
    const annotations = await tx.annotation.updateMany({ where: { documentId: document.id, deletedAt: document.deletedAt }, data: { deletedAt: null } });
    await tx.relation.updateMany({ where: { documentId: document.id, deletedAt: document.deletedAt }, data: { deletedAt: null } });
    return { id: document.id, title: document.title, annotations: annotations.count };
  });
}

/**
 * Removes for good the documents deleted more than RESTORE_DAYS days ago (with everything that
 * hangs on them), a bounded batch at a time. Run by the server on start and every hour.
 */
export async function purgeDeletedDocuments(now = new Date(), batch = 100): Promise<number> {
  const before = new Date(now.getTime() - RESTORE_DAYS * DAY_MS);
  let purged = 0;
  for (;;) {
    const due = await db.document.findMany({ where: { deletedAt: { lt: before } }, select: { id: true }, take: batch });
    if (due.length === 0) return purged;
    // Annotations, relations, history, comments, decisions and assignments go with their
    // document (ON DELETE CASCADE). A document restored meanwhile is not due any more.
    purged += (await db.document.deleteMany({ where: { id: { in: due.map((d) => d.id) }, deletedAt: { lt: before } } })).count;
  }
}
