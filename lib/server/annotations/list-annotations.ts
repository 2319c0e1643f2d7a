import "server-only";
import { db } from "@/lib/db";
import { ANNOTATION_SELECT, toAnnotationDto } from "@/lib/server/annotations/annotation-dto";

/**
 * A document's live annotations in text order; with `since`, every change after that point of
 * the change sequence, tombstones included, so a reconnecting client can catch up. The cursor to
 * resume from is read in the same snapshot as the rows, so nothing falls between the two.
 */
export async function listDocumentAnnotations(documentId: string, since?: number) {
  const [rows, latest] = await db.$transaction(
    [
      db.annotation.findMany({
        where: since === undefined ? { documentId, deletedAt: null } : { documentId, seq: { gt: BigInt(since) } },
        orderBy: since === undefined ? [{ start: "asc" }, { end: "desc" }] : [{ seq: "asc" }],
        select: ANNOTATION_SELECT,
      }),
      db.annotation.aggregate({ where: { documentId }, _max: { seq: true } }),
    ],
    { isolationLevel: "RepeatableRead" },
  );
  return { annotations: rows.map(toAnnotationDto), cursor: Math.max(since ?? 0, Number(latest._max.seq ?? 0)) };
}
