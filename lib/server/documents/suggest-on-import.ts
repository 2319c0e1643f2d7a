import "server-only";
import { db } from "@/lib/db";
import { resolveProject, sessionCaller, type ProjectAccess } from "@/lib/server/authz";
import { tokenGone } from "@/lib/server/jobs/active-limit";
import { enqueueSuggestions, type SuggestionsJobMessage } from "@/lib/server/jobs/queue";
import { suggestMentions } from "@/lib/server/knowledge/suggest-mentions";
import { runOnImport } from "@/lib/server/recommenders/run-recommender";

// Suggestions for newly imported documents are a job (queue "suggestions", run on a worker thread
// of the job runner: lib/server/jobs/worker-tasks.ts), not part of the import request: matching
// every known name over a long text, and the model servers set to run on import, take as long as
// the text is long. The import marks its documents (`Document.suggestionsQueuedAt`) so the viewer
// knows to ask again until the job has run (GET /api/documents/[id]/suggestions answers `pending`).

/** Past this, a document whose job never ran (lost, failing) no longer counts as pending. */
const PENDING_MINUTES = 15;

/**
 * Whether an import into the project has anything to suggest: known entities with the knowledge
 * base's recommender on, or model servers run on import.
 */
export async function wantsSuggestions(projectId: string): Promise<boolean> {
  const [entity, knowledgeBase, recommender] = await Promise.all([
    db.canonicalItem.findFirst({ where: { projectId, kind: "ENTITY" }, select: { id: true } }),
    db.recommender.findFirst({ where: { projectId, enabled: true, kind: "KNOWLEDGE_BASE" }, select: { id: true } }),
    db.recommender.findFirst({ where: { projectId, enabled: true, trigger: "ON_IMPORT", kind: { notIn: ["STRING_MATCHER", "KNOWLEDGE_BASE"] } }, select: { id: true } }),
  ]);
  return (entity !== null && knowledgeBase !== null) || recommender !== null;
}

const clearPending = (documentIds: string[]) =>
  db.document.updateMany({ where: { id: { in: documentIds }, suggestionsQueuedAt: { not: null } }, data: { suggestionsQueuedAt: null } });

/**
 * Queues the suggestions of documents an import just made: the job's id. Never the import's
 * failure — the documents are in either way; without a queue they get no suggestions (the
 * knowledge page's "Find mentions" still makes them) and are no longer marked pending.
 */
export async function queueSuggestionsOnImport(access: ProjectAccess, documentIds: string[]): Promise<string | null> {
  try {
    return await enqueueSuggestions({ projectId: access.projectId, userId: access.userId, tokenId: access.token?.tokenId ?? null, documentIds });
  } catch (error) {
    console.error("Could not queue suggestions for imported documents", error);
    await clearPending(documentIds).catch(() => undefined);
    return null;
  }
}

/** Whether the document's suggestions are still being made (its import's job has not run yet). */
export async function suggestionsPending(documentId: string): Promise<boolean> {
  const since = new Date(Date.now() - PENDING_MINUTES * 60_000);
  return (await db.document.findFirst({ where: { id: documentId, suggestionsQueuedAt: { gt: since } }, select: { id: true } })) !== null;
}

export type SuggestionsJobResult = { suggested: number } | { skipped: string };

/**
 * The job: as the importer, with their access resolved now (someone no longer allowed to import
 * there, or a revoked token, gets nothing run), suggests the known entities' mentions, then runs the
 * model servers set to run on import. Safe to run again: a span suggested before is not suggested
 * twice, and a recommender's run replaces its earlier proposals in those documents.
 */
export async function runSuggestionsJob({ projectId, userId, tokenId, documentIds }: SuggestionsJobMessage): Promise<SuggestionsJobResult> {
  let access: ProjectAccess;
  let suggested: number;
  try {
    if (await tokenGone(tokenId)) return { skipped: "the API token that imported the documents was revoked or has expired" };
    try {
      access = await resolveProject(sessionCaller(userId), projectId, "curate");
    } catch {
      return { skipped: "the importer may no longer import into this project" };
    }
    suggested = (await suggestMentions(access, documentIds)).created;
  } finally {
    // Done, skipped or failed (then retried): the viewer stops asking and shows what there is.
    await clearPending(documentIds);
  }
  // After the suggestions are shown: a slow model server must not hold them up. Each run writes
  // its own report on the recommenders' settings page.
  await runOnImport(access, documentIds);
  return { suggested };
}
