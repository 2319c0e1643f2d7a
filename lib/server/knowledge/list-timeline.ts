import "server-only";
import { visibleAnnotations, visibleAnnotationsPrismaSql, type ProjectAccess } from "@/lib/server/authz";
import { db } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { PAGE_SIZES, pageOf } from "@/lib/schemas/page-query";
import { byPublication, comparePartialDates, earliestDate, parsePartialDate, type DatePrecision } from "@/lib/server/knowledge/partial-date";

export type TimelineEvent = {
  id: string;
  name: string;
  description: string;
  /**
   * The item's own date, else the earliest `date` among its mentions, else the earliest
   * publication date of the articles that report it (it happened by then); null when undated.
   */
  date: string | null;
  dateSource: "item" | "mentions" | "reports" | null;
  precision: DatePrecision | null;
  /** The period the date covers, first and last day (ISO): 2019 → 2019-01-01 … 2019-12-31. */
  period: { start: string; end: string } | null;
  mentionCount: number;
  documentCount: number;
  /** More mentions than EVENT_MENTIONS_SHOWN: participants, locations and documents cover the first of them only. */
  mentionsTruncated: boolean;
  documents: { id: string; title: string; publishedOn: string | null }[];
  mentions: { annotationId: string; documentId: string; documentTitle: string; exact: string; date: string | null }[];
  /** Canonical entities linked to the mentions' participants. */
  participants: { id: string; name: string }[];
  /** Participants' quotes where the participant annotation is not linked to an entity yet. */
  unlinkedParticipants: string[];
  /** Canonical entities (or quotes) linked to the mentions' locations. */
  locations: string[];
};

type EventAttributes = { date?: string; participantIds?: string[]; locationId?: string };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Mentions read per event: its participants, locations and document list come from these. */
export const EVENT_MENTIONS_SHOWN = 50;
/** Entities offered in the participant filter, at most. */
export const TIMELINE_PARTICIPANTS_SHOWN = 1000;

type EventRanking = { id: string; name: string; date: string | null; mentionCount: number; documentCount: number; mentionDates: string[]; reportDates: string[] };

/**
 * The canonical events of the project in time order (by start of period; at the same start the
 * coarser date first: 2019 < 2019-04 < 2019-04-25), then the undated ones by name, a page at a
 * time (`events` and `undated` are the page's dated and undated events). With `participant`, only
 * events one of whose mentions has that canonical entity as a participant. `participants` lists
 * the canonical entities that take part in some event (up to TIMELINE_PARTICIPANTS_SHOWN), for a filter.
 *
 * Bounded: PostgreSQL counts each event's visible mentions and documents and lists their distinct
 * dates and publication dates (one row per event) to place it; only the page's events are read
 * in detail, each with at most EVENT_MENTIONS_SHOWN mentions (`mentionsTruncated`).
 */
