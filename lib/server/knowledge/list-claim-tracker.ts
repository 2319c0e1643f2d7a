import "server-only";
import { visibleAnnotations, visibleAnnotationsPrismaSql, type ProjectAccess } from "@/lib/server/authz";
import { db } from "@/lib/db";
import { PAGE_SIZES, pageOf, type PageQuery } from "@/lib/schemas/page-query";
import { byPublication, comparePartialDates, parsePartialDate, type PartialDate } from "@/lib/server/knowledge/partial-date";

export type TrackedClaim = {
  id: string;
  name: string;
  description: string;
  mentionCount: number;
  documentCount: number;
  /** Earliest and latest publication date among all the documents that carry it (partial ISO dates). */
  firstSeen: string | null;
  lastSeen: string | null;
  /** Distinct wordings (whitespace collapsed), the most repeated first. */
  wordings: { text: string; mentionCount: number; documentCount: number }[];
  /** Who makes the claim: the claimant annotation's canonical entity, else its quote, else the free-text claimant. */
  claimants: { name: string; canonicalId: string | null; mentionCount: number }[];
  documents: { id: string; title: string; publishedOn: string | null; mentionCount: number }[];
  stances: Record<string, number>;
  mentions: { annotationId: string; documentId: string; exact: string }[];
  /** More mentions than CLAIM_MENTIONS_SHOWN: wordings, claimants, stances and documents cover the first of them only. */
  mentionsTruncated: boolean;
};

type ClaimAttributes = { claimantId?: string; claimantText?: string; stance?: string };

/** Mentions read per claim: its wordings, claimants, stances and documents are counted over these. */
export const CLAIM_MENTIONS_SHOWN = 100;

type ClaimRanking = { id: string; name: string; mentionCount: number; documentCount: number; publishedOn: string[] };

/**
 * The claim tracker, a page at a time: each canonical claim with the wordings it appears in, who
 * makes it, the documents and their publication dates — how often and since when it is repeated.
 * The most repeated (in most documents, then most mentions) first; at a tie the one seen earliest.
 *
 * Bounded: PostgreSQL counts every claim's visible mentions and documents and lists its distinct
 * publication dates (one row per claim) to rank them; only the page's claims are read in detail,
 * each with at most CLAIM_MENTIONS_SHOWN mentions. Counts and dates are over all mentions;
 * wordings, claimants, stances and the document list over the mentions read (`mentionsTruncated`).
 */
