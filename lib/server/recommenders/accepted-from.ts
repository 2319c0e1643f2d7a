import "server-only";
import { db } from "@/lib/db";

export type AcceptedFrom = {
  /** The recommender's name as it is now ("Knowledge base" for a knowledge-base suggestion). */
  recommender: string;
  /** The score it proposed the span with; null for the knowledge base (a name match has none). */
  score: number | null;
  /** A knowledge-base suggestion: the item it named. */
  item: string | null;
};

/**
 * Where an annotation came from when its author made it by accepting a suggestion (single or
 * accept-all), read from the accept's decision: which recommender, with what score. Null for an
 * annotation tagged by hand. The caller has already checked that the person may see the annotation.
 */
export async function acceptedFrom(annotationId: string): Promise<AcceptedFrom | null> {
  const [proposal, suggestion] = await Promise.all([
    db.proposalDecision.findFirst({ where: { annotationId, verdict: "ACCEPTED" }, select: { score: true, recommender: { select: { name: true } } } }),
    db.suggestionDecision.findFirst({
      where: { annotationId, verdict: "ACCEPTED" },
      select: { suggestion: { select: { projectId: true, canonical: { select: { name: true } } } } },
    }),
  ]);
  if (suggestion) {
    const kb = await db.recommender.findFirst({ where: { projectId: suggestion.suggestion.projectId, kind: "KNOWLEDGE_BASE" }, select: { name: true } });
    return { recommender: kb?.name ?? "Knowledge base", score: null, item: suggestion.suggestion.canonical.name };
  }
  if (proposal) return { recommender: proposal.recommender?.name ?? "a recommender since removed", score: proposal.score, item: null };
  return null;
}
