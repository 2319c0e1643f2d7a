import "server-only";
import type { z } from "zod";
import { db } from "@/lib/db";
import { OffsetMap } from "@/lib/anchoring/offsets";
import { uuidv7 } from "@/lib/ids";
import { anchor } from "@/lib/anchoring/reanchor";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { runRecommenderSchema } from "@/lib/schemas/recommenders";
import { authorize, isUuid, type ProjectAccess } from "@/lib/server/authz";
import { AppError, notFound } from "@/lib/server/errors";
import { suggestMentions } from "@/lib/server/knowledge/suggest-mentions";
import { ENTITY_KINDS, findEnglishEntitiesSteps, mappingFor } from "@/lib/server/recommenders/english-ner";
import { runInSlices, slicer } from "@/lib/run-in-slices";
import { inSqlTransaction } from "@/lib/server/db/sql-pool";
import { checkHealth, predictWithLabelStudioBackend, TASKS_PER_REQUEST } from "@/lib/server/recommenders/label-studio-backend";
import { ModelServerError } from "@/lib/server/recommenders/model-server";
import { proposeWithChat } from "@/lib/server/recommenders/openai-chat";
import type { RunReport } from "@/lib/server/recommenders/recommender-dto";
import type { ForeignProposal, ModelLabel, RunDocument } from "@/lib/server/recommenders/run-types";
import { openSecret } from "@/lib/server/recommenders/secret-box";

// Running a recommender that stores its proposals (model servers, English named entities) over documents, on demand, within the request: capped (documents,
// characters, proposals) and time-limited per call and per run. What is past the caps is left for
// the next run and said so in the report. On a PostgreSQL job queue (issue 14) this whole function
// is the job body: it takes ids, writes its own results and report, and returns nothing the caller
// must keep.

export const RUN_LIMITS = {
  documents: 200,
  /** Characters sent per run, all documents together. */
  characters: 2_000_000,
  proposalsPerDocument: 10_000,
  /** One call to the model server. */
  callMs: 20_000,
  /** The whole run: documents not reached by then are left for the next run. */
  runMs: 50_000,
};

type Dropped = Map<string, number>;
const drop = (dropped: Dropped, reason: string, n = 1) => n > 0 && dropped.set(reason, (dropped.get(reason) ?? 0) + n);

/** Places a model server's spans in our text, or counts why not. */
async function anchorAll(found: ForeignProposal[], documents: Map<string, { map: OffsetMap }>, labels: Map<string, ModelLabel>, dropped: Dropped) {
  const rows: { documentId: string; labelId: string; start: number; end: number; exact: string; score: number }[] = [];
  // Tens of thousands of spans (an English-entities run over a long text): in slices.
  const pause = slicer();
  for (const p of found) {
    await pause();
    const label = labels.get(p.label);
    if (!label) {
      drop(dropped, `label not proposed by this recommender: ${p.label.slice(0, 60)}`);
      continue;
    }
    const map = documents.get(p.documentId)!.map;
    const isNumber = (n: unknown): n is number => typeof n === "number" && Number.isInteger(n);
    const result = anchor(
      map,
      { start: isNumber(p.start) ? p.start : undefined, end: isNumber(p.end) ? p.end : undefined, exact: p.text ?? undefined },
      p.utf16 ? "utf16" : "codepoint",
    );
    if (result.status === "refused") {
      drop(dropped, p.text ? "its text is not in the document" : "offsets outside the document and no text");
      continue;
    }
    const score = typeof p.score === "number" && Number.isFinite(p.score) ? Math.min(1, Math.max(0, p.score)) : 1;
    rows.push({ documentId: p.documentId, labelId: label.id, start: result.start, end: result.end, exact: result.exact, score });
  }
  return rows;
}

/** Rows per INSERT of a run's proposals: preparing a statement holds the thread a few milliseconds. */
const PROPOSALS_PER_STATEMENT = 1_000;

/**
 * Replaces the recommender's proposals in these documents, in one transaction of plain `pg`
 * statements (INSERT … SELECT FROM unnest(arrays), 1,000 rows each, as the annotation-set import
 * writes). Prisma's deleteMany + createMany of 10,000 rows in an interactive transaction took
 * seconds, past its 5 s limit on a busy server (bench/recommenders.ts); one Prisma statement of
 * all 10,000 rows held the server's thread 0.4 s while its parameters were encoded (the stall
 * benchmark's `ner` row).
 */
