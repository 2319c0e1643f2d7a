import "server-only";
import { db } from "@/lib/db";
import { OffsetMap } from "@/lib/anchoring/offsets";

// A document's text never changes after import, so its offset map can be cached safely; a
// small LRU keeps creating annotations on a 1 MB document from re-scanning it every time.
const MAX_ENTRIES = 50;
const cache = new Map<string, OffsetMap>();

export async function documentOffsetMap(documentId: string): Promise<OffsetMap> {
  const hit = cache.get(documentId);
  if (hit) {
    cache.delete(documentId);
    cache.set(documentId, hit);
    return hit;
  }
  const { text } = await db.document.findUniqueOrThrow({ where: { id: documentId }, select: { text: true } });
  const map = new OffsetMap(text);
  cache.set(documentId, map);
  if (cache.size > MAX_ENTRIES) cache.delete(cache.keys().next().value!);
  return map;
}
