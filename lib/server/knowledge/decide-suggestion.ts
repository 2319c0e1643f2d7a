import "server-only";
import type { z } from "zod";
import { db } from "@/lib/db";
import { uuidv7 } from "@/lib/ids";
import type { decideSuggestionSchema } from "@/lib/schemas/knowledge";
import { createAnnotation } from "@/lib/server/annotations/create-annotation";
import { authorize, resolveResource, type Caller } from "@/lib/server/authz";
import { AppError, notFound } from "@/lib/server/errors";
import { listDocumentSuggestions } from "@/lib/server/knowledge/list-document-suggestions";
import { linkAnnotationToCanonical, type LinkedAnnotation } from "@/lib/server/knowledge/link-annotation";

export type DecidedSuggestion = {
  /** The suggestion with the caller's decision (decidedById: the caller; others' are theirs). */
  suggestion: { id: string; documentId: string; canonicalId: string; start: number; end: number; exact: string; status: "ACCEPTED" | "REJECTED"; decidedById: string; annotationId: string | null };
  /** Accept: the caller's annotation, linked to the item. */
  annotation: LinkedAnnotation | null;
};

const isUniqueViolation = (e: unknown) => (e as { code?: string }).code === "P2002";
const VERDICT_WORD = { ACCEPTED: "accepted", REJECTED: "rejected" } as const;

/**
 * One person's accept or reject of a knowledge-base suggestion (annotators and above; viewers
 * 403, non-members 404). Like a recommender's proposal, the decision is theirs alone: a reject
 * hides it from them only, an accept makes their annotation and hides it from them only — others
 * are still offered it. Deciding it twice is a 409; one not offered to them (the recommender off,
 * a label outside its labels, a span they see linked already) a 404. Accepting goes through the
 * ordinary create-annotation use case, with the label it is offered with by default and, for
 * entities, the item's name as canonical name, and links the annotation to the item; if the caller
 * already has an annotation with that span and label, that one is linked instead of making a second.
 */
export async function decideSuggestion(caller: Caller, suggestionId: string, input: z.infer<typeof decideSuggestionSchema>): Promise<DecidedSuggestion> {
  const { userId } = caller;
  const access = await resolveResource(caller, "Suggestion", suggestionId);
  // Suggestions belong to nobody: anyone who may annotate decides them, for themselves.
  authorize(access, "annotate");
  const [offered] = await listDocumentSuggestions(access, { suggestionId });
  if (!offered) {
    const earlier = await db.suggestionDecision.findUnique({ where: { suggestionId_userId: { suggestionId, userId } }, select: { verdict: true } });
    if (earlier) throw new AppError("CONFLICT", `You already ${VERDICT_WORD[earlier.verdict]} this suggestion.`);
    throw notFound("This suggestion is not offered to you here (its span may be annotated already, or the knowledge-base recommender is off or limited to other labels)");
  }
  const { item, label: offeredLabel, status: _open, ...suggestion } = offered;

  let labelId = offeredLabel.id;
  if (input.decision === "accept" && input.labelId && input.labelId !== offeredLabel.id) {
    const label = await db.label.findFirst({ where: { id: input.labelId, projectId: access.projectId }, select: { kind: true, name: true } });
    if (!label) throw new AppError("INVALID_INPUT", "Unknown label: it is not part of this project's label scheme.");
    if (label.kind !== item.kind) {
      throw new AppError("INVALID_INPUT", `“${item.name}” is ${item.kind.toLowerCase()}; the label “${label.name}” is for ${label.kind.toLowerCase()} annotations.`);
    }
    labelId = input.labelId;
  }
  const verdict: "ACCEPTED" | "REJECTED" = input.decision === "accept" ? "ACCEPTED" : "REJECTED";
  let decisionId: string;
  try {
    // The decision is claimed first: two clicks at once make one annotation, not two.
    ({ id: decisionId } = await db.suggestionDecision.create({ data: { suggestionId, userId, verdict, labelId }, select: { id: true } }));
  } catch (e) {
    if (isUniqueViolation(e)) throw new AppError("CONFLICT", "You already decided this suggestion.");
    throw e;
  }
  const decided: Omit<DecidedSuggestion["suggestion"], "annotationId"> = { ...suggestion, status: verdict, decidedById: userId };
  if (verdict === "REJECTED") return { suggestion: { ...decided, annotationId: null }, annotation: null };

  try {
    const mine = await db.annotation.findFirst({
      where: { documentId: suggestion.documentId, authorId: userId, start: suggestion.start, end: suggestion.end, labelId, deletedAt: null, gold: false },
      select: { id: true },
    });
    const annotationId =
      mine?.id ??
      (
        await createAnnotation(access, {
          id: uuidv7(),
          labelId,
          start: suggestion.start,
          end: suggestion.end,
          exact: suggestion.exact,
          attributes: item.kind === "ENTITY" ? { canonicalName: item.name.slice(0, 300) } : {},
          note: "",
        })
      ).annotation.id;
    return await db.$transaction(async (tx) => {
      const { annotation } = await linkAnnotationToCanonical(caller, annotationId, suggestion.canonicalId, tx);
      await tx.suggestionDecision.update({ where: { id: decisionId }, data: { annotationId } });
      return { suggestion: { ...decided, annotationId }, annotation };
    });
  } catch (error) {
    // Nothing to show for the accept: it is offered to them again.
    await db.suggestionDecision.delete({ where: { id: decisionId } }).catch(() => undefined);
    throw error;
  }
}
