import "server-only";
import { db } from "@/lib/db";
import { can, visibleAnnotations, visibleAnnotationsPrismaSql, type DocumentAccess } from "@/lib/server/authz";
import { ensureStringMatcher, type RecommenderKind } from "@/lib/server/recommenders/recommender-dto";
import { coveredBy, MAX_LEARNED_TEXTS, proposeMatchesSteps, type LabelledText, type Span } from "@/lib/server/recommenders/string-matcher";
import { runInSlices } from "@/lib/run-in-slices";

export type ProposalDto = {
  /** Stable for the span, label and recommender (a proposal is nobody's row until decided). */
  id: string;
  recommenderId: string;
  recommender: string;
  kind: Exclude<RecommenderKind, "KNOWLEDGE_BASE">;
  labelId: string;
  /** Unicode code points into the document's text, end exclusive. */
  start: number;
  end: number;
  exact: string;
  score: number;
};

/** Decisions read for the string matcher's scores: the person's most recent ones. */
const MAX_HISTORY = 20_000;

const proposalId = (recommenderId: string, p: Span) => `${recommenderId}:${p.labelId}:${p.start}:${p.end}`;

/**
 * What the recommenders propose to this person in this document, in text order: the string
 * matcher's proposals (worked out now, from the annotations this person may see — their own and
 * gold under independent annotation —, the knowledge-base names and aliases of the items those
 * annotations are linked to, and the person's own decisions) and the stored proposals of the
 * model servers, each scoring at least its recommender's minimum, in its labels. Left out: a span
 * with that label the person already sees annotated, or has decided (accepted or rejected) —
 * someone else's decision does not hide it; a knowledge-base suggestion they decided with that label
 * counts as decided. The same span and label from two recommenders is
 * proposed once, by the higher score. Only for people who may annotate. `only.labelId`: just the
 * proposals with that label.
 */
