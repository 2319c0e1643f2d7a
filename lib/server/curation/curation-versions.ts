import "server-only";
import { db } from "@/lib/db";
import type { AnnotationVersion } from "@/lib/curation/curation-state";
import { LINK_FIELDS, LINK_LIST_FIELDS } from "@/lib/curation/gold-copy";

/** Every annotator's live annotation in the document as a curator compares it, by id. */
export async function annotationVersions(documentId: string): Promise<Record<string, AnnotationVersion>> {
  const [annotations, relations] = await Promise.all([
    db.annotation.findMany({
      where: { documentId, deletedAt: null, gold: false },
      select: { id: true, authorId: true, exact: true, attributes: true, note: true, label: { select: { name: true } }, canonical: { select: { id: true, name: true } } },
    }),
    db.relation.findMany({
      where: { documentId, deletedAt: null, from: { deletedAt: null, gold: false }, to: { deletedAt: null, gold: false } },
      select: { fromId: true, toId: true, type: { select: { name: true } } },
    }),
  ]);
  const byId = new Map(annotations.map((a) => [a.id, a]));
  const show = (id: unknown) => {
    const a = byId.get(String(id));
    return a ? `“${a.exact}” ${a.label.name}` : "(deleted annotation)";
  };
  const versions: Record<string, AnnotationVersion> = {};
  for (const a of annotations) {
    const attributes: Record<string, string> = {};
    for (const [field, value] of Object.entries((a.attributes ?? {}) as Record<string, unknown>)) {
      if ((LINK_FIELDS as readonly string[]).includes(field)) attributes[field] = show(value);
      else if ((LINK_LIST_FIELDS as readonly string[]).includes(field)) attributes[field] = (Array.isArray(value) ? value : []).map(show).sort().join(", ");
      else attributes[field] = typeof value === "string" ? value : JSON.stringify(value);
    }
    versions[a.id] = { id: a.id, authorId: a.authorId, attributes, canonical: a.canonical, relations: [], note: a.note };
  }
  for (const r of relations) {
    versions[r.fromId]?.relations.push(`${r.type.name} → ${show(r.toId)}`);
    versions[r.toId]?.relations.push(`${show(r.fromId)} ${r.type.name} →`);
  }
  for (const v of Object.values(versions)) v.relations.sort();
  return versions;
}
