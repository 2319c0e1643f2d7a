import "server-only";
import type { ProjectAccess } from "@/lib/server/authz";
import { db } from "@/lib/db";
import { uuidv7 } from "@/lib/ids";
import { sqlPool } from "@/lib/server/db/sql-pool";
import { NameMatcher } from "@/lib/server/knowledge/find-name-occurrences";
import { normalizeName } from "@/lib/server/knowledge/normalize-name";
import { runInSlices } from "@/lib/run-in-slices";
import { selectSuggestions } from "@/lib/server/knowledge/select-suggestions";

const DOCUMENT_BATCH = 20;
/** Rows per INSERT: each statement is one round trip with seven array parameters. */
const INSERT_BATCH = 10_000;

type SuggestionRow = { projectId: string; documentId: string; canonicalId: string; start: number; end: number; exact: string };

/**
 * One INSERT … SELECT FROM unnest(arrays) per 10,000 rows. Prisma's createMany builds and checks
 * every row in JavaScript on the server's one thread: 40,000 suggestions took 75 s of it.
 * Rows already suggested (same document, item and span) are skipped, as before.
 */
async function insertSuggestions(rows: SuggestionRow[]): Promise<number> {
  let inserted = 0;
  for (let i = 0; i < rows.length; i += INSERT_BATCH) {
    const batch = rows.slice(i, i + INSERT_BATCH);
    const result = await sqlPool().query(
      `INSERT INTO "Suggestion" (id, "projectId", "documentId", "canonicalId", start, "end", exact)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::uuid[], $5::int[], $6::int[], $7::text[])
       ON CONFLICT ("documentId", "canonicalId", start, "end") DO NOTHING`,
      [
        batch.map(() => uuidv7()),
        batch.map((r) => r.projectId),
        batch.map((r) => r.documentId),
        batch.map((r) => r.canonicalId),
        batch.map((r) => r.start),
        batch.map((r) => r.end),
        batch.map((r) => r.exact),
      ],
    );
    inserted += result.rowCount ?? 0;
  }
  return inserted;
}

export type SuggestMentionsResult = { documents: number; created: number };

/**
 * Offers the places where known canonical entities are named — by their name or an alias, as
 * whole words, ignoring case and diacritics — as OPEN suggestions in the given documents of the
 * project (default: all of them). Skipped: spans already covered by a live annotation linked to
 * that entity that every annotator sees (any, when the project shares; gold, when annotators see
 * gold; else none), and a match inside a longer match of the same entity ("Putin" within "Vladimir
 * Putin"). A span suggested before is not suggested again, whatever was decided about it. Call it
 * after importing documents, or after adding entities or aliases; running it twice adds nothing.
 * Offsets are Unicode code points into the canonical text, end exclusive.
 */
export async function suggestMentions(access: ProjectAccess, documentIds?: string[]): Promise<SuggestMentionsResult> {
  const { projectId } = access;
  const items = await db.canonicalItem.findMany({ where: { projectId, kind: "ENTITY" }, select: { id: true, name: true, aliases: true } });
  const ids = await db.document.findMany({
    where: { projectId, deletedAt: null, ...(documentIds ? { id: { in: documentIds } } : {}) },
    orderBy: { id: "asc" },
    select: { id: true },
  });
  if (items.length === 0 || ids.length === 0) return { documents: ids.length, created: 0 };

  // Every distinct folded name, with the items that go by it (two people may share a name).
  const itemsByName = new Map<string, Set<string>>();
  const names: string[] = [];
  for (const item of items) {
    for (const name of [item.name, ...item.aliases]) {
      const key = normalizeName(name);
      if (!itemsByName.has(key)) {
        itemsByName.set(key, new Set());
        names.push(name);
      }
      itemsByName.get(key)!.add(item.id);
    }
  }
  const itemIds = items.map((i) => i.id);
  // In slices (run-in-slices.ts): this runs in a request too (the knowledge page's "find mentions", a run of the
  // knowledge-base recommender), where a long document's matching must not hold everyone else's requests.
  const matcher = await runInSlices(NameMatcher.build(names));
  // A span is left unsuggested only when every annotator sees the linked mention covering it:
  // under independent annotation, one annotator's link must not take the suggestion from another
  // (who would then learn it is there). Who sees what is decided when listing, per person.
  const project = await db.project.findUniqueOrThrow({ where: { id: projectId }, select: { annotatorsSee: true, annotatorsSeeGold: true } });
  const seenByAll = project.annotatorsSee === "EVERYONE" ? {} : project.annotatorsSeeGold ? { gold: true } : null;

  let created = 0;
  for (let i = 0; i < ids.length; i += DOCUMENT_BATCH) {
    const batch = ids.slice(i, i + DOCUMENT_BATCH).map((d) => d.id);
    const [documents, linked] = await Promise.all([
      db.document.findMany({ where: { id: { in: batch } }, select: { id: true, text: true } }),
      seenByAll
        ? db.annotation.findMany({
            where: { documentId: { in: batch }, deletedAt: null, canonicalId: { in: itemIds }, ...seenByAll },
            select: { documentId: true, canonicalId: true, start: true, end: true },
          })
        : [],
    ]);
    const linkedByDocument = new Map<string, { canonicalId: string; start: number; end: number }[]>();
    for (const a of linked) {
      if (!a.canonicalId) continue;
      const list = linkedByDocument.get(a.documentId) ?? [];
      list.push({ canonicalId: a.canonicalId, start: a.start, end: a.end });
      linkedByDocument.set(a.documentId, list);
    }
    const rows: SuggestionRow[] = [];
    for (const document of documents) {
      const occurrences = await runInSlices(matcher.findSteps(document.text));
      const covered = linkedByDocument.get(document.id) ?? [];
      for (const suggestion of selectSuggestions(occurrences, itemsByName, covered)) rows.push({ projectId, documentId: document.id, ...suggestion });
    }
    created += await insertSuggestions(rows);
  }
  return { documents: ids.length, created };
}
