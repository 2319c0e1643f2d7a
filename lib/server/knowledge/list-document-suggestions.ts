import "server-only";
import { visibleAnnotations, type DocumentAccess } from "@/lib/server/authz";
import { db } from "@/lib/db";
import type { LabelKind } from "@/lib/generated/prisma/enums";
import { defaultLabels, type SuggestedLabel } from "@/lib/server/knowledge/default-labels";
import { ensureKnowledgeBaseRecommender } from "@/lib/server/recommenders/recommender-dto";

export type SuggestionDto = {
  id: string;
  documentId: string;
  canonicalId: string;
  /** Unicode code points into the document's text, end exclusive. */
  start: number;
  end: number;
  exact: string;
  /** Always OPEN: what the caller decided is not offered to them again. */
  status: "OPEN";
  item: { id: string; name: string; kind: LabelKind };
  /** The label an accept uses unless told otherwise (see defaultLabels). */
  label: SuggestedLabel;
};

/**
 * What the knowledge-base recommender offers this person in this document, in text order — none
 * when it is switched off. Each person decides for themselves: left out are the suggestions they
 * accepted or rejected, one whose span they decided with the same label when another recommender
 * proposed it, one whose label is not among the recommender's labels, and one whose span has been
 * annotated and linked to the same item by someone whose work they see. Nobody else's decisions
 * count. `only.suggestionId`: just that one, if it is offered.
 */
export async function listDocumentSuggestions(access: DocumentAccess, only: { suggestionId?: string } = {}): Promise<SuggestionDto[]> {
  const { documentId, projectId, userId } = access;
  const recommender = await ensureKnowledgeBaseRecommender(projectId);
  if (!recommender.enabled) return [];
  const rows = await db.suggestion.findMany({
    where: { documentId, ...(only.suggestionId ? { id: only.suggestionId } : {}), decisions: { none: { userId } } },
    orderBy: [{ start: "asc" }, { end: "desc" }, { id: "asc" }],
    select: { id: true, documentId: true, canonicalId: true, start: true, end: true, exact: true, canonical: { select: { id: true, name: true, kind: true } } },
  });
  if (rows.length === 0) return [];
  const items = [...new Map(rows.map((r) => [r.canonicalId, r.canonical])).values()];
  const [linked, labels, decided] = await Promise.all([
    db.annotation.findMany({
      where: { documentId, deletedAt: null, canonicalId: { in: items.map((i) => i.id) }, AND: [visibleAnnotations(access)] },
      select: { canonicalId: true, start: true, end: true },
    }),
    defaultLabels(access, items),
    db.proposalDecision.findMany({ where: { documentId, userId }, select: { labelId: true, start: true, end: true } }),
  ]);
  const linkedByItem = new Map<string, { start: number; end: number }[]>();
  for (const a of linked) {
    const spans = linkedByItem.get(a.canonicalId!);
    if (spans) spans.push(a);
    else linkedByItem.set(a.canonicalId!, [a]);
  }
  const decidedSpans = new Set(decided.map((d) => `${d.labelId}:${d.start}:${d.end}`));
  const inLabels = (labelId: string) => recommender.labelIds.length === 0 || recommender.labelIds.includes(labelId);
  const offered: SuggestionDto[] = [];
  for (const { canonical, ...s } of rows) {
    const label = labels.get(s.canonicalId);
    if (!label || !inLabels(label.id) || decidedSpans.has(`${label.id}:${s.start}:${s.end}`)) continue;
    if (linkedByItem.get(s.canonicalId)?.some((a) => a.start <= s.start && a.end >= s.end)) continue;
    offered.push({ ...s, status: "OPEN", item: canonical, label });
  }
  return offered;
}
