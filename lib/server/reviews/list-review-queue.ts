import "server-only";
import { visibleAnnotations, type ProjectAccess } from "@/lib/server/authz";
import { z } from "zod";
import { db } from "@/lib/db";

export const reviewQueueQuery = z.object({
  state: z.enum(["PENDING", "ACCEPTED", "REJECTED", "ALL"]).default("PENDING"),
  documentId: z.uuid().optional(),
  labelId: z.uuid().optional(),
  authorId: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(300),
});

/** Live annotations of a project (those the reader may see) for review, in document and text order, with their latest verdict. */
export async function listReviewQueue(access: ProjectAccess, query: z.infer<typeof reviewQueueQuery>) {
  const { projectId } = access;
  const rows = await db.annotation.findMany({
    where: {
      projectId,
      deletedAt: null,
      gold: false,
      AND: [visibleAnnotations(access)],
      ...(query.state !== "ALL" ? { reviewState: query.state } : {}),
      ...(query.documentId ? { documentId: query.documentId } : {}),
      ...(query.labelId ? { labelId: query.labelId } : {}),
      ...(query.authorId ? { authorId: query.authorId } : {}),
    },
    orderBy: [{ document: { createdAt: "asc" } }, { documentId: "asc" }, { start: "asc" }],
    take: query.limit,
    select: {
      id: true, documentId: true, start: true, end: true, exact: true, prefix: true, suffix: true, version: true, reviewState: true,
      document: { select: { title: true } },
      label: { select: { id: true, name: true, kind: true, color: true } },
      author: { select: { id: true, name: true } },
      reviews: { orderBy: { updatedAt: "desc" }, take: 1, select: { decision: true, comment: true, reviewer: { select: { name: true } } } },
    },
  });
  return rows.map(({ reviews, document, ...a }) => ({ ...a, documentTitle: document.title, latestReview: reviews[0] ?? null }));
}

export type ReviewQueueItem = Awaited<ReturnType<typeof listReviewQueue>>[number];