export async function storeProposals(projectId: string, recommenderId: string, documentIds: string[], rows: { documentId: string; labelId: string; start: number; end: number; exact: string; score: number }[]) {
  await inSqlTransaction(async (client) => {
    await client.query(`DELETE FROM "Proposal" WHERE "recommenderId" = $1::uuid AND "documentId" = ANY($2::uuid[])`, [recommenderId, documentIds]);
    for (let i = 0; i < rows.length; i += PROPOSALS_PER_STATEMENT) {
      const part = rows.slice(i, i + PROPOSALS_PER_STATEMENT);
      const column = <K extends keyof (typeof rows)[number]>(key: K) => part.map((row) => row[key]);
      await client.query(
        `INSERT INTO "Proposal" (id, "projectId", "documentId", "recommenderId", "labelId", start, "end", exact, score)
         SELECT t.id, $1::uuid, t."documentId", $2::uuid, t."labelId", t.s, t.e, t.exact, t.score
         FROM unnest($3::uuid[], $4::uuid[], $5::uuid[], $6::int[], $7::int[], $8::text[], $9::float8[]) AS t(id, "documentId", "labelId", s, e, exact, score)`,
        [projectId, recommenderId, part.map(() => uuidv7()), column("documentId"), column("labelId"), column("start"), column("end"), column("exact"), column("score")],
      );
    }
  });
}

function readKey(sealed: string) {
  try {
    return openSecret(sealed);
  } catch {
    throw new ModelServerError("The stored API key cannot be read (the server's AUTH_SECRET changed?): set the key again.");
  }
}

/**
 * Runs a model server (Label Studio ML backend or OpenAI-compatible chat) over the given documents
 * (default: every document, up to the caps) — owners and curators. Its earlier proposals in those
 * documents are replaced; people's decisions stay. Whatever the server does — no answer, an error,
 * an answer that is not what the protocol says — the run ends with a report on the settings page,
 * never a failed request. The knowledge base's run looks for its items' names in the documents
 * (suggestMentions, as on import), adding only suggestions not made before.
 */
