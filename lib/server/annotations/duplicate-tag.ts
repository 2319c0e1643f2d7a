import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client";
import { AppError } from "@/lib/server/errors";

type Span = { documentId: string; authorId: string; labelId: string; start: number; end: number };

/**
 * The same person tagging the same span with the same label twice is almost always a double click
 * or a forgotten earlier tag, and it counts twice in agreement and exports. Unless the project
 * allows stacking, such a create is refused. Only the author's own live layer counts: the gold
 * layer and other annotators' tags of the same span are separate by design.
 */
export const duplicateTagSql = (projectAlias: string, document: string, author: string, label: string, start: string, end: string) => `
  (${projectAlias}."allowStackedTags" OR NOT EXISTS (
    SELECT 1 FROM "Annotation" dup
    WHERE dup."documentId" = ${document} AND dup.start = ${start} AND dup."end" = ${end} AND dup."authorId" = ${author}
      AND dup."labelId" = ${label} AND dup."deletedAt" IS NULL AND NOT dup.gold))`;

/** Throws 409 naming the existing annotation (id, label, quote) when the span is already tagged by the same person. */
export async function refuseDuplicateTag(tx: Prisma.TransactionClient, span: Span): Promise<void> {
  const existing = await tx.annotation.findFirst({
    where: {
      documentId: span.documentId, authorId: span.authorId, labelId: span.labelId, start: span.start, end: span.end, deletedAt: null, gold: false,
      project: { allowStackedTags: false },
    },
    select: { id: true, exact: true, label: { select: { name: true } } },
    orderBy: { createdAt: "asc" },
  });
  if (!existing) return;
  const quote = existing.exact.length > 80 ? `${existing.exact.slice(0, 79)}…` : existing.exact;
  throw new AppError(
    "CONFLICT",
    `You already tagged “${quote}” as ${existing.label.name} (annotation ${existing.id}); this project does not allow the same tag twice on one span.`,
    { existing: { id: existing.id, label: existing.label.name, labelId: span.labelId, quote: existing.exact } },
  );
}
