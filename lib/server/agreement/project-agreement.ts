import "server-only";
import type { DocumentAccess, ProjectAccess } from "@/lib/server/authz";
import { db } from "@/lib/db";
import { documentAgreement, type Figures } from "@/lib/agreement/document-agreement";
import { AgreementSums, documentFigures, figuresFromSums } from "@/lib/agreement/agreement-stats";
import { loadDocumentRefreshingStats, refreshDocumentStats, storedDocumentStats, type RefreshReport } from "@/lib/server/agreement/document-stats";

/**
 * How many of the counted annotations were made while annotators could see each other's work
 * (Annotation.madeWhileShared): agreement among them is not independent.
 */
export type Independence = { counted: number; madeWhileShared: number };

// Members, and the imported authors of a restored file, who annotate a layer of their own.
async function annotatorNames(projectId: string): Promise<Record<string, string>> {
  const people = await db.user.findMany({ where: { OR: [{ memberships: { some: { projectId } } }, { importedIntoProjectId: projectId }] }, select: { id: true, name: true } });
  return Object.fromEntries(people.map((m) => [m.id, m.name]));
}

/** Agreement over the whole project and per document, with annotator names, computed now. */
export async function projectAgreement(access: ProjectAccess) {
  return computeProjectAgreement(access.projectId);
}

export type ProjectAgreement = Awaited<ReturnType<typeof computeProjectAgreement>>;

/** For the figures job (lib/server/figures), which runs for a project rather than a caller. */
export async function computeProjectAgreement(projectId: string) {
  return (await computeProjectAgreementCounted(projectId)).figures;
}

/**
 * The project's agreement as the sum of its documents' stored statistics, after recomputing
 * those of the documents that changed (`refresh` says how many). Neither step holds more than a
 * batch of documents; the answer lists every document's figures, as before.
 */
export async function computeProjectAgreementCounted(projectId: string, options: { batchSize?: number; batchCharacters?: number } = {}) {
  const refresh: RefreshReport = await refreshDocumentStats(projectId, options);
  const annotators = await annotatorNames(projectId);
  const sums = new AgreementSums();
  const independence: Independence = { counted: 0, madeWhileShared: 0 };
  const documents: { id: string; title: string; independence: Independence; figures: Figures; disagreementRegions: number }[] = [];
  for await (const batch of storedDocumentStats(projectId, options.batchSize)) {
    for (const d of batch) {
      sums.add(d.stats);
      independence.counted += d.counted;
      independence.madeWhileShared += d.madeWhileShared;
      const figures = documentFigures(d.stats);
      if (figures.annotators.length === 0) continue;
      documents.push({ id: d.id, title: d.title, independence: { counted: d.counted, madeWhileShared: d.madeWhileShared }, figures, disagreementRegions: d.stats.disagreementRegions });
    }
  }
  return { refresh, figures: { annotators, overall: figuresFromSums(sums), independence, documents } };
}

/** One document's agreement and the regions where its annotators disagree, computed now. */
export async function singleDocumentAgreement(access: DocumentAccess) {
  return computeDocumentAgreement(access.projectId, access.documentId);
}

export type DocumentAgreement = Awaited<ReturnType<typeof computeDocumentAgreement>>;

export async function computeDocumentAgreement(projectId: string, documentId: string) {
  const [doc, annotators] = await Promise.all([loadDocumentRefreshingStats(projectId, documentId), annotatorNames(projectId)]);
  const input = {
    documents: doc ? [{ id: doc.id, text: doc.text, language: doc.language }] : [],
    spans: new Map([...(doc?.spans ?? [])].map(([author, spans]) => [author, new Map([[documentId, spans]])])),
    finished: new Map([[documentId, doc?.finished ?? new Set<string>()]]),
  };
  const independence: Independence = { counted: doc?.counted ?? 0, madeWhileShared: doc?.madeWhileShared ?? 0 };
  return { annotators, independence, ...documentAgreement(input, documentId) };
}
