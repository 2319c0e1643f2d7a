import "server-only";
import { db } from "@/lib/db";
import { can, type ProjectAccess } from "@/lib/server/authz";
import type { LabelKind } from "@/lib/generated/prisma/enums";
import { defaultLabels } from "@/lib/server/knowledge/default-labels";
import { ensureKnowledgeBaseRecommender, type RecommenderDto } from "@/lib/server/recommenders/recommender-dto";

/** One recommender's numbers for one label. */
export type RecommenderFigure = {
  recommenderId: string;
  recommender: string;
  kind: RecommenderDto["kind"];
  labelId: string;
  label: string;
  /**
   * Stored proposals in live documents; null for the string matcher, which proposes on the fly and
   * stores none. The knowledge base's: its suggestions, under the label each is offered to the caller with.
   */
  proposals: number | null;
  accepted: number;
  rejected: number;
  /** accepted / (accepted + rejected); null before anything was decided. */
  precision: number | null;
};

export type RecommenderFigures = {
  /** "everyone": every member's decisions (curators, owners); "own": the caller's decisions only. */
  scope: "everyone" | "own";
  rows: RecommenderFigure[];
};

type Row = { recommenderId: string; recommender: string; kind: RecommenderDto["kind"]; labelId: string; label: string; proposals: number; accepted: number; rejected: number };

/**
 * Per recommender and label: proposals, accepted, rejected and precision, for the settings page and
 * the dashboard — one grouped statement, its size bounded by recommenders × labels whatever the
 * number of proposals. Deleted documents do not count; decisions whose recommender was removed
 * have no row to go to.
 *
 * Whose decisions: curators and owners (who may see everyone's work) count everyone's. Anybody
 * else counts only their own — under independent annotation another annotator's accepts per label
 * say what they annotated and how far they got, which blind annotation keeps from them. The stored
 * proposal counts are the same for everyone: they are the model servers' output, which every
 * annotator is shown in the viewer anyway.
 */
export async function recommenderFigures(access: ProjectAccess): Promise<RecommenderFigures> {
  const everyone = can(access, "see-progress");
  const onlyUser = everyone ? null : access.userId;
  const rows = await db.$queryRaw<Row[]>`
    SELECT r.id AS "recommenderId", r.name AS recommender, r.kind::text AS kind, l.id AS "labelId", l.name AS label,
           sum(x.proposals)::int AS proposals, sum(x.accepted)::int AS accepted, sum(x.rejected)::int AS rejected
    FROM (
      -- By recommender: the statement uses the recommenderId indexes of both tables.
      SELECT p."recommenderId", p."labelId", count(*) AS proposals, 0 AS accepted, 0 AS rejected
      FROM "Proposal" p JOIN "Document" d ON d.id = p."documentId" AND d."deletedAt" IS NULL
      WHERE p."recommenderId" IN (SELECT id FROM "Recommender" WHERE "projectId" = ${access.projectId}::uuid)
      GROUP BY 1, 2
      UNION ALL
      SELECT pd."recommenderId", pd."labelId", 0, count(*) FILTER (WHERE pd.verdict = 'ACCEPTED'), count(*) FILTER (WHERE pd.verdict = 'REJECTED')
      FROM "ProposalDecision" pd JOIN "Document" d ON d.id = pd."documentId" AND d."deletedAt" IS NULL
      WHERE pd."recommenderId" IN (SELECT id FROM "Recommender" WHERE "projectId" = ${access.projectId}::uuid)
        AND (${onlyUser}::uuid IS NULL OR pd."userId" = ${onlyUser}::uuid)
      GROUP BY 1, 2
      UNION ALL
      -- The knowledge base's decisions, under the label each was accepted as or offered with.
      SELECT kb.id, sd."labelId", 0, count(*) FILTER (WHERE sd.verdict = 'ACCEPTED'), count(*) FILTER (WHERE sd.verdict = 'REJECTED')
      FROM "SuggestionDecision" sd JOIN "Suggestion" s ON s.id = sd."suggestionId"
      JOIN "Document" d ON d.id = s."documentId" AND d."deletedAt" IS NULL
      JOIN "Recommender" kb ON kb."projectId" = s."projectId" AND kb.kind = 'KNOWLEDGE_BASE'
      WHERE s."projectId" = ${access.projectId}::uuid AND sd."labelId" IS NOT NULL
        AND (${onlyUser}::uuid IS NULL OR sd."userId" = ${onlyUser}::uuid)
      GROUP BY 1, 2
    ) x
    JOIN "Recommender" r ON r.id = x."recommenderId" AND r."projectId" = ${access.projectId}::uuid
    JOIN "Label" l ON l.id = x."labelId"
    GROUP BY r.id, r.name, r.kind, r."createdAt", l.id, l.name, l.position
    ORDER BY r.kind, r."createdAt", l.position, l.name`;
  await addKnowledgeBaseProposals(access, rows);
  return {
    scope: everyone ? "everyone" : "own",
    rows: rows.map((r) => ({
      ...r,
      proposals: r.kind === "STRING_MATCHER" ? null : r.proposals,
      precision: r.accepted + r.rejected ? r.accepted / (r.accepted + r.rejected) : null,
    })),
  };
}

/**
 * The knowledge base's stored suggestions in live documents, counted under the label each is
 * offered to the caller with (labels come from the mentions a person sees, so they are worked
 * out per caller: counted per item in SQL, then one label per item). Rows for labels with
 * suggestions but no decision yet are added after the knowledge base's other rows.
 */
async function addKnowledgeBaseProposals(access: ProjectAccess, rows: Row[]) {
  const kb = await ensureKnowledgeBaseRecommender(access.projectId);
  const perItem = await db.$queryRaw<{ canonicalId: string; kind: LabelKind; n: number }[]>`
    SELECT s."canonicalId", c.kind, count(*)::int AS n
    FROM "Suggestion" s JOIN "Document" d ON d.id = s."documentId" AND d."deletedAt" IS NULL
    JOIN "CanonicalItem" c ON c.id = s."canonicalId"
    WHERE s."projectId" = ${access.projectId}::uuid
    GROUP BY 1, 2`;
  if (perItem.length === 0) return;
  const labels = await defaultLabels(access, perItem.map((i) => ({ id: i.canonicalId, kind: i.kind })));
  const perLabel = new Map<string, { name: string; count: number }>();
  for (const i of perItem) {
    const label = labels.get(i.canonicalId);
    if (!label) continue;
    perLabel.set(label.id, { name: label.name, count: (perLabel.get(label.id)?.count ?? 0) + i.n });
  }
  for (const r of rows) if (r.recommenderId === kb.id) r.proposals = perLabel.get(r.labelId)?.count ?? 0;
  const missing = [...perLabel].filter(([labelId]) => !rows.some((r) => r.recommenderId === kb.id && r.labelId === labelId));
  const at = rows.findLastIndex((r) => r.recommenderId === kb.id);
  rows.splice(at === -1 ? rows.length : at + 1, 0, ...missing.map(([labelId, { name, count }]) => ({
    recommenderId: kb.id, recommender: kb.name, kind: kb.kind, labelId, label: name, proposals: count, accepted: 0, rejected: 0,
  })));
}
