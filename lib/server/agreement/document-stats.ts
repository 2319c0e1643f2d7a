import "server-only";
import { db } from "@/lib/db";
import { documentStats, type DocumentStats } from "@/lib/agreement/agreement-stats";
import { wordTokens } from "@/lib/agreement/tokens";
import type { LabeledSpan } from "@/lib/agreement/metrics";

// Each document's agreement statistics (lib/agreement/agreement-stats.ts) stored with the
// document's own input marker, so that the project's figures are a sum of stored rows and a
// recomputation only recomputes the documents whose marker changed. Work is done in batches of
// at most `batchSize` documents and `batchCharacters` characters of text: memory is bounded by a
// batch, never the project's annotations.

/** Documents (and characters of text) loaded at once. */
export const STATS_BATCH = Number(process.env.AGREEMENT_BATCH_DOCUMENTS) || 100;
export const STATS_BATCH_CHARACTERS = Number(process.env.AGREEMENT_BATCH_CHARACTERS) || 5_000_000;

export type RefreshReport = {
  /** Documents whose statistics were computed (their marker had changed, or none were stored). */
  computed: number;
  batches: number;
  /** The most documents one batch loaded. */
  largestBatch: number;
};

type BatchOptions = { batchSize?: number; batchCharacters?: number };

type Stale = { id: string; marker: string; length: number };

/**
 * Live documents after `after` (by id) whose stored statistics are missing or were computed from
 * other inputs: the marker sums up, in PostgreSQL, the document's annotations (change sequence,
 * live count, last update and deletion), its assignments and finishing, and the project's label
 * names (spans are compared by label name).
 */
async function staleDocuments(projectId: string, after: string | null, limit: number, only: string | null = null): Promise<Stale[]> {
  return db.$queryRaw<Stale[]>`
    WITH labels AS (
      SELECT COALESCE(md5(string_agg(id::text || name, ',' ORDER BY id)), '') AS h FROM "Label" WHERE "projectId" = ${projectId}::uuid
    )
    SELECT d.id::text AS id, m.marker, d.length
      FROM "Document" d
      CROSS JOIN labels
      CROSS JOIN LATERAL (SELECT md5(concat_ws('|', labels.h,
        (SELECT concat_ws('/', COALESCE(MAX(a.seq), 0), COUNT(*) FILTER (WHERE a."deletedAt" IS NULL), MAX(a."updatedAt"), MAX(a."deletedAt"))
           FROM "Annotation" a WHERE a."documentId" = d.id),
        (SELECT concat_ws('/', COUNT(*), COUNT(s."finishedAt"), MAX(s."finishedAt"), MAX(s."createdAt"))
           FROM "DocumentAssignment" s WHERE s."documentId" = d.id)
      )) AS marker) m
      LEFT JOIN "DocumentAgreementStats" st ON st."documentId" = d.id
     WHERE d."projectId" = ${projectId}::uuid AND d."deletedAt" IS NULL
       AND (${after}::uuid IS NULL OR d.id > ${after}::uuid)
       AND (${only}::uuid IS NULL OR d.id = ${only}::uuid)
       AND (st."documentId" IS NULL OR st."inputMarker" <> m.marker)
     ORDER BY d.id
     LIMIT ${limit}::int`;
}

/** The inputs of some documents: texts, live annotators' spans (in a fixed order), who finished. */
export async function loadDocuments(projectId: string, ids: string[]) {
  const [documents, annotations, finished] = await Promise.all([
    db.document.findMany({ where: { id: { in: ids }, projectId, deletedAt: null }, select: { id: true, text: true, language: true } }),
    db.annotation.findMany({
      where: { documentId: { in: ids }, projectId, deletedAt: null, gold: false },
      // A fixed order: span F1 matches spans in their order.
      orderBy: [{ documentId: "asc" }, { start: "asc" }, { end: "asc" }, { id: "asc" }],
      select: { authorId: true, documentId: true, start: true, end: true, madeWhileShared: true, label: { select: { name: true } } },
    }),
    db.documentAssignment.findMany({ where: { documentId: { in: ids }, projectId, finishedAt: { not: null } }, select: { documentId: true, userId: true } }),
  ]);
  const byDocument = new Map(documents.map((d) => [d.id, { ...d, spans: new Map<string, LabeledSpan[]>(), finished: new Set<string>(), counted: 0, madeWhileShared: 0 }]));
  for (const a of annotations) {
    const doc = byDocument.get(a.documentId);
    if (!doc) continue;
    doc.counted++;
    if (a.madeWhileShared) doc.madeWhileShared++;
    const list = doc.spans.get(a.authorId) ?? [];
    list.push({ start: a.start, end: a.end, label: a.label.name });
    doc.spans.set(a.authorId, list);
  }
  for (const f of finished) byDocument.get(f.documentId)?.finished.add(f.userId);
  return byDocument;
}

