import "server-only";
import type { z } from "zod";
import { checkSpan, quoteOf } from "@/lib/anchoring/offsets";
import { uuidv7 } from "@/lib/ids";
import type { acceptAllProposalsSchema } from "@/lib/schemas/recommenders";
import { annotationColumns, historySnapshotSql, lockDocumentSql, notifySql } from "@/lib/server/annotations/annotation-sql";
import { documentOffsetMap } from "@/lib/server/annotations/document-text-cache";
import { attributeKinds } from "@/lib/server/annotations/validate-annotation";
import { authorize, callerOf, sqlScope, type DocumentAccess } from "@/lib/server/authz";
import { sqlPool } from "@/lib/server/db/sql-pool";
import { listDocumentProposals } from "@/lib/server/recommenders/list-document-proposals";

/** At most this many proposals are accepted by one "accept all". */
export const MAX_ACCEPT_ALL = 2_000;

export type AcceptedAll = { accepted: { labelId: string; start: number; end: number; annotationId: string }[] };

// The whole "accept all" in one statement, the way create-annotation's one-statement path checks
// one annotation, but over arrays (INSERT … SELECT FROM unnest, as the annotation-set import
// does): creating them one by one took a round trip and a transaction each. In order: the caller's
// membership in a role allowed to annotate ($3) and the token's projects ($4) on the live
// document, whose change lock it takes; the claim of each decision (a span another request decided
// meanwhile is left out by the unique key); for each claimed one the annotation — label of this
// project and of a kind that takes no attributes ($16) —, its CREATE history entry, and one live
// notice for the document (listeners catch up by change sequence, so one wakes them for all).
// The decisions point at annotations inserted by the same statement: foreign keys are checked at
// its end.
const ACCEPT_ALL_SQL = `
WITH target AS MATERIALIZED (
  SELECT d.id AS "documentId", d."projectId", ${lockDocumentSql("d.id")} AS locked
  FROM "Document" d
  JOIN "Membership" m ON m."projectId" = d."projectId" AND m."userId" = $2::uuid AND m.role = ANY($3::"Role"[])
  WHERE d.id = $1::uuid AND d."deletedAt" IS NULL AND ($4::uuid[] IS NULL OR d."projectId" = ANY($4::uuid[]))
), input AS (
  SELECT i.* FROM target t
  CROSS JOIN unnest($5::uuid[], $6::uuid[], $7::uuid[], $8::uuid[], $9::int[], $10::int[], $11::text[], $12::text[], $13::text[], $14::uuid[], $15::float8[])
    AS i("decisionId", "annotationId", "historyId", "labelId", s, e, exact, prefix, suffix, "recommenderId", score)
  JOIN "Label" l ON l.id = i."labelId" AND l."projectId" = t."projectId" AND l.kind = ANY($16::"LabelKind"[])
), claimed AS (
  INSERT INTO "ProposalDecision" (id, "documentId", "userId", "labelId", start, "end", exact, verdict, "recommenderId", score, "annotationId")
  SELECT i."decisionId", t."documentId", $2::uuid, i."labelId", i.s, i.e, i.exact, 'ACCEPTED', i."recommenderId", i.score, i."annotationId"
  FROM input i, target t
  ON CONFLICT ("documentId", "userId", "labelId", start, "end") DO NOTHING
  RETURNING "annotationId"
), created AS (
  INSERT INTO "Annotation" (id, "projectId", "documentId", "labelId", "authorId", start, "end", exact, prefix, suffix, attributes, note, "updatedAt")
  SELECT i."annotationId", t."projectId", t."documentId", i."labelId", $2::uuid, i.s, i.e, i.exact, i.prefix, i.suffix, $17::jsonb, '', now()
  FROM claimed c JOIN input i ON i."annotationId" = c."annotationId", target t
  RETURNING ${annotationColumns("\"Annotation\"")}
), history AS (
  INSERT INTO "AnnotationHistory" (id, "annotationId", "actorId", action, version, after)
  SELECT i."historyId", c.id, $2::uuid, 'CREATE'::"HistoryAction", c.version, ${historySnapshotSql("c")}
  FROM created c JOIN input i ON i."annotationId" = c.id
), notified AS (
  SELECT ${notifySql("c")} FROM (SELECT * FROM created LIMIT 1) c
)
SELECT c.id, c."labelId", c.start, c."end", (SELECT count(*) FROM notified) AS notified FROM created c ORDER BY c.start, c."end" DESC`;

/**
 * Accepts every proposal with this label that the caller has in the document: each becomes their
 * own annotation, recorded like a single accept (decision with recommender and score, CREATE
 * history entry). Proposals another request decided meanwhile are skipped. Undo with
 * undoProposalDecisions.
 */
export async function acceptAllProposals(access: DocumentAccess, input: z.infer<typeof acceptAllProposalsSchema>): Promise<AcceptedAll> {
  authorize(access, "annotate");
  const documentId = access.documentId.toLowerCase();
  const map = await documentOffsetMap(documentId);
  // Proposals are cut from the text itself; one that no longer matches it is not accepted.
  const proposals = (await listDocumentProposals(access, { labelId: input.labelId }))
    .filter((p) => p.labelId === input.labelId && checkSpan(map, p) === null)
    .slice(0, MAX_ACCEPT_ALL);
  if (proposals.length === 0) return { accepted: [] };
  const attributes = attributeKinds({})!;
  const quotes = proposals.map((p) => quoteOf(map, p));
  const scope = sqlScope(callerOf(access), "annotate");
  const { rows } = await sqlPool().query<{ id: string; labelId: string; start: number; end: number }>(ACCEPT_ALL_SQL, [
    documentId, access.userId, scope.roles, scope.projectIds,
    proposals.map(() => uuidv7()), proposals.map(() => uuidv7()), proposals.map(() => uuidv7()), proposals.map((p) => p.labelId),
    proposals.map((p) => p.start), proposals.map((p) => p.end), quotes.map((q) => q.exact), quotes.map((q) => q.prefix), quotes.map((q) => q.suffix),
    proposals.map((p) => p.recommenderId), proposals.map((p) => p.score),
    attributes.kinds, JSON.stringify(attributes.value),
  ]);
  return { accepted: rows.map((r) => ({ labelId: r.labelId, start: r.start, end: r.end, annotationId: r.id })) };
}
