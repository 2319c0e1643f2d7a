import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client";
import { agreedAttributes, agreedCanonicalId, agreedRelations, LINK_FIELDS, LINK_LIST_FIELDS, type GoldOf } from "@/lib/curation/gold-copy";
import { uuidv7 } from "@/lib/ids";
import { ATTRIBUTE_SCHEMAS } from "@/lib/schemas/annotation";
import { ANNOTATION_SELECT } from "@/lib/server/annotations/annotation-dto";
import { recordHistory } from "@/lib/server/annotations/history";
import { bumpSeq, notifyAnnotationChange } from "@/lib/server/annotations/notify";

// A gold annotation keeps what its sources agree on (lib/curation/gold-copy.ts), with links to
// other annotations pointing at their gold copies. Runs inside the transaction that creates the
// gold annotation, after the document's changes are locked.

type Kind = keyof typeof ATTRIBUTE_SCHEMAS;

/** Only the fields the label's kind has: an edited version may change an event into an entity. */
function forKind(kind: Kind, attributes: Record<string, unknown>) {
  const shape = ATTRIBUTE_SCHEMAS[kind].shape as Record<string, unknown>;
  const kept = Object.fromEntries(Object.entries(attributes).filter(([f]) => f in shape));
  const parsed = ATTRIBUTE_SCHEMAS[kind].safeParse(kept);
  return parsed.success ? (parsed.data as Record<string, unknown>) : {};
}

async function documentLayers(tx: Prisma.TransactionClient, documentId: string) {
  const [annotations, relations] = await Promise.all([
    tx.annotation.findMany({
      where: { documentId, deletedAt: null },
      select: { id: true, authorId: true, attributes: true, canonicalId: true, gold: true, goldSources: true, label: { select: { kind: true } }, canonical: { select: { kind: true } } },
    }),
    tx.relation.findMany({ where: { documentId, deletedAt: null }, select: { typeId: true, fromId: true, toId: true, authorId: true, type: { select: { fromKind: true, toKind: true } } } }),
  ]);
  return { annotations, relations };
}

/** What a new gold annotation with these sources starts with: agreed attributes and knowledge-base link. */
export async function goldCopyOf(tx: Prisma.TransactionClient, documentId: string, gold: { id: string; kind: Kind; sources: string[] }) {
  const { annotations } = await documentLayers(tx, documentId);
  const goldOf = goldMap(annotations, gold);
  const sources = annotations.filter((a) => !a.gold && gold.sources.includes(a.id));
  const canonicalId = agreedCanonicalId(sources);
  const canonicalKind = sources.find((s) => s.canonicalId === canonicalId)?.canonical?.kind;
  return {
    attributes: forKind(gold.kind, agreedAttributes(sources, goldOf)),
    canonicalId: canonicalId && canonicalKind === gold.kind ? canonicalId : null,
  };
}

function goldMap(annotations: { id: string; gold: boolean; goldSources: string[] }[], extra?: { id: string; sources: string[] }): GoldOf {
  const map = new Map<string, string>();
  for (const g of annotations) if (g.gold) for (const s of g.goldSources) if (!map.has(s)) map.set(s, g.id);
  if (extra) for (const s of extra.sources) if (!map.has(s)) map.set(s, extra.id);
  return (id) => map.get(id);
}

/**
 * After `goldId` arrived in gold: links of other gold annotations whose sources point at its
 * sources are filled in, and relations the annotators agree on between gold copies are created.
 * Nothing already there is changed, so a curator's later edits to gold stand (links to deleted
 * annotations excepted).
 */
export async function followReferences(tx: Prisma.TransactionClient, documentId: string, projectId: string, curatorId: string, goldId: string) {
  const { annotations, relations } = await documentLayers(tx, documentId);
  const goldOf = goldMap(annotations);
  const byId = new Map(annotations.map((a) => [a.id, a]));
  const golds = annotations.filter((a) => a.gold);
  for (const other of golds) {
    if (other.id === goldId) continue;
    const sources = other.goldSources.map((id) => byId.get(id)).filter((a) => !!a && !a.gold) as typeof annotations;
    const agreed = forKind(other.label.kind, agreedAttributes(sources, goldOf));
    const current = { ...((other.attributes ?? {}) as Record<string, unknown>) };
    let changed = false;
    // A link to an annotation deleted since (a gold copy the curator deleted and is now taking
    // again) is no link: it is filled in like a missing one, not kept pointing at the tombstone.
    const live = (id: unknown) => byId.has(String(id));
    for (const f of LINK_FIELDS) {
      if ((!(f in current) || !live(current[f])) && agreed[f] === goldId) {
        current[f] = goldId;
        changed = true;
      }
    }
    for (const f of LINK_LIST_FIELDS) {
      const list = Array.isArray(current[f]) ? (current[f] as string[]) : [];
      if ((agreed[f] as string[] | undefined)?.includes(goldId) && !list.includes(goldId)) {
        current[f] = [...list.filter(live), goldId];
        changed = true;
      }
    }
    if (!changed) continue;
    const before = await tx.annotation.findUniqueOrThrow({ where: { id: other.id }, select: ANNOTATION_SELECT });
    const after = await tx.annotation.update({ where: { id: other.id }, data: { attributes: current as Prisma.InputJsonObject, version: { increment: 1 } }, select: ANNOTATION_SELECT });
    await bumpSeq(tx, other.id);
    await recordHistory(tx, { annotationId: other.id, actorId: curatorId, action: "UPDATE", version: after.version, before, after });
    await notifyAnnotationChange(tx, documentId, other.id);
  }

  const sourcesOfGold = new Map(golds.map((g) => [g.id, g.goldSources.map((id) => byId.get(id)).filter((a) => !!a && !a.gold).map((a) => ({ authorId: a!.authorId }))]));
  const kindOf = (id: string) => byId.get(id)?.label.kind;
  const typeKinds = new Map(relations.map((r) => [r.typeId, r.type]));
  const existing = new Set(relations.map((r) => `${r.typeId}|${r.fromId}|${r.toId}`));
  for (const link of agreedRelations(relations, sourcesOfGold, goldOf)) {
    if (link.fromId !== goldId && link.toId !== goldId) continue;
    const type = typeKinds.get(link.typeId)!;
    if (existing.has(`${link.typeId}|${link.fromId}|${link.toId}`) || type.fromKind !== kindOf(link.fromId) || type.toKind !== kindOf(link.toId)) continue;
    await tx.relation.create({ data: { id: uuidv7(), projectId, documentId, typeId: link.typeId, fromId: link.fromId, toId: link.toId, authorId: curatorId } });
  }
}