export async function runRecommender(access: ProjectAccess, recommenderId: string, input: z.infer<typeof runRecommenderSchema>, limits = RUN_LIMITS): Promise<RunReport> {
  authorize(access, "curate");
  const r = isUuid(recommenderId) ? await db.recommender.findFirst({ where: { id: recommenderId, projectId: access.projectId } }) : null;
  if (!r) throw notFound("Recommender not found");
  if (r.kind === "STRING_MATCHER") throw new AppError("INVALID_INPUT", "The string matcher needs no run: it proposes as you annotate.");
  if (r.kind === "KNOWLEDGE_BASE") {
    // Its run is the scan for the items' names and aliases that import does too.
    const { documents, created } = await suggestMentions(access, input.documentIds);
    const report: RunReport = { ok: true, documents, proposals: created, dropped: [] };
    await db.recommender.update({ where: { id: r.id }, data: { lastRunAt: new Date(), lastRun: report as unknown as Prisma.InputJsonValue } });
    return report;
  }
  const started = Date.now();
  const labelRows = await db.label.findMany({
    where: { projectId: access.projectId, ...(r.labelIds.length ? { id: { in: r.labelIds } } : {}) },
    orderBy: { position: "asc" },
    select: { id: true, name: true, kind: true, description: true },
  });
  const labels = new Map(labelRows.map((l) => [l.name, l]));
  // English named entities answer with kinds of entity; the mapping turns them into label names.
  const entityLabel = new Map<string, string>();
  if (r.kind === "ENGLISH_NER") {
    const mapping = mappingFor(r.mapping, labelRows);
    for (const kind of ENTITY_KINDS) {
      const name = labelRows.find((l) => l.id === mapping[kind])?.name;
      if (name) entityLabel.set(kind, name);
    }
  }
  const ids = await db.document.findMany({
    where: { projectId: access.projectId, deletedAt: null, ...(input.documentIds ? { id: { in: input.documentIds } } : {}) },
    orderBy: { createdAt: "asc" },
    take: limits.documents + 1,
    select: { id: true, length: true },
  });
  const dropped: Dropped = new Map();
  if (ids.length > limits.documents) drop(dropped, `documents past the cap of ${limits.documents} per run (run again with documentIds)`, ids.length - limits.documents);
  let characters = 0;
  const chosen = ids.slice(0, limits.documents).filter((d) => {
    characters += d.length;
    if (characters <= limits.characters) return true;
    drop(dropped, `documents past the cap of ${limits.characters.toLocaleString("en")} characters per run`);
    return false;
  });

  let error: string | undefined;
  let proposals = 0;
  const done: string[] = [];
  const batches: string[][] = [];
  const perCall = r.kind === "OPENAI" ? 1 : TASKS_PER_REQUEST;
  for (let i = 0; i < chosen.length; i += perCall) batches.push(chosen.slice(i, i + perCall).map((d) => d.id));
  try {
    const url = r.url ?? "";
    if (r.kind !== "ENGLISH_NER" && !url) throw new ModelServerError("No server address is set.");
    if (r.kind === "LABEL_STUDIO") await checkHealth(url, Math.min(limits.callMs, 5_000));
    const apiKey = r.keyCiphertext ? readKey(r.keyCiphertext) : null;
    for (const batch of batches) {
      if (Date.now() - started > limits.runMs) {
        drop(dropped, "documents not reached within the run's time limit", chosen.length - done.length);
        break;
      }
      const documents: RunDocument[] = await db.document.findMany({ where: { id: { in: batch } }, select: { id: true, text: true } });
      const maps = new Map(documents.map((d) => [d.id, { map: new OffsetMap(d.text) }]));
      let found: ForeignProposal[];
      if (r.kind === "ENGLISH_NER") {
        found = [];
        for (const d of documents) {
          // In slices: a long document's entities take seconds that other requests must not wait behind.
          for (const e of await runInSlices(findEnglishEntitiesSteps(d.text))) {
            const label = entityLabel.get(e.kind);
            if (!label) drop(dropped, `${e.kind} (no label mapped)`);
            // compromise gives no score: one in the middle, below what people confirmed.
            else found.push({ documentId: d.id, label, start: e.start, end: e.end, text: e.text, score: 0.5, utf16: true });
          }
        }
      } else if (r.kind === "LABEL_STUDIO") {
        const answer = await predictWithLabelStudioBackend(url, documents, labelRows, limits.callMs, limits.proposalsPerDocument);
        drop(dropped, "regions that are not labelled spans", answer.badRegions);
        drop(dropped, `proposals past the cap of ${limits.proposalsPerDocument} per document`, answer.overCap);
        found = answer.proposals;
      } else {
        const answer = await proposeWithChat({ url, model: r.model, apiKey }, documents, labelRows, limits.callMs, limits.proposalsPerDocument);
        drop(dropped, "quotes not found in the text", answer.unanchored);
        drop(dropped, `proposals past the cap of ${limits.proposalsPerDocument} per document`, answer.overCap);
        drop(dropped, "answers that were not the JSON asked for", answer.badAnswers);
        found = answer.proposals;
      }
      const rows = await anchorAll(found, maps, labels, dropped);
      const kept: typeof rows = [];
      for (const d of documents) {
        const ofDocument = rows.filter((row) => row.documentId === d.id);
        drop(dropped, `proposals past the cap of ${limits.proposalsPerDocument} per document`, ofDocument.length - limits.proposalsPerDocument);
        kept.push(...ofDocument.slice(0, limits.proposalsPerDocument));
      }
      await storeProposals(access.projectId, r.id, batch, kept);
      proposals += kept.length;
      done.push(...batch);
    }
  } catch (e) {
    if (!(e instanceof ModelServerError)) throw e;
    error = e.message;
  }
  const report: RunReport = {
    ok: error === undefined,
    documents: done.length,
    proposals,
    dropped: [...dropped].map(([reason, count]) => ({ reason, count })),
    ...(error ? { error } : {}),
  };
  await db.recommender.update({ where: { id: r.id }, data: { lastRunAt: new Date(), lastRun: report as unknown as Prisma.InputJsonValue } });
  return report;
}

/**
 * After an import: the model servers set to run on import, over the new documents — part of the
 * import's suggestions job (lib/server/documents/suggest-on-import.ts), so a slow model server holds
 * up no request. Each run writes its own report; a failure is logged, never the job's.
 */
export function runOnImport(access: ProjectAccess, documentIds: string[]): Promise<void> {
  const work = (async () => {
    if (documentIds.length === 0) return;
    const due = await db.recommender.findMany({ where: { projectId: access.projectId, enabled: true, trigger: "ON_IMPORT", kind: { notIn: ["STRING_MATCHER", "KNOWLEDGE_BASE"] } }, select: { id: true } });
    for (const r of due) {
      for (let i = 0; i < documentIds.length; i += RUN_LIMITS.documents) {
        await runRecommender(access, r.id, { documentIds: documentIds.slice(i, i + RUN_LIMITS.documents) });
      }
    }
  })();
  return work.catch((error) => console.error("A recommender could not run on import", error));
}
