import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { LabelKind } from "@/lib/generated/prisma/enums";
import { WORKBENCH_REFERENCE } from "@/lib/formats/brat";
import { uuidv7 } from "@/lib/ids";
import { isUuid } from "@/lib/server/authz";

// Knowledge-base links of imported annotations. Files name what a span refers to in two ways:
// a reference into a knowledge base (brat's N line, "Wikidata:Q42") and an equivalence of spans
// (brat's "*\tEquiv T1 T2"). Spans joined by either, of one kind, form a group that mentions one
// item: the project's item holding one of the group's references as an external id (or, for our
// own export's "workbench:<item id>", that item), else a new item carrying the references, so a
// second file naming the same reference links to the same item. Items are matched by kind: a
// mention links only to an item of its label's kind.


export type LinkCandidate = { id: string; kind: LabelKind; exact: string; references: { id: string; name?: string }[] };
export type LinkGroup = { kind: LabelKind; members: string[]; references: string[]; name: string };
export type LinkProblem = { file: string; message: string };

const MAX_NAME = 300;

/**
 * Groups of annotations (by planned id) that mention one item: joined by a shared reference of the
 * same kind or by an equivalence. `equivalences` are groups of planned ids, with the file they came
 * from; members of different kinds are linked per kind, and the report says so.
 */
export function groupLinks(candidates: LinkCandidate[], equivalences: { file: string; ids: string[] }[]): { groups: LinkGroup[]; problems: LinkProblem[] } {
  const problems: LinkProblem[] = [];
  const byId = new Map(candidates.map((c) => [c.id, c]));
  const parent = new Map<string, string>();
  const find = (id: string): string => {
    let root = id;
    while (parent.get(root) !== root) root = parent.get(root)!;
    for (let at = id; at !== root; ) {
      const next = parent.get(at)!;
      parent.set(at, root);
      at = next;
    }
    return root;
  };
  const union = (a: string, b: string) => {
    const [ra, rb] = [find(a), find(b)];
    if (ra !== rb) parent.set(rb, ra);
  };
  const joined = new Set<string>();
  for (const c of candidates) parent.set(c.id, c.id);
  for (const { file, ids } of equivalences) {
    const members = ids.map((id) => byId.get(id)).filter((c): c is LinkCandidate => !!c);
    const kinds = [...new Set(members.map((m) => m.kind))];
    if (kinds.length > 1) {
      problems.push({ file, message: `an equivalence joins ${members.map((m) => `"${m.exact}"`).join(", ")}, which are of different kinds (${kinds.map((k) => k.toLowerCase()).join(", ")}): each kind is linked to its own knowledge-base item` });
    }
    for (const kind of kinds) {
      const same = members.filter((m) => m.kind === kind);
      if (same.length < 2) continue;
      for (const m of same) joined.add(m.id);
      for (const m of same.slice(1)) union(same[0].id, m.id);
    }
  }
  const holder = new Map<string, string>(); // kind + reference → first annotation holding it
  for (const c of candidates) {
    for (const r of c.references) {
      const key = `${c.kind}\u0000${r.id}`;
      const first = holder.get(key);
      if (first) union(first, c.id);
      else holder.set(key, c.id);
    }
  }
  const components = new Map<string, LinkCandidate[]>();
  for (const c of candidates) {
    if (c.references.length === 0 && !joined.has(c.id)) continue;
    const root = find(c.id);
    const members = components.get(root);
    if (members) members.push(c);
    else components.set(root, [c]);
  }
  const groups = [...components.values()].map((members) => {
    const references = [...new Set(members.flatMap((m) => m.references.map((r) => r.id)))];
    const named = members.flatMap((m) => m.references).find((r) => r.name)?.name;
    return { kind: members[0].kind, members: members.map((m) => m.id), references, name: (named ?? members[0].exact).trim().slice(0, MAX_NAME) || references[0] };
  });
  return { groups, problems };
}

export type LinkPlan = {
  /** Planned annotation id → item id. */
  linkOf: Map<string, string>;
  create: { id: string; kind: LabelKind; name: string; externalIds: string[] }[];
  /** Existing items that get the group's other references as external ids too. */
  addReferences: Map<string, string[]>;
  /** Existing items linked to, to be locked before the links are written. */
  existing: string[];
  problems: LinkProblem[];
};

/** Which item each group links to: an existing one of the project (by external id or our own reference), else a new one. */
export async function resolveLinks(client: Prisma.TransactionClient, projectId: string, groups: LinkGroup[]): Promise<LinkPlan> {
  const plan: LinkPlan = { linkOf: new Map(), create: [], addReferences: new Map(), existing: [], problems: [] };
  if (groups.length === 0) return plan;
  const references = [...new Set(groups.flatMap((g) => g.references))];
  const ownIds = references.filter((r) => r.startsWith(WORKBENCH_REFERENCE)).map((r) => r.slice(WORKBENCH_REFERENCE.length)).filter(isUuid);
  const items = await client.canonicalItem.findMany({
    where: { projectId, OR: [{ externalIds: { hasSome: references } }, ...(ownIds.length ? [{ id: { in: ownIds } }] : [])] },
    select: { id: true, kind: true, name: true, externalIds: true },
    orderBy: { createdAt: "asc" },
  });
  const known = new Map(items.map((i) => [i.id, new Set(i.externalIds)]));
  // Reference (an external id, or our own reference to the item) → the items it names, in the
  // query's order: a group finds its items by lookups, not by scanning every item.
  const named = new Map<string, number[]>();
  items.forEach((item, position) => {
    for (const reference of new Set([...item.externalIds, `${WORKBENCH_REFERENCE}${item.id}`])) {
      const list = named.get(reference);
      if (list) list.push(position);
      else named.set(reference, [position]);
    }
  });
  const existing = new Set<string>();
  for (const group of groups) {
    // The group's items of its kind, by the first of its references that names them, then in the query's order.
    const first = new Map<number, number>(); // item position → index of the first reference naming it
    group.references.forEach((reference, index) => {
      for (const position of named.get(reference) ?? []) if (!first.has(position) && items[position].kind === group.kind) first.set(position, index);
    });
    const matches = [...first].sort(([a, ia], [b, ib]) => ia - ib || a - b).map(([position]) => items[position]);
    let itemId: string;
    if (matches.length === 0) {
      itemId = uuidv7();
      plan.create.push({ id: itemId, kind: group.kind, name: group.name, externalIds: group.references });
    } else {
      itemId = matches[0].id;
      if (matches.length > 1) {
        plan.problems.push({ file: "(knowledge base)", message: `${group.references.join(", ")} name different knowledge-base items (${matches.map((m) => `"${m.name}"`).join(", ")}); the mentions were linked to "${matches[0].name}"` });
      }
      const have = known.get(itemId)!;
      const more = group.references.filter((r) => !have.has(r) && r !== `${WORKBENCH_REFERENCE}${itemId}`);
      if (more.length) {
        for (const r of more) have.add(r);
        const added = plan.addReferences.get(itemId);
        if (added) for (const r of more) added.push(r);
        else plan.addReferences.set(itemId, more);
      }
      if (!existing.has(itemId)) {
        existing.add(itemId);
        plan.existing.push(itemId);
      }
    }
    for (const member of group.members) plan.linkOf.set(member, itemId);
  }
  return plan;
}