export async function listTimeline(access: ProjectAccess, { participant, offset = 0, limit = PAGE_SIZES.timeline.fallback }: { participant?: string; offset?: number; limit?: number } = {}) {
  const { projectId } = access;
  limit = Math.min(limit, PAGE_SIZES.timeline.max);
  const visible = (alias: string) => visibleAnnotationsPrismaSql(access, alias);
  // The participant ids of a mention's attributes, [] when absent or not a list.
  const participantIds = (alias: string) =>
    Prisma.raw(`jsonb_array_elements_text(CASE WHEN jsonb_typeof(${alias}.attributes->'participantIds') = 'array' THEN ${alias}.attributes->'participantIds' ELSE '[]'::jsonb END)`);
  const takesPart = participant
    ? Prisma.sql`AND EXISTS (
        SELECT 1 FROM "Annotation" m CROSS JOIN LATERAL ${participantIds("m")} AS pid(value)
        JOIN "Annotation" p ON p.id::text = pid.value AND p."projectId" = ${projectId}::uuid AND p."deletedAt" IS NULL AND ${visible("p")}
        WHERE m."canonicalId" = i.id AND m."deletedAt" IS NULL AND ${visible("m")} AND p."canonicalId" = ${participant}::uuid)`
    : Prisma.empty;
  const [ranking, participants] = await Promise.all([
    db.$queryRaw<EventRanking[]>`
      SELECT i.id::text, i.name, i.date, count(a.id)::int AS "mentionCount", count(DISTINCT a."documentId")::int AS "documentCount",
        array_remove(array_agg(DISTINCT CASE WHEN jsonb_typeof(a.attributes->'date') = 'string' THEN a.attributes->>'date' END), NULL) AS "mentionDates",
        array_remove(array_agg(DISTINCT d."publishedOn"), NULL) AS "reportDates"
      FROM "CanonicalItem" i
      LEFT JOIN "Annotation" a ON a."canonicalId" = i.id AND a."deletedAt" IS NULL AND ${visible("a")}
      LEFT JOIN "Document" d ON d.id = a."documentId"
      WHERE i."projectId" = ${projectId}::uuid AND i.kind = 'EVENT' ${takesPart}
      GROUP BY i.id ORDER BY i.name, i.id`,
    db.$queryRaw<{ id: string; name: string }[]>`
      SELECT DISTINCT c.id::text, c.name
      FROM "CanonicalItem" i
      JOIN "Annotation" m ON m."canonicalId" = i.id AND m."deletedAt" IS NULL AND ${visible("m")}
      CROSS JOIN LATERAL ${participantIds("m")} AS pid(value)
      JOIN "Annotation" p ON p.id::text = pid.value AND p."projectId" = ${projectId}::uuid AND p."deletedAt" IS NULL AND ${visible("p")}
      JOIN "CanonicalItem" c ON c.id = p."canonicalId"
      WHERE i."projectId" = ${projectId}::uuid AND i.kind = 'EVENT'
      ORDER BY c.name, c.id::text LIMIT ${TIMELINE_PARTICIPANTS_SHOWN}`,
  ]);

  const placed = ranking.map((r) => {
    const fromItem = parsePartialDate(r.date);
    const fromMentions = fromItem ? null : earliestDate(r.mentionDates);
    const fromReports = fromItem || fromMentions ? null : earliestDate(r.reportDates);
    return { ...r, when: fromItem ?? fromMentions ?? fromReports, dateSource: fromItem ? "item" as const : fromMentions ? "mentions" as const : fromReports ? "reports" as const : null };
  });
  const dated = placed.filter((e) => e.when !== null).sort((a, b) => comparePartialDates(a.when!, b.when!) || a.name.localeCompare(b.name) || (a.id < b.id ? -1 : 1));
  const ordered = [...dated, ...placed.filter((e) => e.when === null)];
  const pageRows = ordered.slice(offset, offset + limit);

  const items = pageRows.length
    ? await db.canonicalItem.findMany({
        where: { id: { in: pageRows.map((r) => r.id) }, projectId, kind: "EVENT" },
        select: {
          id: true, description: true,
          mentions: {
            where: { deletedAt: null, AND: [visibleAnnotations(access)] },
            orderBy: [{ document: { title: "asc" } }, { start: "asc" }, { id: "asc" }],
            take: EVENT_MENTIONS_SHOWN,
            select: { id: true, documentId: true, exact: true, start: true, attributes: true, document: { select: { title: true, publishedOn: true } } },
          },
        },
      })
    : [];
  const itemById = new Map(items.map((i) => [i.id, i]));
  const attributesOf = (a: unknown) => (a ?? {}) as EventAttributes;
  const linkedIds = items.flatMap((i) => i.mentions.flatMap((m) => {
    const attrs = attributesOf(m.attributes);
    return [...(Array.isArray(attrs.participantIds) ? attrs.participantIds : []), ...(attrs.locationId ? [attrs.locationId] : [])];
  })).filter((id): id is string => typeof id === "string" && UUID.test(id));
  const linked = linkedIds.length
    ? await db.annotation.findMany({
        where: { id: { in: [...new Set(linkedIds)] }, projectId, deletedAt: null, AND: [visibleAnnotations(access)] },
        select: { id: true, exact: true, canonical: { select: { id: true, name: true } } },
      })
    : [];
  const linkedById = new Map(linked.map((a) => [a.id, a]));

  const events: TimelineEvent[] = pageRows.flatMap((row) => {
    const item = itemById.get(row.id);
    if (!item) return []; // deleted since it was ranked
    const participants = new Map<string, string>();
    const unlinked = new Set<string>();
    const locations = new Set<string>();
    for (const m of item.mentions) {
      const attrs = attributesOf(m.attributes);
      for (const id of Array.isArray(attrs.participantIds) ? attrs.participantIds : []) {
        const p = linkedById.get(id);
        if (p?.canonical) participants.set(p.canonical.id, p.canonical.name);
        else if (p) unlinked.add(p.exact);
      }
      const location = attrs.locationId ? linkedById.get(attrs.locationId) : undefined;
      if (location) locations.add(location.canonical?.name ?? location.exact);
    }
    const documents = new Map<string, TimelineEvent["documents"][number]>();
    for (const m of item.mentions) documents.set(m.documentId, { id: m.documentId, title: m.document.title, publishedOn: m.document.publishedOn });
    const date = row.when;
    return [{
      id: row.id,
      name: row.name,
      description: item.description,
      date: date?.value ?? null,
      dateSource: row.dateSource,
      precision: date?.precision ?? null,
      period: date ? { start: date.start, end: date.end } : null,
      mentionCount: row.mentionCount,
      documentCount: row.documentCount,
      mentionsTruncated: row.mentionCount > item.mentions.length,
      documents: [...documents.values()].sort(byPublication),
      mentions: item.mentions
        .map((m) => ({ annotationId: m.id, documentId: m.documentId, documentTitle: m.document.title, exact: m.exact, date: attributesOf(m.attributes).date ?? null, start: m.start }))
        .sort((a, b) => a.documentTitle.localeCompare(b.documentTitle) || a.start - b.start)
        .map(({ start: _start, ...m }) => m),
      participants: [...participants].map(([id, name]) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name)),
      unlinkedParticipants: [...unlinked].sort(),
      locations: [...locations].sort(),
    }];
  });

  return {
    events: events.filter((e) => e.date !== null),
    undated: events.filter((e) => e.date === null),
    participants: participants.sort((a, b) => a.name.localeCompare(b.name)),
    ...pageOf({ offset, limit }, events.length, ordered.length),
    datedTotal: dated.length,
  };
}