export async function listDocumentProposals(access: DocumentAccess, only: { labelId?: string } = {}): Promise<ProposalDto[]> {
  if (!can(access, "annotate")) return [];
  const { documentId, projectId, userId } = access;
  await ensureStringMatcher(projectId);
  const inLabels = (labelIds: string[], labelId: string) => labelIds.length === 0 || labelIds.includes(labelId);
  // One label asked for (accept all, deciding one): the other labels' work is not done at all.
  // The knowledge base's suggestions are listed apart (list-document-suggestions.ts): accepting one links its item.
  const recommenders = (await db.recommender.findMany({ where: { projectId, enabled: true, kind: { not: "KNOWLEDGE_BASE" } }, select: { id: true, name: true, kind: true, labelIds: true, minScore: true } }))
    .filter((r) => !only.labelId || inLabels(r.labelIds, only.labelId))
    .map((r) => (only.labelId ? { ...r, labelIds: [only.labelId] } : r));
  if (recommenders.length === 0) return [];
  const ofLabel = only.labelId ? { labelId: only.labelId } : {};
  const [document, annotated, decided, decidedSuggestions] = await Promise.all([
    db.document.findUniqueOrThrow({ where: { id: documentId }, select: { text: true } }),
    db.annotation.findMany({ where: { documentId, deletedAt: null, ...ofLabel, AND: [visibleAnnotations(access)] }, select: { labelId: true, start: true, end: true } }),
    db.proposalDecision.findMany({ where: { documentId, userId, ...ofLabel }, select: { labelId: true, start: true, end: true } }),
    // A knowledge-base suggestion they rejected must not come back as another recommender's proposal.
    db.suggestionDecision.findMany({
      where: { userId, suggestion: { documentId }, ...(only.labelId ? { labelId: only.labelId } : { labelId: { not: null } }) },
      select: { labelId: true, suggestion: { select: { start: true, end: true } } },
    }),
  ]);
  const skip: Span[] = [...annotated, ...decided, ...decidedSuggestions.map((d) => ({ labelId: d.labelId!, ...d.suggestion }))];
  const skipped = coveredBy(skip);

  const proposals: ProposalDto[] = [];
  for (const r of recommenders.filter((r) => r.kind === "STRING_MATCHER")) {
    const labelFilter = r.labelIds.length ? { labelId: { in: r.labelIds } } : {};
    const [tagged, linked, history] = await Promise.all([
      // DISTINCT in PostgreSQL: Prisma's `distinct` would fetch every annotation of the project first.
      db.$queryRaw<LabelledText[]>`
        SELECT DISTINCT a."labelId", a.exact FROM "Annotation" a JOIN "Document" d ON d.id = a."documentId"
        WHERE a."projectId" = ${projectId}::uuid AND a."deletedAt" IS NULL AND d."deletedAt" IS NULL
          AND (cardinality(${r.labelIds}::uuid[]) = 0 OR a."labelId" = ANY(${r.labelIds}::uuid[]))
          AND ${visibleAnnotationsPrismaSql(access, "a")}
        LIMIT ${MAX_LEARNED_TEXTS}`,
      // Mentions linked to the knowledge base: the item's other names are the same text too.
      db.$queryRaw<{ labelId: string; name: string; aliases: string[] }[]>`
        SELECT DISTINCT a."labelId", c.name, c.aliases FROM "Annotation" a
        JOIN "Document" d ON d.id = a."documentId" JOIN "CanonicalItem" c ON c.id = a."canonicalId"
        WHERE a."projectId" = ${projectId}::uuid AND a."deletedAt" IS NULL AND d."deletedAt" IS NULL
          AND (cardinality(${r.labelIds}::uuid[]) = 0 OR a."labelId" = ANY(${r.labelIds}::uuid[]))
          AND ${visibleAnnotationsPrismaSql(access, "a")}
        LIMIT ${MAX_LEARNED_TEXTS}`,
      db.proposalDecision.findMany({ where: { userId, ...labelFilter, document: { projectId } }, orderBy: { createdAt: "desc" }, take: MAX_HISTORY, select: { labelId: true, exact: true, verdict: true } }),
    ]);
    const variants = linked.flatMap((a) => [a.name, ...a.aliases].map((exact) => ({ labelId: a.labelId, exact })));
    const known = new Set(tagged.map((t) => `${t.labelId}\u0000${t.exact}`));
    const learned = [...tagged, ...variants.filter((v) => !known.has(`${v.labelId}\u0000${v.exact}`))];
    // In slices: on a long document the matching takes a few hundred milliseconds that other
    // people's requests must not wait behind.
    for (const p of await runInSlices(proposeMatchesSteps({ text: document.text, tagged: learned, history, skip, minScore: r.minScore }))) {
      proposals.push({ id: proposalId(r.id, p), recommenderId: r.id, recommender: r.name, kind: "STRING_MATCHER", ...p });
    }
  }
  const servers = recommenders.filter((r): r is typeof r & { kind: "ENGLISH_NER" | "LABEL_STUDIO" | "OPENAI" } => r.kind !== "STRING_MATCHER" && r.kind !== "KNOWLEDGE_BASE");
  if (servers.length) {
    const stored = await db.proposal.findMany({
      where: { documentId, recommenderId: { in: servers.map((r) => r.id) }, ...ofLabel },
      select: { recommenderId: true, labelId: true, start: true, end: true, exact: true, score: true },
    });
    const byId = new Map(servers.map((r) => [r.id, r]));
    for (const p of stored) {
      const r = byId.get(p.recommenderId)!;
      if (p.score < r.minScore || !inLabels(r.labelIds, p.labelId) || skipped(p)) continue;
      proposals.push({ id: proposalId(r.id, p), recommender: r.name, kind: r.kind, ...p });
    }
  }
  const best = new Map<string, ProposalDto>();
  for (const p of proposals) {
    const key = `${p.labelId}:${p.start}:${p.end}`;
    if ((best.get(key)?.score ?? -1) < p.score) best.set(key, p);
  }
  return [...best.values()].sort((a, b) => a.start - b.start || b.end - a.end || a.labelId.localeCompare(b.labelId));
}
