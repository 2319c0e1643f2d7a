import "server-only";
import { visibleAnnotations, type ProjectAccess } from "@/lib/server/authz";
import { db } from "@/lib/db";
import { byPublication, parsePartialDate } from "@/lib/server/knowledge/partial-date";

export type TrackedClaim = {
  id: string;
  name: string;
  description: string;
  mentionCount: number;
  documentCount: number;
  /** Earliest and latest publication date among the documents that carry it (partial ISO dates). */
  firstSeen: string | null;
  lastSeen: string | null;
  /** Distinct wordings (whitespace collapsed), the most repeated first. */
  wordings: { text: string; mentionCount: number; documentCount: number }[];
  /** Who makes the claim: the claimant annotation's canonical entity, else its quote, else the free-text claimant. */
  claimants: { name: string; canonicalId: string | null; mentionCount: number }[];
  documents: { id: string; title: string; publishedOn: string | null; mentionCount: number }[];
  stances: Record<string, number>;
  mentions: { annotationId: string; documentId: string; exact: string }[];
};

type ClaimAttributes = { claimantId?: string; claimantText?: string; stance?: string };

/**
 * The claim tracker: each canonical claim with the wordings it appears in, who makes it, the
 * documents and their publication dates — how often and since when it is repeated. The most
 * repeated (in most documents, then most mentions) first; at a tie the one seen earliest.
 */
export async function listClaimTracker(access: ProjectAccess): Promise<TrackedClaim[]> {
  const { projectId } = access;
  const items = await db.canonicalItem.findMany({
    where: { projectId, kind: "CLAIM" },
    orderBy: [{ name: "asc" }, { id: "asc" }],
    select: {
      id: true, name: true, description: true,
      mentions: {
        where: { deletedAt: null, AND: [visibleAnnotations(access)] },
        orderBy: [{ documentId: "asc" }, { start: "asc" }],
        select: { id: true, documentId: true, exact: true, attributes: true, document: { select: { title: true, publishedOn: true } } },
      },
    },
  });
  const attrs = (a: unknown) => (a ?? {}) as ClaimAttributes;
  const claimantIds = [...new Set(items.flatMap((i) => i.mentions.map((m) => attrs(m.attributes).claimantId).filter((x): x is string => !!x)))];
  const claimantRows = claimantIds.length
    ? await db.annotation.findMany({ where: { id: { in: claimantIds }, projectId, deletedAt: null, AND: [visibleAnnotations(access)] }, select: { id: true, exact: true, canonical: { select: { id: true, name: true } } } })
    : [];
  const claimantById = new Map(claimantRows.map((c) => [c.id, c]));

  const tracked = items.map((item): TrackedClaim => {
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
    const dated = docs.filter((d) => parsePartialDate(d.publishedOn));
    return {
      id: item.id,
      name: item.name,
      description: item.description,
      mentionCount: item.mentions.length,
      documentCount: docs.length,
      firstSeen: dated[0]?.publishedOn ?? null,
      lastSeen: dated.at(-1)?.publishedOn ?? null,
      wordings: [...wordings.values()]
        .map((w) => ({ text: w.text, mentionCount: w.mentionCount, documentCount: w.documents.size }))
        .sort((a, b) => b.documentCount - a.documentCount || b.mentionCount - a.mentionCount || a.text.localeCompare(b.text)),
      claimants: [...claimants.values()].sort((a, b) => b.mentionCount - a.mentionCount || a.name.localeCompare(b.name)),
      documents: docs,
      stances,
      mentions: item.mentions.map((m) => ({ annotationId: m.id, documentId: m.documentId, exact: m.exact })),
    };
  });
  const seen = (c: TrackedClaim) => parsePartialDate(c.firstSeen)?.startMs ?? Infinity;
  return tracked.sort((a, b) => b.documentCount - a.documentCount || b.mentionCount - a.mentionCount || seen(a) - seen(b) || a.name.localeCompare(b.name));
}
