import "server-only";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { LabelKind } from "@/lib/generated/prisma/enums";
import { isUuid, visibleAnnotations, type ProjectAccess } from "@/lib/server/authz";
import { AppError, notFound } from "@/lib/server/errors";
import { normalizeName } from "@/lib/server/knowledge/normalize-name";

// Shared by the knowledge-base use cases: the item DTO, finding an item inside a project, row
// locks, and mention counts.
//
// Lock order, to stay free of deadlocks: canonical item rows first (sorted by id), then the
// per-document change locks (lockDocumentChanges), as every annotation write takes only the latter.

export const ITEM_SELECT = { id: true, projectId: true, kind: true, name: true, aliases: true, externalIds: true, date: true, description: true, createdAt: true, updatedAt: true } as const;

export type CanonicalItemDto = {
  id: string;
  projectId: string;
  kind: LabelKind;
  name: string;
  aliases: string[];
  /** References into other knowledge bases ("Wikidata:Q42"), from imported files' normalisations. */
  externalIds: string[];
  date: string | null;
  description: string;
  createdAt: Date;
  updatedAt: Date;
};

export type CanonicalItemWithCounts = CanonicalItemDto & { mentionCount: number; documentCount: number };

/** The item, which must belong to the project (404 otherwise, whatever the reason). */
export async function findProjectItem(projectId: string, itemId: string, client: Prisma.TransactionClient = db): Promise<CanonicalItemDto> {
  const item = isUuid(itemId) ? await client.canonicalItem.findFirst({ where: { id: itemId, projectId }, select: ITEM_SELECT }) : null;
  if (!item) throw notFound("Knowledge-base item not found");
  return item;
}

/** Row locks on items of one project, in id order; returns the ids that exist there. */
export async function lockItems(tx: Prisma.TransactionClient, projectId: string, ids: string[], mode: "update" | "share" = "update"): Promise<Set<string>> {
  // A string that is not a UUID names no item; casting it to uuid would fail the whole query.
  const sorted = [...new Set(ids)].filter(isUuid).sort();
  if (sorted.length === 0) return new Set();
  const rows =
    mode === "update"
      ? await tx.$queryRaw<{ id: string }[]>`SELECT id::text FROM "CanonicalItem" WHERE id = ANY(${sorted}::uuid[]) AND "projectId" = ${projectId}::uuid ORDER BY id FOR UPDATE`
      : await tx.$queryRaw<{ id: string }[]>`SELECT id::text FROM "CanonicalItem" WHERE id = ANY(${sorted}::uuid[]) AND "projectId" = ${projectId}::uuid ORDER BY id FOR SHARE`;
  return new Set(rows.map((r) => r.id));
}

/**
 * Aliases as stored: trimmed, without repeats or the item's own name (compared normalized, so
 * "KIM JONG UN" is no alias of "Kim Jong Un"), in the order given.
 */
export function cleanAliases(name: string, aliases: readonly string[]): string[] {
  const seen = new Set([normalizeName(name)]);
  const out: string[] = [];
  for (const alias of aliases) {
    const trimmed = alias.trim();
    const key = normalizeName(trimmed);
    if (!trimmed || seen.has(key)) continue;
    seen.add(key);
    out.push(trimmed);
  }
  return out;
}

/** Live mentions the reader may see and distinct documents per item of the project (items without mentions are absent). */
export async function mentionCounts(access: ProjectAccess, itemIds?: string[]) {
  const groups = await db.annotation.groupBy({
    by: ["canonicalId", "documentId"],
    where: { projectId: access.projectId, deletedAt: null, canonicalId: itemIds ? { in: itemIds } : { not: null }, AND: [visibleAnnotations(access)] },
    _count: { _all: true },
  });
  const counts = new Map<string, { mentionCount: number; documentCount: number }>();
  for (const g of groups) {
    const entry = counts.get(g.canonicalId!) ?? { mentionCount: 0, documentCount: 0 };
    entry.mentionCount += g._count._all;
    entry.documentCount += 1;
    counts.set(g.canonicalId!, entry);
  }
  return counts;
}

export async function withCounts(access: ProjectAccess, item: CanonicalItemDto): Promise<CanonicalItemWithCounts> {
  const counts = (await mentionCounts(access, [item.id])).get(item.id);
  return { ...item, mentionCount: counts?.mentionCount ?? 0, documentCount: counts?.documentCount ?? 0 };
}

/** Refuses a date on anything but an event. */
export function checkDate(kind: LabelKind, date: string | null | undefined) {
  if (date && kind !== "EVENT") throw new AppError("INVALID_INPUT", "Only events have a date.");
}
