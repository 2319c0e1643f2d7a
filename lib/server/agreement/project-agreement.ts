import "server-only";
import type { DocumentAccess, ProjectAccess } from "@/lib/server/authz";
import { db } from "@/lib/db";
import { corpusAgreement, documentAgreement, type AgreementInput } from "@/lib/agreement/document-agreement";
import type { LabeledSpan } from "@/lib/agreement/metrics";
import { finishedByDocument } from "@/lib/server/progress/finished-assignments";

async function loadInput(projectId: string, documentId?: string): Promise<{ input: AgreementInput; titles: Map<string, string>; names: Map<string, string> }> {
  const [documents, annotations, members, finished] = await Promise.all([
    db.document.findMany({ where: { projectId, ...(documentId ? { id: documentId } : {}) }, orderBy: { createdAt: "asc" }, select: { id: true, title: true, text: true, language: true } }),
    db.annotation.findMany({
      where: { projectId, deletedAt: null, gold: false, ...(documentId ? { documentId } : {}) },
      select: { authorId: true, documentId: true, start: true, end: true, label: { select: { name: true } } },
    }),
    // Members, and the imported authors of a restored file, who annotate a layer of their own.
    db.user.findMany({ where: { OR: [{ memberships: { some: { projectId } } }, { importedIntoProjectId: projectId }] }, select: { id: true, name: true } }),
    finishedByDocument(projectId, documentId),
  ]);
  const spans = new Map<string, Map<string, LabeledSpan[]>>();
  for (const a of annotations) {
    if (!spans.has(a.authorId)) spans.set(a.authorId, new Map());
    const byDoc = spans.get(a.authorId)!;
    if (!byDoc.has(a.documentId)) byDoc.set(a.documentId, []);
    byDoc.get(a.documentId)!.push({ start: a.start, end: a.end, label: a.label.name });
  }
  return {
    input: { documents: documents.map(({ id, text, language }) => ({ id, text, language })), spans, finished },
    titles: new Map(documents.map((d) => [d.id, d.title])),
    names: new Map(members.map((m) => [m.id, m.name])),
  };
}

/** Agreement over the whole project and per document, with annotator names. */
export async function projectAgreement(access: ProjectAccess) {
  const { projectId } = access;
  const { input, titles, names } = await loadInput(projectId);
  return {
    annotators: Object.fromEntries(names),
    overall: corpusAgreement(input),
    documents: input.documents
      .map((d) => ({ id: d.id, title: titles.get(d.id)!, ...documentAgreement(input, d.id) }))
      .filter((d) => d.figures.annotators.length > 0)
      .map(({ disagreements, ...d }) => ({ ...d, disagreementRegions: disagreements.length })),
  };
}

/** One document's agreement and the regions where its annotators disagree. */
export async function singleDocumentAgreement(access: DocumentAccess) {
  const { projectId, documentId } = access;
  const { input, names } = await loadInput(projectId, documentId);
  return { annotators: Object.fromEntries(names), ...documentAgreement(input, documentId) };
}
