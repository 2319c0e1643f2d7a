import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client";
import { historySnapshot } from "@/lib/server/annotations/history";
import { lockDocumentChanges, notifyAnnotationChange } from "@/lib/server/annotations/notify";

// Changing which canonical item an annotation mentions is knowledge-base metadata, not a change of
// the span: the annotation keeps its version and its review state (verdicts are about the span,
// label and attributes, which stay as they were). It still goes into the annotation's history, and
// takes a new place in the change sequence with a NOTIFY, so live viewers learn of it.

const SNAPSHOT_SELECT = {
  id: true, documentId: true, labelId: true, start: true, end: true, exact: true, attributes: true, note: true, version: true, canonicalId: true, deletedAt: true,
} as const;

type Snapshot = Prisma.AnnotationGetPayload<{ select: typeof SNAPSHOT_SELECT }>;

const withCanonical = (row: Snapshot, canonicalId: string | null) => ({ ...historySnapshot(row), canonicalId }) as Prisma.InputJsonObject;

/**
 * Points the live annotations matching `where` in `documentIds` at `to` (null unlinks), inside
 * the caller's transaction: takes the documents' change locks (sorted, after any item locks the
 * caller holds), re-reads the rows under them, writes one UPDATE history entry per annotation with
 * canonicalId before and after, renews each one's seq and notifies. Tombstones follow silently.
 * Returns the annotations that changed.
 */
export async function relinkMentions(
  tx: Prisma.TransactionClient,
  { actorId, where, documentIds, to }: { actorId: string; where: Prisma.AnnotationWhereInput; documentIds: string[]; to: string | null },
): Promise<Snapshot[]> {
  const documents = [...new Set(documentIds)].sort();
  for (const documentId of documents) await lockDocumentChanges(tx, documentId);
  const rows = await tx.annotation.findMany({
    where: { AND: [where, { documentId: { in: documents } }, to === null ? { canonicalId: { not: null } } : { OR: [{ canonicalId: null }, { canonicalId: { not: to } }] }] },
    select: SNAPSHOT_SELECT,
  });
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  await tx.annotation.updateMany({ where: { id: { in: ids } }, data: { canonicalId: to } });
  const live = rows.filter((r) => r.deletedAt === null);
  if (live.length === 0) return [];
  const liveIds = live.map((r) => r.id);
  await tx.$executeRaw`UPDATE "Annotation" SET seq = nextval('annotation_change_seq') WHERE id = ANY(${liveIds}::uuid[])`;
  await tx.annotationHistory.createMany({
    data: live.map((row) => ({
      annotationId: row.id,
      actorId,
      action: "UPDATE" as const,
      version: row.version,
      before: withCanonical(row, row.canonicalId),
      after: withCanonical(row, to),
    })),
  });
  for (const row of live) await notifyAnnotationChange(tx, row.documentId, row.id);
  return live.map((row) => ({ ...row, canonicalId: to }));
}
