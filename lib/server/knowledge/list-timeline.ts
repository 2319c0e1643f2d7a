import "server-only";
import { visibleAnnotations, type ProjectAccess } from "@/lib/server/authz";
import { db } from "@/lib/db";
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

/**
 * The canonical events of the project in time order (by start of period; at the same start the
 * coarser date first: 2019 < 2019-04 < 2019-04-25), then the undated ones by name. With
 * `participant`, only events one of whose mentions has that canonical entity as a participant.
 * `participants` lists every canonical entity that takes part in some event, for a filter.
 */
export async function listTimeline(access: ProjectAccess, { participant }: { participant?: string } = {}) {
  const { projectId } = access;
  const items = await db.canonicalItem.findMany({
    where: { projectId, kind: "EVENT" },
    orderBy: [{ name: "asc" }, { id: "asc" }],
    select: {
      id: true, name: true, description: true, date: true,
      mentions: {
        where: { deletedAt: null, AND: [visibleAnnotations(access)] },
        select: { id: true, documentId: true, exact: true, start: true, attributes: true, document: { select: { title: true, publishedOn: true } } },
      },
    },
  });
  const attributesOf = (a: unknown) => (a ?? {}) as EventAttributes;
  const linkedIds = items.flatMap((i) => i.mentions.flatMap((m) => {
    const attrs = attributesOf(m.attributes);
    return [...(attrs.participantIds ?? []), ...(attrs.locationId ? [attrs.locationId] : [])];
  }));
  const linked = linkedIds.length
    ? await db.annotation.findMany({
        where: { id: { in: [...new Set(linkedIds)] }, projectId, deletedAt: null, AND: [visibleAnnotations(access)] },
        select: { id: true, exact: true, canonical: { select: { id: true, name: true } } },
      })
    : [];
  const linkedById = new Map(linked.map((a) => [a.id, a]));

  const allParticipants = new Map<string, string>();
  const events: TimelineEvent[] = items.map((item) => {
    const participants = new Map<string, string>();
    const unlinked = new Set<string>();
    const locations = new Set<string>();
    for (const m of item.mentions) {
      const attrs = attributesOf(m.attributes);
      for (const id of attrs.participantIds ?? []) {
        const p = linkedById.get(id);
        if (p?.canonical) participants.set(p.canonical.id, p.canonical.name);
        else if (p) unlinked.add(p.exact);
      }
      const location = attrs.locationId ? linkedById.get(attrs.locationId) : undefined;
      if (location) locations.add(location.canonical?.name ?? location.exact);
    }
    for (const [id, name] of participants) allParticipants.set(id, name);
    const fromItem = parsePartialDate(item.date);
    const fromMentions = fromItem ? null : earliestDate(item.mentions.map((m) => attributesOf(m.attributes).date));
    const fromReports = fromItem || fromMentions ? null : earliestDate(item.mentions.map((m) => m.document.publishedOn ?? undefined));
    const date = fromItem ?? fromMentions ?? fromReports;
    const documents = new Map<string, TimelineEvent["documents"][number]>();
    for (const m of item.mentions) documents.set(m.documentId, { id: m.documentId, title: m.document.title, publishedOn: m.document.publishedOn });
    return {
      id: item.id,
      name: item.name,
      description: item.description,
      date: date?.value ?? null,
      dateSource: fromItem ? "item" : fromMentions ? "mentions" : fromReports ? "reports" : null,
      precision: date?.precision ?? null,
      period: date ? { start: date.start, end: date.end } : null,
      mentionCount: item.mentions.length,
      documents: [...documents.values()].sort(byPublication),
      mentions: item.mentions
        .map((m) => ({ annotationId: m.id, documentId: m.documentId, documentTitle: m.document.title, exact: m.exact, date: attributesOf(m.attributes).date ?? null, start: m.start }))
        .sort((a, b) => a.documentTitle.localeCompare(b.documentTitle) || a.start - b.start)
        .map(({ start: _start, ...m }) => m),
      participants: [...participants].map(([id, name]) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name)),
      unlinkedParticipants: [...unlinked].sort(),
      locations: [...locations].sort(),
    };
  });

  const shown = participant ? events.filter((e) => e.participants.some((p) => p.id === participant)) : events;
  const dated = shown
    .filter((e) => e.date !== null)
    .sort((a, b) => comparePartialDates(parsePartialDate(a.date)!, parsePartialDate(b.date)!) || a.name.localeCompare(b.name));
  return {
    events: dated,
    undated: shown.filter((e) => e.date === null),
    participants: [...allParticipants].map(([id, name]) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name)),
  };
}
