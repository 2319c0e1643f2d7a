// What a gold annotation keeps of the annotators' annotations it was curated from: what they all
// agree on. Attributes that link to other annotations (a claim's claimant, an event's location
// and participants) and relations are rewritten to point at gold copies; a link is kept once both
// of its ends are in gold (the caller runs this again when the second end arrives). Pure.

export type GoldSource = { id: string; authorId: string; attributes: unknown; canonicalId: string | null };
export type SourceRelation = { typeId: string; fromId: string; toId: string; authorId: string };
/** Source annotation id → id of the gold annotation it is a source of. */
export type GoldOf = (sourceId: string) => string | undefined;

export const LINK_FIELDS = ["claimantId", "locationId"] as const;
export const LINK_LIST_FIELDS = ["participantIds"] as const;
const isLink = (f: string) => (LINK_FIELDS as readonly string[]).includes(f);
const isLinkList = (f: string) => (LINK_LIST_FIELDS as readonly string[]).includes(f);

const record = (v: unknown): Record<string, unknown> => (v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
const same = (values: unknown[]) => values.every((v) => JSON.stringify(v) === JSON.stringify(values[0]));

/**
 * Each attribute every source has with the same value. A link counts as the same when the linked
 * annotations have the same gold copy; participants are those every source names (by gold copy).
 */
export function agreedAttributes(sources: GoldSource[], goldOf: GoldOf): Record<string, unknown> {
  if (sources.length === 0) return {};
  const attrs = sources.map((s) => record(s.attributes));
  const fields = [...new Set(attrs.flatMap((a) => Object.keys(a)))];
  const out: Record<string, unknown> = {};
  for (const field of fields) {
    if (isLinkList(field)) {
      const lists = attrs.map((a) => (Array.isArray(a[field]) ? (a[field] as unknown[]) : []).map((id) => goldOf(String(id))).filter((g): g is string => !!g));
      const common = [...new Set(lists[0])].filter((g) => lists.every((l) => l.includes(g)));
      if (common.length) out[field] = common;
      continue;
    }
    if (!attrs.every((a) => field in a)) continue;
    const values = attrs.map((a) => (isLink(field) ? goldOf(String(a[field])) : a[field]));
    if (values.every((v) => v !== undefined) && same(values)) out[field] = values[0];
  }
  return out;
}

/** The knowledge-base item every source refers to, or null when they do not all refer to the same one. */
export function agreedCanonicalId(sources: GoldSource[]): string | null {
  const ids = new Set(sources.map((s) => s.canonicalId));
  return ids.size === 1 ? [...ids][0] : null;
}

/**
 * Relations between gold copies. A relation is agreed when every annotator who has annotations
 * behind both ends made it (between their own versions of the two).
 */
export function agreedRelations(relations: SourceRelation[], sourcesOfGold: ReadonlyMap<string, { authorId: string }[]>, goldOf: GoldOf) {
  const byLink = new Map<string, { typeId: string; fromId: string; toId: string; supporters: Set<string> }>();
  for (const r of relations) {
    const fromId = goldOf(r.fromId);
    const toId = goldOf(r.toId);
    if (!fromId || !toId || fromId === toId) continue;
    const key = `${r.typeId}|${fromId}|${toId}`;
    const link = byLink.get(key) ?? { typeId: r.typeId, fromId, toId, supporters: new Set<string>() };
    link.supporters.add(r.authorId);
    byLink.set(key, link);
  }
  return [...byLink.values()]
    .filter((link) => {
      const fromAuthors = new Set((sourcesOfGold.get(link.fromId) ?? []).map((s) => s.authorId));
      const both = (sourcesOfGold.get(link.toId) ?? []).map((s) => s.authorId).filter((a) => fromAuthors.has(a));
      return both.every((a) => link.supporters.has(a));
    })
    .map(({ typeId, fromId, toId }) => ({ typeId, fromId, toId }));
}

/** Attribute names whose values differ between versions (links compared by what they point at). */
export function differingAttributes(versions: Record<string, unknown>[]): string[] {
  const fields = [...new Set(versions.flatMap((v) => Object.keys(v)))];
  return fields.filter((f) => !versions.every((v) => JSON.stringify(v[f]) === JSON.stringify(versions[0][f]))).sort();
}