/** Splits off the first documents that fit the character budget (at least one). */
function fitting(stale: Stale[], characters: number): Stale[] {
  let total = 0;
  const taken: Stale[] = [];
  for (const s of stale) {
    if (taken.length && total + s.length > characters) break;
    taken.push(s);
    total += s.length;
  }
  return taken;
}

/**
 * Recomputes the statistics of the project's documents whose marker changed, batch by batch.
 * Each marker is read before its document's inputs, so a change made meanwhile leaves that
 * document stale for the next run. Every document is looked at once per run (keyset by id).
 */
export async function refreshDocumentStats(projectId: string, { batchSize = STATS_BATCH, batchCharacters = STATS_BATCH_CHARACTERS }: BatchOptions = {}): Promise<RefreshReport> {
  const report: RefreshReport = { computed: 0, batches: 0, largestBatch: 0 };
  let after: string | null = null;
  for (;;) {
    const batch = fitting(await staleDocuments(projectId, after, batchSize), batchCharacters);
    if (!batch.length) return report;
    after = batch.at(-1)!.id;
    report.computed += await storeDocumentStats(projectId, batch, await loadDocuments(projectId, batch.map((s) => s.id)));
    report.batches++;
    report.largestBatch = Math.max(report.largestBatch, batch.length);
  }
}

/**
 * Computes and stores the statistics of `stale` documents from their inputs `loaded` (loadDocuments,
 * called after their markers were read); returns how many were stored.
 */
async function storeDocumentStats(projectId: string, stale: Stale[], loaded: Awaited<ReturnType<typeof loadDocuments>>): Promise<number> {
  const rows: { documentId: string; marker: string; stats: DocumentStats; counted: number; madeWhileShared: number }[] = [];
  for (const { id, marker } of stale) {
    const doc = loaded.get(id);
    if (!doc) continue; // deleted meanwhile
    const stats = documentStats(wordTokens(doc.text, doc.language ?? "en"), doc.spans, doc.finished);
    rows.push({ documentId: id, marker, stats, counted: doc.counted, madeWhileShared: doc.madeWhileShared });
  }
  if (!rows.length) return 0;
  // One statement per batch; a document purged meanwhile is skipped rather than failing the batch.
  await db.$executeRaw`
    INSERT INTO "DocumentAgreementStats" ("documentId", "projectId", "inputMarker", stats, counted, "madeWhileShared", "computedAt")
    SELECT x."documentId"::uuid, ${projectId}::uuid, x.marker, x.stats, x.counted, x."madeWhileShared", now()
      FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS x("documentId" text, marker text, stats jsonb, counted int, "madeWhileShared" int)
     WHERE EXISTS (SELECT 1 FROM "Document" d WHERE d.id = x."documentId"::uuid)
    ON CONFLICT ("documentId") DO UPDATE SET "inputMarker" = EXCLUDED."inputMarker", stats = EXCLUDED.stats, counted = EXCLUDED.counted,
      "madeWhileShared" = EXCLUDED."madeWhileShared", "computedAt" = EXCLUDED."computedAt"`;
  return rows.length;
}

/**
 * One document's inputs for its own figures (the one-document agreement job), with its stored
 * statistics brought up to date from the same inputs when its marker changed — so the project's
 * figures, a sum of the stored rows, count what that job saw without computing it again.
 */
export async function loadDocumentRefreshingStats(projectId: string, documentId: string) {
  const stale = await staleDocuments(projectId, null, 1, documentId);
  const loaded = await loadDocuments(projectId, [documentId]);
  await storeDocumentStats(projectId, stale, loaded);
  return loaded.get(documentId);
}

export type StoredDocument = { id: string; title: string; stats: DocumentStats; counted: number; madeWhileShared: number };

/**
 * The project's live documents with stored statistics, oldest first, a batch at a time (a
 * document added since the last refresh has none yet and is left out until the next).
 */
export async function* storedDocumentStats(projectId: string, batchSize = STATS_BATCH): AsyncGenerator<StoredDocument[]> {
  let cursor: { createdAt: Date; id: string } | null = null;
  for (;;) {
    const page: { id: string; title: string; createdAt: Date; agreementStats: { stats: unknown; counted: number; madeWhileShared: number } | null }[] = await db.document.findMany({
      where: { projectId, deletedAt: null, ...(cursor ? { OR: [{ createdAt: { gt: cursor.createdAt } }, { createdAt: cursor.createdAt, id: { gt: cursor.id } }] } : {}) },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      take: batchSize,
      select: { id: true, title: true, createdAt: true, agreementStats: { select: { stats: true, counted: true, madeWhileShared: true } } },
    });
    if (!page.length) return;
    cursor = page.at(-1)!;
    yield page.flatMap((d) => (d.agreementStats ? [{ id: d.id, title: d.title, stats: d.agreementStats.stats as DocumentStats, counted: d.agreementStats.counted, madeWhileShared: d.agreementStats.madeWhileShared }] : []));
  }
}
