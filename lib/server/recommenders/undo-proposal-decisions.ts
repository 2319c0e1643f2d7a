import "server-only";
import type { z } from "zod";
import { db } from "@/lib/db";
import type { undoProposalDecisionsSchema } from "@/lib/schemas/recommenders";
import { historySnapshot } from "@/lib/server/annotations/history";
import { lockDocumentChanges, notifyAnnotationChange } from "@/lib/server/annotations/notify";
import { authorize, callerOf, type DocumentAccess } from "@/lib/server/authz";
import { AppError } from "@/lib/server/errors";
import { linkAnnotationToCanonical } from "@/lib/server/knowledge/link-annotation";

export type UndoneDecisions = { undone: number; kept: { annotationId: string; reason: string }[] };

type Decision = { id: string; createdAt: Date; annotationId: string | null; annotation: { version: number; deletedAt: Date | null; createdAt: Date; canonicalId: string | null } | null };

/**
 * Takes back the caller's own decisions in this document — on recommenders' proposals (by span and
 * label) and on knowledge-base suggestions (by id): a reject is forgotten and an accept's
 * annotation deleted (a DELETE history entry each, all in one transaction and one live notice, so
 * undoing an accept-all of a thousand is one step) — unless the caller changed that annotation
 * since, which then stays theirs and is reported as kept. A knowledge-base accept that linked an
 * annotation they had made before is unlinked, not deleted. Either way it is offered to them again.
 */
export async function undoProposalDecisions(access: DocumentAccess, asked: z.input<typeof undoProposalDecisionsSchema>): Promise<UndoneDecisions> {
  authorize(access, "annotate");
  const input = { decisions: asked.decisions ?? [], suggestionIds: asked.suggestionIds ?? [] };
  const { documentId, userId } = access;
  const withAnnotation = { id: true, createdAt: true, annotationId: true, annotation: { select: { version: true, deletedAt: true, createdAt: true, canonicalId: true } } } as const;
  const [proposals, suggestions] = await Promise.all([
    input.decisions.length
      ? db.proposalDecision.findMany({ where: { documentId, userId, OR: input.decisions.map((d) => ({ labelId: d.labelId, start: d.start, end: d.end })) }, select: withAnnotation })
      : [],
    input.suggestionIds.length
      ? db.suggestionDecision.findMany({ where: { userId, suggestionId: { in: input.suggestionIds }, suggestion: { documentId } }, select: withAnnotation })
      : [],
  ]);
  if (proposals.length + suggestions.length === 0) throw new AppError("NOT_FOUND", "You made none of these decisions in this document.");
  const kept: UndoneDecisions["kept"] = [];
  const remove: string[] = [];
  const unlink: string[] = [];
  const all: Decision[] = [...proposals, ...suggestions];
  for (const d of all) {
    const a = d.annotation;
    if (!d.annotationId || !a || a.deletedAt) continue;
    // Made before the decision: an annotation of theirs the accept linked to the item.
    if (a.createdAt < d.createdAt) unlink.push(d.annotationId);
    else if (a.version !== 1) kept.push({ annotationId: d.annotationId, reason: "changed since it was accepted" });
    else remove.push(d.annotationId);
  }
  // Their own annotations, in a document they may annotate.
  if (remove.length) authorize(access, "change-annotation", { ownerIds: [userId] });
  for (const id of unlink) await linkAnnotationToCanonical(callerOf(access), id, null);
  const undone = await db.$transaction(async (tx) => {
    if (remove.length) {
      await lockDocumentChanges(tx, documentId);
      // Still theirs, live and unchanged, now that the lock is held: a change that slipped in is kept.
      const gone = await tx.$queryRaw<{ id: string; labelId: string; start: number; end: number; exact: string; attributes: unknown; note: string; version: number }[]>`
        UPDATE "Annotation" SET "deletedAt" = now(), version = version + 1, seq = nextval('annotation_change_seq'), "updatedAt" = now()
        WHERE id = ANY(${remove}::uuid[]) AND "documentId" = ${documentId}::uuid AND "authorId" = ${userId}::uuid AND version = 1 AND "deletedAt" IS NULL
        RETURNING id, "labelId", start, "end", exact, attributes, note, version`;
      if (gone.length) {
        await tx.annotationHistory.createMany({
          data: gone.map((a) => ({ annotationId: a.id, actorId: userId, action: "DELETE" as const, version: a.version, before: historySnapshot({ ...a, version: 1 }) })),
        });
        await notifyAnnotationChange(tx, documentId, gone[0].id);
      }
      const goneIds = new Set(gone.map((a) => a.id));
      for (const id of remove) if (!goneIds.has(id)) kept.push({ annotationId: id, reason: "changed since it was accepted" });
    }
    const keep = new Set(kept.map((k) => k.annotationId));
    const undo = (ds: Decision[]) => ds.filter((d) => !d.annotationId || !keep.has(d.annotationId)).map((d) => d.id);
    const [p, s] = [undo(proposals), undo(suggestions)];
    await tx.proposalDecision.deleteMany({ where: { id: { in: p } } });
    await tx.suggestionDecision.deleteMany({ where: { id: { in: s } } });
    return p.length + s.length;
  });
  return { undone, kept };
}
