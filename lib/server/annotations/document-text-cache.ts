import "server-only";
import { LRUCache } from "lru-cache";
import { db } from "@/lib/db";
import { OffsetMap } from "@/lib/anchoring/offsets";
import { AppError } from "@/lib/server/errors";

// A document's text never changes after import, so its offset map can be cached safely; it keeps
// creating annotations on a 1 MB document from re-reading and re-scanning it every time. The
// cache is bounded by bytes, not by count: 50 documents of 5 MB each would hold 500 MB of UTF-16.
// DOCUMENT_TEXT_CACHE_MB sets the bound (default 64 MB); a text larger than the whole bound is
// not cached at all.

/** JavaScript strings hold up to 2 bytes per UTF-16 unit; the map keeps one number per surrogate pair. */
const bytesOf = (map: OffsetMap) => map.utf16Length * 2 + (map.utf16Length - map.codePointLength) * 8 + 64;

const maxBytes = () => Math.max(1, Math.round(Number(process.env.DOCUMENT_TEXT_CACHE_MB ?? 64) * 1024 * 1024)) || 64 * 1024 * 1024;

let cache = newCache(maxBytes());

function newCache(max: number) {
  return new LRUCache<string, OffsetMap>({ maxSize: max, sizeCalculation: bytesOf });
}

function remember(documentId: string, text: string): OffsetMap {
  const map = new OffsetMap(text);
  cache.set(documentId, map);
  return map;
}

/** The offset map of a document the caller has already been given access to (a resolved DocumentAccess). */
export async function documentOffsetMap(documentId: string): Promise<OffsetMap> {
  const hit = cache.get(documentId);
  if (hit) return hit;
  const { text } = await db.document.findUniqueOrThrow({ where: { id: documentId }, select: { text: true } });
  return remember(documentId, text);
}

/**
 * The same for a caller whose access is not checked yet (a one-statement write that checks it in
 * its SQL): on a miss the text is read only if `userId` is a member of the document's project, so
 * a stranger guessing ids cannot fill the cache. (A hit needs no check: the map is only used to
 * validate the span, and the statement that follows refuses a non-member.) NOT_FOUND otherwise.
 */
export async function memberDocumentOffsetMap(documentId: string, userId: string): Promise<OffsetMap> {
  const hit = cache.get(documentId);
  if (hit) return hit;
  const document = await db.document.findFirst({ where: { id: documentId, deletedAt: null, project: { members: { some: { userId } } } }, select: { text: true } });
  if (!document) throw new AppError("NOT_FOUND", "Document not found");
  return remember(documentId, document.text);
}

/** For tests: which documents are cached and how many bytes they take; `resize` starts an empty cache of that many bytes. */
export const documentTextCache = {
  has: (documentId: string) => cache.has(documentId),
  stats: () => ({ entries: cache.size, bytes: cache.calculatedSize, maxBytes: cache.maxSize }),
  resize(max = maxBytes()) {
    cache = newCache(max);
  },
};
