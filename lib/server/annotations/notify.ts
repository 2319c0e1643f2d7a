import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client";

export const ANNOTATION_CHANNEL = "annotation_changes";

/** Queued inside the writing transaction, so listeners hear of a change only once it is committed. */
export function notifyAnnotationChange(tx: Prisma.TransactionClient, documentId: string, id: string) {
  return tx.$executeRaw`SELECT pg_notify(${ANNOTATION_CHANNEL}, ${JSON.stringify({ documentId, id })})`;
}

export function bumpSeq(tx: Prisma.TransactionClient, id: string) {
  return tx.$executeRaw`UPDATE "Annotation" SET seq = nextval('annotation_change_seq') WHERE id = ${id}::uuid`;
}

/**
 * Serialises changes per document until commit, so that within a document the change sequence
 * follows commit order and "everything after seq N" never skips a change committed late.
 */
export function lockDocumentChanges(tx: Prisma.TransactionClient, documentId: string) {
  return tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${documentId}))`;
}
