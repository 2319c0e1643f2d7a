import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client";
import { AppError } from "@/lib/server/errors";

// The same person tagging the same span with the same label twice is almost always a double click
// or a forgotten earlier tag, and it counts twice in agreement and exports. Unless the project
// allows stacking, the database refuses it — on every path that writes annotations, creates and
// updates alike, and for creates that race (trigger annotation_no_duplicate_tag, migration
// 20261206212000_no_duplicate_tags). Only the author's own live layer counts: the gold layer and
// other annotators' tags of the same span are separate by design.

/** The SQLSTATE the trigger raises; its message is for the person, its DETAIL the existing annotation as JSON. */
export const DUPLICATE_TAG_SQLSTATE = "WB409";

/**
 * For the one-statement create: the check as a condition, so the common refusal writes nothing
 * without an error. It reads the statement's snapshot; the trigger is what holds under a race.
 */
export const duplicateTagSql = (projectAlias: string, document: string, author: string, label: string, start: string, end: string) => `
  (${projectAlias}."allowStackedTags" OR NOT EXISTS (
    SELECT 1 FROM "Annotation" dup
    WHERE dup."documentId" = ${document} AND dup.start = ${start} AND dup."end" = ${end} AND dup."authorId" = ${author}
      AND dup."labelId" = ${label} AND dup."deletedAt" IS NULL AND NOT dup.gold))`;

type Existing = { id: string; label: string; labelId: string; quote: string };
type DatabaseError = { code?: unknown; message?: unknown; detail?: unknown; originalCode?: unknown; originalMessage?: unknown };
type Wrapped = DatabaseError & { meta?: { driverAdapterError?: { cause?: DatabaseError } }; cause?: unknown };

/** The trigger's refusal as PostgreSQL raised it, whether from `pg` directly or wrapped by Prisma's adapter. */
function refusal(error: unknown, depth = 0): { message: string; detail: unknown } | null {
  if (!error || typeof error !== "object" || depth > 4) return null;
  const e = error as Wrapped;
  if (e.code === DUPLICATE_TAG_SQLSTATE && typeof e.message === "string") return { message: e.message, detail: e.detail };
  const adapter = e.meta?.driverAdapterError?.cause;
  if (adapter && (adapter.originalCode === DUPLICATE_TAG_SQLSTATE || adapter.code === DUPLICATE_TAG_SQLSTATE)) {
    const message = typeof adapter.originalMessage === "string" ? adapter.originalMessage : adapter.message;
    if (typeof message === "string") return { message, detail: adapter.detail };
  }
  return refusal(e.cause, depth + 1);
}

/** A 409 naming the existing annotation (id, label, quote) when `error` is the database's refusal of a duplicate tag; else null. */
export function duplicateTagConflict(error: unknown): AppError | null {
  const found = refusal(error);
  if (!found) return null;
  let existing: Existing | undefined;
  try {
    existing = typeof found.detail === "string" ? (JSON.parse(found.detail) as Existing) : undefined;
  } catch {
    existing = undefined;
  }
  return new AppError("CONFLICT", found.message, existing ? { existing } : undefined);
}

/** Rethrows the database's refusal of a duplicate tag as its 409, anything else as it was. */
export function rethrowDuplicateTag(error: unknown): never {
  throw duplicateTagConflict(error) ?? error;
}

/**
 * For writes that put back rows as they were (a project restored from its export, a restored
 * document, an imported author's work re-credited): duplicates already there stay, for the rest
 * of this transaction only.
 */
export function keepStackedTags(tx: Prisma.TransactionClient) {
  return tx.$executeRaw`SELECT set_config('workbench.keep_stacked_tags', 'on', true)`;
}
