import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client";
import { db } from "@/lib/db";
import type { HistoryAction } from "@/lib/generated/prisma/enums";

type Snapshotable = { labelId: string; start: number; end: number; exact: string; attributes: unknown; note: string; version: number; deletedAt?: Date | null };

/** The part of an annotation a person would want to compare between two versions. */
export function historySnapshot(a: Snapshotable) {
  return { labelId: a.labelId, start: a.start, end: a.end, exact: a.exact, attributes: a.attributes ?? {}, note: a.note, version: a.version } as Prisma.InputJsonObject;
}

/** Appends one entry, inside the transaction that makes the change. */
export function recordHistory(
  tx: Prisma.TransactionClient,
  entry: { annotationId: string; actorId: string; action: HistoryAction; version: number; before: Snapshotable | null; after: Snapshotable | null },
) {
  return tx.annotationHistory.create({
    data: {
      annotationId: entry.annotationId,
      actorId: entry.actorId,
      action: entry.action,
      version: entry.version,
      before: entry.before ? historySnapshot(entry.before) : undefined,
      after: entry.after ? historySnapshot(entry.after) : undefined,
    },
  });
}

export async function listAnnotationHistory(annotationId: string) {
  const rows = await db.annotationHistory.findMany({
    where: { annotationId },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: { id: true, action: true, version: true, before: true, after: true, createdAt: true, actor: { select: { id: true, name: true } } },
  });
  return rows;
}
