import "server-only";
import type { z } from "zod";
import { db } from "@/lib/db";
import type { undoProposalDecisionsSchema } from "@/lib/schemas/recommenders";
import { deleteAnnotation } from "@/lib/server/annotations/change-annotation";
import { authorize, callerOf, type DocumentAccess } from "@/lib/server/authz";
import { AppError } from "@/lib/server/errors";

export type UndoneDecisions = { undone: number; kept: { annotationId: string; reason: string }[] };

/**
 * Takes back the caller's own decisions on proposals in this document: a reject is forgotten and
 * an accept's annotation deleted (through the ordinary delete, so history shows it) — unless the
 * caller changed that annotation since, which then stays theirs and is reported as kept. Either
 * way the proposal is proposed to them again.
 */
export async function undoProposalDecisions(access: DocumentAccess, input: z.infer<typeof undoProposalDecisionsSchema>): Promise<UndoneDecisions> {
  authorize(access, "annotate");
  const { documentId, userId } = access;
  const decisions = await db.proposalDecision.findMany({
    where: { documentId, userId, OR: input.decisions.map((d) => ({ labelId: d.labelId, start: d.start, end: d.end })) },
    select: { id: true, annotationId: true, annotation: { select: { version: true, deletedAt: true } } },
  });
  if (decisions.length === 0) throw new AppError("NOT_FOUND", "You made none of these decisions in this document.");
  const kept: UndoneDecisions["kept"] = [];
  const undo: string[] = [];
  for (const d of decisions) {
    if (d.annotationId && d.annotation && !d.annotation.deletedAt) {
      if (d.annotation.version !== 1) {
        kept.push({ annotationId: d.annotationId, reason: "changed since it was accepted" });
        continue;
      }
      await deleteAnnotation(callerOf(access), d.annotationId, 1);
    }
    undo.push(d.id);
  }
  await db.proposalDecision.deleteMany({ where: { id: { in: undo } } });
  return { undone: undo.length, kept };
}
