import "server-only";
import { visibleAnnotations, type ProjectAccess } from "@/lib/server/authz";
import { z } from "zod";
import { db } from "@/lib/db";
import { linkedIds, showAttributes } from "@/lib/labels/attribute-fields";

export const reviewQueueQuery = z.object({
  state: z.enum(["PENDING", "ACCEPTED", "REJECTED", "ALL"]).default("PENDING"),
  documentId: z.uuid().optional(),
  labelId: z.uuid().optional(),
  authorId: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});

const END = { select: { id: true, exact: true, label: { select: { name: true } } } } as const;

/**
 * One page of a project's live annotations for review, in document and text order, with
 * everything a verdict is about: label, quote in context, attributes by name, relations both
 * ways (with the other end's quote and label), the knowledge-base item, the note, the latest
 * verdict. Only what the reader may see (lib/server/authz.ts). A fixed number of queries per page: the page (Prisma fetches each relation of the
 * select in one more query for the whole page) and one for the quotes the attributes link to.
 */
export async function listReviewQueue(access: ProjectAccess, query: z.input<typeof reviewQueueQuery>) {
  const { state, documentId, labelId, authorId, limit, offset } = reviewQueueQuery.parse(query);
  const { projectId } = access;
  // The other end of a relation and an attribute's linked annotation are shown only when the reader
  // may see them too: under blind annotation a curator's link must not show another's quote.
  const seen = { deletedAt: null, AND: [visibleAnnotations(access)] };
  const rows = await db.annotation.findMany({
    where: {
      projectId,
      deletedAt: null,
      gold: false,
      AND: [visibleAnnotations(access)],
      ...(state !== "ALL" ? { reviewState: state } : {}),
      ...(documentId ? { documentId } : {}),
      ...(labelId ? { labelId } : {}),
      ...(authorId ? { authorId } : {}),
    },
    orderBy: [{ document: { createdAt: "asc" } }, { documentId: "asc" }, { start: "asc" }, { id: "asc" }],
    skip: offset,
    // One more than the page, to know whether another page follows.
    take: limit + 1,
    select: {
      id: true, documentId: true, start: true, end: true, exact: true, prefix: true, suffix: true, version: true, reviewState: true,
      attributes: true, note: true,
      document: { select: { title: true } },
      label: { select: { id: true, name: true, kind: true, color: true } },
      author: { select: { id: true, name: true } },
      canonical: { select: { id: true, name: true, kind: true } },
      relationsFrom: { where: { deletedAt: null, to: seen }, select: { id: true, type: { select: { name: true } }, to: END } },
      relationsTo: { where: { deletedAt: null, from: seen }, select: { id: true, type: { select: { name: true } }, from: END } },
      reviews: { orderBy: { updatedAt: "desc" }, take: 1, select: { decision: true, comment: true, reviewer: { select: { name: true } } } },
    },
  });
  const page = rows.slice(0, limit);
  const attrs = (a: { attributes: unknown }) => (a.attributes ?? {}) as Record<string, unknown>;
  const linkIds = [...new Set(page.flatMap((a) => linkedIds(a.label.kind, attrs(a))))];
  const linked = linkIds.length
    ? await db.annotation.findMany({ where: { id: { in: linkIds }, projectId, ...seen }, select: { id: true, exact: true } })
    : [];
  const quoteOf = new Map(linked.map((l) => [l.id, l.exact]));
  const items = page.map(({ reviews, document, relationsFrom, relationsTo, attributes, ...a }) => ({
    ...a,
    documentTitle: document.title,
    attributes: showAttributes(a.label.kind, attrs({ attributes }), (id) => quoteOf.get(id)),
    relations: [
      ...relationsFrom.map((r) => ({ id: r.id, type: r.type.name, direction: "out" as const, other: { id: r.to.id, exact: r.to.exact, label: r.to.label.name } })),
      ...relationsTo.map((r) => ({ id: r.id, type: r.type.name, direction: "in" as const, other: { id: r.from.id, exact: r.from.exact, label: r.from.label.name } })),
    ],
    latestReview: reviews[0] ?? null,
  }));
  return { items, nextOffset: rows.length > limit ? offset + limit : null };
}

export type ReviewQueueItem = Awaited<ReturnType<typeof listReviewQueue>>["items"][number];
