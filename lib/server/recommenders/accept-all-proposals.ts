import "server-only";
import type { z } from "zod";
import { checkSpan, quoteOf } from "@/lib/anchoring/offsets";
import { db } from "@/lib/db";
import { uuidv7 } from "@/lib/ids";
import type { acceptAllProposalsSchema } from "@/lib/schemas/recommenders";
import { annotationColumns, historySnapshotSql, isForeignKeyViolation, lockDocumentSql, notifySql } from "@/lib/server/annotations/annotation-sql";
import { documentOffsetMap } from "@/lib/server/annotations/document-text-cache";
import { attributeKinds } from "@/lib/server/annotations/validate-annotation";
import { authorize, callerOf, sqlScope, type DocumentAccess } from "@/lib/server/authz";
import { sqlPool } from "@/lib/server/db/sql-pool";
import { AppError } from "@/lib/server/errors";
import { listDocumentSuggestions } from "@/lib/server/knowledge/list-document-suggestions";
import { listDocumentProposals } from "@/lib/server/recommenders/list-document-proposals";

/** At most this many proposals are accepted by one "accept all". */
export const MAX_ACCEPT_ALL = 2_000;

export type AcceptedAll = {
  accepted: { labelId: string; start: number; end: number; annotationId: string; /** A knowledge-base suggestion's id; null for other recommenders' proposals. */ suggestionId: string | null }[];
};

// The whole "accept all" in one statement, the way create-annotation's one-statement path checks
// one annotation, but over arrays (INSERT … SELECT FROM unnest, as the annotation-set import
// does): creating them one by one took a round trip and a transaction each. In order: the caller's
// membership in a role allowed to annotate ($3) and the token's projects ($4) on the live
// document, whose change lock it takes; the claim of each decision — a ProposalDecision for a
// recommender's proposal, a SuggestionDecision for a knowledge-base suggestion ($18) — (one another
// request decided meanwhile is left out by the unique key); for each claimed one the annotation
// — label of this project, of a kind that takes no attributes ($16) for a proposal and of its
// item's kind for a suggestion, which also links it to the item ($19) with the item's name as
// canonical name ($20) —, its CREATE history entry, and one live notice for the document
// (listeners catch up by change sequence, so one wakes them for all). The decisions point at
// annotations inserted by the same statement: foreign keys are checked at its end.
const ACCEPT_ALL_SQL = `
WITH target AS MATERIALIZED (
  SELECT d.id AS "documentId", d."projectId", ${lockDocumentSql("d.id")} AS locked
  FROM "Document" d
  JOIN "Membership" m ON m."projectId" = d."projectId" AND m."userId" = $2::uuid AND m.role = ANY($3::"Role"[])
  WHERE d.id = $1::uuid AND d."deletedAt" IS NULL AND ($4::uuid[] IS NULL OR d."projectId" = ANY($4::uuid[]))
), input AS (
  SELECT i.* FROM target t
  CROSS JOIN unnest($5::uuid[], $6::uuid[], $7::uuid[], $8::uuid[], $9::int[], $10::int[], $11::text[], $12::text[], $13::text[], $14::uuid[], $15::float8[], $18::uuid[], $19::uuid[], $20::text[])
    AS i("decisionId", "annotationId", "historyId", "labelId", s, e, exact, prefix, suffix, "recommenderId", score, "suggestionId", "canonicalId", "canonicalName")
  JOIN "Label" l ON l.id = i."labelId" AND l."projectId" = t."projectId"
  LEFT JOIN "CanonicalItem" ci ON ci.id = i."canonicalId" AND ci."projectId" = t."projectId"
  LEFT JOIN "Suggestion" sg ON sg.id = i."suggestionId" AND sg."documentId" = t."documentId" AND sg."canonicalId" = ci.id AND sg.start = i.s AND sg."end" = i.e
  WHERE CASE WHEN i."suggestionId" IS NULL THEN l.kind = ANY($16::"LabelKind"[]) ELSE sg.id IS NOT NULL AND ci.kind = l.kind END
), claimed AS (
  INSERT INTO "ProposalDecision" (id, "documentId", "userId", "labelId", start, "end", exact, verdict, "recommenderId", score, "annotationId")
  SELECT i."decisionId", t."documentId", $2::uuid, i."labelId", i.s, i.e, i.exact, 'ACCEPTED', i."recommenderId", i.score, i."annotationId"
  FROM input i, target t WHERE i."suggestionId" IS NULL
  ON CONFLICT ("documentId", "userId", "labelId", start, "end") DO NOTHING
  RETURNING "annotationId"
), "claimedSuggestions" AS (
  INSERT INTO "SuggestionDecision" (id, "suggestionId", "userId", verdict, "labelId", "annotationId")
  SELECT i."decisionId", i."suggestionId", $2::uuid, 'ACCEPTED', i."labelId", i."annotationId"
  FROM input i WHERE i."suggestionId" IS NOT NULL
  ON CONFLICT ("suggestionId", "userId") DO NOTHING
  RETURNING "annotationId"
), created AS (
  INSERT INTO "Annotation" (id, "projectId", "documentId", "labelId", "authorId", start, "end", exact, prefix, suffix, attributes, note, "canonicalId", "updatedAt")
  SELECT i."annotationId", t."projectId", t."documentId", i."labelId", $2::uuid, i.s, i.e, i.exact, i.prefix, i.suffix,
    CASE WHEN i."canonicalName" IS NULL THEN $17::jsonb ELSE $17::jsonb || jsonb_build_object('canonicalName', i."canonicalName") END, '', i."canonicalId", now()
  FROM (SELECT "annotationId" FROM claimed UNION ALL SELECT "annotationId" FROM "claimedSuggestions") c JOIN input i ON i."annotationId" = c."annotationId", target t
  RETURNING ${annotationColumns("\"Annotation\"")}
), history AS (
  INSERT INTO "AnnotationHistory" (id, "annotationId", "actorId", action, version, after)
  SELECT i."historyId", c.id, $2::uuid, 'CREATE'::"HistoryAction", c.version,
    ${historySnapshotSql("c")} || CASE WHEN c."canonicalId" IS NULL THEN '{}'::jsonb ELSE jsonb_build_object('canonicalId', c."canonicalId") END
  FROM created c JOIN input i ON i."annotationId" = c.id
), notified AS (
  SELECT ${notifySql("c")} FROM (SELECT * FROM created LIMIT 1) c
)
SELECT c.id, c."labelId", c.start, c."end", i."suggestionId", (SELECT count(*) FROM notified) AS notified
FROM created c JOIN input i ON i."annotationId" = c.id ORDER BY c.start, c."end" DESC`;

