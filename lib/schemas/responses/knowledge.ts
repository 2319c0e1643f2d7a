import { z } from "zod";
import { count, isoDateTime, kindSchema, pageFields, personRef } from "@/lib/schemas/responses/common";

export const canonicalItem = z
  .object({
    id: z.string(),
    projectId: z.string(),
    kind: kindSchema,
    name: z.string(),
    aliases: z.array(z.string()),
    date: z.string().nullable(),
    description: z.string(),
    createdAt: isoDateTime,
    updatedAt: isoDateTime,
    mentionCount: count,
    documentCount: count,
  })
  .meta({ id: "KnowledgeItem" });
export const canonicalItemList = z.object({ items: z.array(canonicalItem) });
const documentRef = z.object({ id: z.string(), title: z.string(), publishedOn: z.string().nullable() });
export const canonicalItemView = z.object({
  item: canonicalItem,
  mentions: z.array(
    z.object({
      annotationId: z.string(),
      documentId: z.string(),
      documentTitle: z.string(),
      publishedOn: z.string().nullable(),
      start: z.number().int(),
      end: z.number().int(),
      prefix: z.string(),
      exact: z.string(),
      suffix: z.string(),
      author: personRef,
      label: z.object({ id: z.string(), name: z.string(), color: z.string() }),
      gold: z.boolean(),
      attributes: z.record(z.string(), z.unknown()),
    }),
  ),
  documents: z.array(documentRef.extend({ mentionCount: count })).meta({ description: "The first 200 documents by publication date; item.documentCount says how many there are" }),
  openSuggestions: count,
  ...pageFields,
});
export const canonicalItemDeleted = z.object({ id: z.string(), unlinked: count });
export const canonicalItemsMerged = z.object({ item: canonicalItem, merged: z.array(z.string()), moved: count });
export const canonicalItemSplit = z.object({ item: canonicalItem, from: canonicalItem, moved: count });
export const candidates = z.object({
  candidates: z.array(
    canonicalItem.extend({
      match: z.enum(["exact", "near", "partial"]),
      score: z.number(),
      matchedOn: z.object({ field: z.enum(["name", "alias", "mention"]), text: z.string() }),
    }),
  ),
  complete: z.boolean().meta({ description: "false when the bounded near-match search stopped early" }),
});
export const mentionsSuggested = z.object({ documents: count, created: count });

export const claims = z.object({
  claims: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      description: z.string(),
      mentionCount: count,
      documentCount: count,
      firstSeen: z.string().nullable(),
      lastSeen: z.string().nullable(),
      wordings: z.array(z.object({ text: z.string(), mentionCount: count, documentCount: count })),
      claimants: z.array(z.object({ name: z.string(), canonicalId: z.string().nullable(), mentionCount: count })),
      documents: z.array(documentRef.extend({ mentionCount: count })),
      stances: z.record(z.string(), count),
      mentions: z.array(z.object({ annotationId: z.string(), documentId: z.string(), exact: z.string() })),
      mentionsTruncated: z.boolean().meta({ description: "More than 100 mentions: mentions, wordings, claimants, stances and documents cover the first 100; the counts and dates cover all" }),
    }),
  ),
  ...pageFields,
});

const timelineEvent = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  date: z.string().nullable(),
  dateSource: z.enum(["mentions", "item", "reports"]).nullable(),
  precision: z.enum(["year", "month", "day"]).nullable(),
  period: z.object({ start: z.string(), end: z.string() }).nullable(),
  mentionCount: count,
  documentCount: count,
  mentionsTruncated: z.boolean().meta({ description: "More than 50 mentions: mentions, participants, locations and documents cover the first 50; the counts and the date cover all" }),
  documents: z.array(documentRef),
  mentions: z.array(z.object({ annotationId: z.string(), documentId: z.string(), documentTitle: z.string(), exact: z.string(), date: z.string().nullable() })),
  participants: z.array(z.object({ id: z.string(), name: z.string() })),
  unlinkedParticipants: z.array(z.string()),
  locations: z.array(z.string()),
});
export const timeline = z.object({
  events: z.array(timelineEvent).meta({ description: "This page's dated events, in time order" }),
  undated: z.array(timelineEvent).meta({ description: "This page's undated events (they follow every dated one)" }),
  participants: z.array(z.object({ id: z.string(), name: z.string() })),
  ...pageFields,
  datedTotal: count.meta({ description: "Dated events over all pages" }),
});
