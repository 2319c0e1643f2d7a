import "server-only";
import type { z } from "zod";
import { db } from "@/lib/db";
import { uuidv7 } from "@/lib/ids";
import type { decideSuggestionSchema } from "@/lib/schemas/knowledge";
import { createAnnotation } from "@/lib/server/annotations/create-annotation";
import { authorize, resolveResource, type Caller } from "@/lib/server/authz";
import { AppError, notFound } from "@/lib/server/errors";
import { defaultLabels } from "@/lib/server/knowledge/default-labels";
import { linkAnnotationToCanonical, type LinkedAnnotation } from "@/lib/server/knowledge/link-annotation";

const SUGGESTION_SELECT = {
  id: true, projectId: true, documentId: true, canonicalId: true, start: true, end: true, exact: true, status: true, decidedById: true, annotationId: true,
} as const;

export type DecidedSuggestion = {
  suggestion: { id: string; documentId: string; canonicalId: string; start: number; end: number; exact: string; status: "OPEN" | "ACCEPTED" | "REJECTED"; decidedById: string | null; annotationId: string | null };
  /** Accept: the caller's annotation, linked to the item. */
  annotation: LinkedAnnotation | null;
};

const STATUS_WORD = { ACCEPTED: "accepted", REJECTED: "rejected", OPEN: "open" } as const;

/**
 * Accepts or rejects a suggestion (annotators and above; viewers 403, non-members 404; a
 * suggestion already decided, by anyone, 409). Accepting makes it the caller's annotation —
 * through the ordinary create-annotation use case, with the item's label by default and, for
 * entities, the item's name as canonical name — linked to the item; if the caller already has an
 * annotation with that span and label, that one is linked instead of making a second.
 */
export async function decideSuggestion(caller: Caller, suggestionId: string, input: z.infer<typeof decideSuggestionSchema>): Promise<DecidedSuggestion> {
  const { userId } = caller;
  const access = await resolveResource(caller, "Suggestion", suggestionId);
  // Suggestions belong to nobody: anyone who may annotate decides them.
  authorize(access, "annotate");
  const found = await db.suggestion.findUniqueOrThrow({
    where: { id: suggestionId },
    select: { ...SUGGESTION_SELECT, canonical: { select: { name: true, kind: true } } },
  });
  const { canonical: item, projectId: _projectId, ...suggestion } = found;
  const alreadyDecided = (status: string) =>
    new AppError("CONFLICT", `This suggestion was already ${STATUS_WORD[status as keyof typeof STATUS_WORD] ?? "decided"}.`);
  if (suggestion.status !== "OPEN") throw alreadyDecided(suggestion.status);
  const claim = async (status: "ACCEPTED" | "REJECTED") => {
    // Only one decision wins, even when two people press the key at the same moment.
    const { count } = await db.suggestion.updateMany({ where: { id: suggestion.id, status: "OPEN" }, data: { status, decidedById: userId } });
    if (count === 0) {
      const now = await db.suggestion.findUnique({ where: { id: suggestion.id }, select: { status: true } });
      if (!now) throw notFound("Suggestion not found");
      throw alreadyDecided(now.status);
    }
  };

  if (input.decision === "reject") {
    await claim("REJECTED");
    return { suggestion: { ...suggestion, status: "REJECTED", decidedById: userId }, annotation: null };
  }

  const labelId = input.labelId ?? (await defaultLabels([suggestion.canonicalId])).get(suggestion.canonicalId)?.id;
  if (!labelId) throw new AppError("INVALID_INPUT", `Choose a label: no mention of “${item.name}” is linked yet to show which label to use.`);
  const label = await db.label.findFirst({ where: { id: labelId, projectId: found.projectId }, select: { kind: true, name: true } });
  if (!label) throw new AppError("INVALID_INPUT", "Unknown label: it is not part of this project's label scheme.");
  if (label.kind !== item.kind) {
    throw new AppError("INVALID_INPUT", `“${item.name}” is ${item.kind.toLowerCase()}; the label “${label.name}” is for ${label.kind.toLowerCase()} annotations.`);
  }

  await claim("ACCEPTED");
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
      await tx.suggestion.update({ where: { id: suggestion.id }, data: { annotationId } });
      return { suggestion: { ...suggestion, status: "ACCEPTED" as const, decidedById: userId, annotationId }, annotation };
    });
  } catch (error) {
    // Nothing to show for the accept: the suggestion is open again.
    await db.suggestion.updateMany({ where: { id: suggestion.id, status: "ACCEPTED", annotationId: null }, data: { status: "OPEN", decidedById: null } });
    throw error;
  }
}