type Candidate = { labelId: string; start: number; end: number; exact: string; recommenderId: string | null; score: number | null; suggestionId: string | null; canonicalId: string | null; canonicalName: string | null };

/**
 * Accepts every suggestion with this label that the caller is offered in the document, whichever
 * recommender made it — the knowledge base's included: each becomes their own annotation, recorded
 * like a single accept (a decision naming the recommender and score, or the suggestion; a CREATE
 * history entry; a knowledge-base suggestion's annotation linked to its item). Where the knowledge
 * base and another recommender offer the same span, the suggestion is taken (as the viewer lists
 * it). `spans`: only those of them (redo of an undone accept-all). Proposals another request
 * decided meanwhile are skipped. Undo with undoProposalDecisions.
 */
export async function acceptAllProposals(access: DocumentAccess, input: z.infer<typeof acceptAllProposalsSchema>): Promise<AcceptedAll> {
  authorize(access, "annotate");
  const documentId = access.documentId.toLowerCase();
  const { labelId } = input;
  const wanted = input.spans ? new Set(input.spans.map((s) => `${s.start}:${s.end}`)) : null;
  const asked = (s: { start: number; end: number }) => !wanted || wanted.has(`${s.start}:${s.end}`);
  const [map, proposals, suggestions, mine] = await Promise.all([
    documentOffsetMap(documentId),
    listDocumentProposals(access, { labelId }),
    listDocumentSuggestions(access),
    db.annotation.findMany({ where: { documentId, authorId: access.userId, labelId, deletedAt: null, gold: false }, select: { start: true, end: true } }),
  ]);
  const candidates: Candidate[] = [];
  // A suggestion on a span they already annotated with this label is left to the single accept, which links that annotation instead of making a second.
  const taken = new Set(mine.map((a) => `${a.start}:${a.end}`));
  for (const s of suggestions) {
    const key = `${s.start}:${s.end}`;
    if (s.label.id !== labelId || taken.has(key) || !asked(s)) continue;
    taken.add(key);
    const canonicalName = s.item.kind === "ENTITY" ? s.item.name.slice(0, 300).trim() || null : null;
    candidates.push({ labelId, start: s.start, end: s.end, exact: s.exact, recommenderId: null, score: null, suggestionId: s.id, canonicalId: s.canonicalId, canonicalName });
  }
  for (const p of proposals) {
    if (p.labelId !== labelId || taken.has(`${p.start}:${p.end}`) || !asked(p)) continue;
    candidates.push({ labelId, start: p.start, end: p.end, exact: p.exact, recommenderId: p.recommenderId, score: p.score, suggestionId: null, canonicalId: null, canonicalName: null });
  }
  // Proposals are cut from the text itself; one that no longer matches it is not accepted.
  const chosen = candidates
    .filter((c) => checkSpan(map, c) === null)
    .sort((a, b) => a.start - b.start || b.end - a.end)
    .slice(0, MAX_ACCEPT_ALL);
  if (chosen.length === 0) return { accepted: [] };
  const attributes = attributeKinds({})!;
  const quotes = chosen.map((c) => quoteOf(map, c));
  const scope = sqlScope(callerOf(access), "annotate");
  try {
    const { rows } = await sqlPool().query<{ id: string; labelId: string; start: number; end: number; suggestionId: string | null }>(ACCEPT_ALL_SQL, [
      documentId, access.userId, scope.roles, scope.projectIds,
      chosen.map(() => uuidv7()), chosen.map(() => uuidv7()), chosen.map(() => uuidv7()), chosen.map((c) => c.labelId),
      chosen.map((c) => c.start), chosen.map((c) => c.end), quotes.map((q) => q.exact), quotes.map((q) => q.prefix), quotes.map((q) => q.suffix),
      chosen.map((c) => c.recommenderId), chosen.map((c) => c.score),
      attributes.kinds, JSON.stringify(attributes.value),
      chosen.map((c) => c.suggestionId), chosen.map((c) => c.canonicalId), chosen.map((c) => c.canonicalName),
    ]);
    return { accepted: rows.map((r) => ({ labelId: r.labelId, start: r.start, end: r.end, annotationId: r.id, suggestionId: r.suggestionId })) };
  } catch (error) {
    // A label or knowledge-base item deleted (or merged away) between the list and the statement.
    if (isForeignKeyViolation(error)) throw new AppError("CONFLICT", "The label scheme or the knowledge base changed meanwhile: nothing was accepted. Try again.");
    throw error;
  }
}