export async function listClaimTracker(access: ProjectAccess, page: PageQuery = { offset: 0, limit: PAGE_SIZES.claims.fallback }) {
  const { projectId } = access;
  const limit = Math.min(page.limit, PAGE_SIZES.claims.max);
  const ranking = await db.$queryRaw<ClaimRanking[]>`
    SELECT i.id::text, i.name, count(a.id)::int AS "mentionCount", count(DISTINCT a."documentId")::int AS "documentCount",
      array_remove(array_agg(DISTINCT d."publishedOn"), NULL) AS "publishedOn"
    FROM "CanonicalItem" i
    LEFT JOIN "Annotation" a ON a."canonicalId" = i.id AND a."deletedAt" IS NULL AND ${visibleAnnotationsPrismaSql(access, "a")}
    LEFT JOIN "Document" d ON d.id = a."documentId"
    WHERE i."projectId" = ${projectId}::uuid AND i.kind = 'CLAIM'
    GROUP BY i.id`;
  const ranked = ranking.map((r) => {
    const dates = r.publishedOn.map(parsePartialDate).filter((d): d is PartialDate => d !== null).sort(comparePartialDates);
    return { ...r, firstSeen: dates[0] ?? null, lastSeen: dates.at(-1) ?? null };
  });
  const seen = (c: (typeof ranked)[number]) => c.firstSeen?.startMs ?? Infinity;
  ranked.sort((a, b) => b.documentCount - a.documentCount || b.mentionCount - a.mentionCount || seen(a) - seen(b) || a.name.localeCompare(b.name) || (a.id < b.id ? -1 : 1));
  const pageRows = ranked.slice(page.offset, page.offset + limit);
  const rankOf = new Map(pageRows.map((r) => [r.id, r]));

  const items = pageRows.length
    ? await db.canonicalItem.findMany({
        where: { id: { in: pageRows.map((r) => r.id) }, projectId, kind: "CLAIM" },
        select: {
          id: true, name: true, description: true,
          mentions: {
            where: { deletedAt: null, AND: [visibleAnnotations(access)] },
            orderBy: [{ documentId: "asc" }, { start: "asc" }, { id: "asc" }],
            take: CLAIM_MENTIONS_SHOWN,
            select: { id: true, documentId: true, exact: true, attributes: true, document: { select: { title: true, publishedOn: true } } },
          },
        },
      })
    : [];
  const attrs = (a: unknown) => (a ?? {}) as ClaimAttributes;
  const claimantIds = [...new Set(items.flatMap((i) => i.mentions.map((m) => attrs(m.attributes).claimantId).filter((x): x is string => !!x)))];
  const claimantRows = claimantIds.length
    ? await db.annotation.findMany({ where: { id: { in: claimantIds }, projectId, deletedAt: null, AND: [visibleAnnotations(access)] }, select: { id: true, exact: true, canonical: { select: { id: true, name: true } } } })
    : [];
  const claimantById = new Map(claimantRows.map((c) => [c.id, c]));

  const tracked = items.map((item): TrackedClaim => {
    const rank = rankOf.get(item.id)!;
    const wordings = new Map<string, { text: string; mentionCount: number; documents: Set<string> }>();
    const claimants = new Map<string, { name: string; canonicalId: string | null; mentionCount: number }>();
    const documents = new Map<string, TrackedClaim["documents"][number]>();
    const stances: Record<string, number> = {};
    for (const m of item.mentions) {
      const text = m.exact.replace(/\s+/g, " ").trim();
      const wording = wordings.get(text) ?? { text, mentionCount: 0, documents: new Set<string>() };
      wording.mentionCount++;
      wording.documents.add(m.documentId);
      wordings.set(text, wording);

      const a = attrs(m.attributes);
      const linked = a.claimantId ? claimantById.get(a.claimantId) : undefined;
      const claimant = linked?.canonical
        ? { key: `c:${linked.canonical.id}`, name: linked.canonical.name, canonicalId: linked.canonical.id }
        : linked
          ? { key: `q:${linked.exact}`, name: linked.exact, canonicalId: null }
          : a.claimantText
            ? { key: `q:${a.claimantText}`, name: a.claimantText, canonicalId: null }
            : null;
      if (claimant) {
        const entry = claimants.get(claimant.key) ?? { name: claimant.name, canonicalId: claimant.canonicalId, mentionCount: 0 };
        entry.mentionCount++;
        claimants.set(claimant.key, entry);
      }
      if (a.stance) stances[a.stance] = (stances[a.stance] ?? 0) + 1;
      const d = documents.get(m.documentId) ?? { id: m.documentId, title: m.document.title, publishedOn: m.document.publishedOn, mentionCount: 0 };
      d.mentionCount++;
      documents.set(m.documentId, d);
    }
    const docs = [...documents.values()].sort(byPublication);
    return {
      id: item.id,
      name: item.name,
      description: item.description,
      mentionCount: rank.mentionCount,
      documentCount: rank.documentCount,
      firstSeen: rank.firstSeen?.value ?? null,
      lastSeen: rank.lastSeen?.value ?? null,
      mentionsTruncated: rank.mentionCount > item.mentions.length,
      wordings: [...wordings.values()]
        .map((w) => ({ text: w.text, mentionCount: w.mentionCount, documentCount: w.documents.size }))
        .sort((a, b) => b.documentCount - a.documentCount || b.mentionCount - a.mentionCount || a.text.localeCompare(b.text)),
      claimants: [...claimants.values()].sort((a, b) => b.mentionCount - a.mentionCount || a.name.localeCompare(b.name)),
      documents: docs,
      stances,
      mentions: item.mentions.map((m) => ({ annotationId: m.id, documentId: m.documentId, exact: m.exact })),
    };
  });
  const order = new Map(pageRows.map((r, i) => [r.id, i]));
  const claims = tracked.sort((a, b) => order.get(a.id)! - order.get(b.id)!);
  return { claims, ...pageOf({ offset: page.offset, limit }, claims.length, ranked.length) };
}
