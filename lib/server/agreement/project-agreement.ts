import "server-only";
import type { DocumentAccess, ProjectAccess } from "@/lib/server/authz";
import { db } from "@/lib/db";
import { corpusAgreement, documentAgreement, type AgreementInput } from "@/lib/agreement/document-agreement";
import type { LabeledSpan } from "@/lib/agreement/metrics";
import { finishedByDocument } from "@/lib/server/progress/finished-assignments";

/**
 * How many of the counted annotations were made while annotators could see each other's work
 * (Annotation.madeWhileShared): agreement among them is not independent.
 */
export type Independence = { counted: number; madeWhileShared: number };

type Loaded = { input: AgreementInput; titles: Map<string, string>; names: Map<string, string>; shared: Map<string, Independence> };

const independenceOf = (shared: Map<string, Independence>, documentId?: string): Independence => {
  const rows = documentId ? [shared.get(documentId) ?? { counted: 0, madeWhileShared: 0 }] : [...shared.values()];
  return rows.reduce((sum, r) => ({ counted: sum.counted + r.counted, madeWhileShared: sum.madeWhileShared + r.madeWhileShared }), { counted: 0, madeWhileShared: 0 });
};

async function loadInput(projectId: string, documentId?: string): Promise<Loaded> {
  const [documents, annotations, members, finished] = await Promise.all([
    db.document.findMany({ where: { projectId, deletedAt: null, ...(documentId ? { id: documentId } : {}) }, orderBy: { createdAt: "asc" }, select: { id: true, title: true, text: true, language: true } }),
    db.annotation.findMany({
      where: { projectId, deletedAt: null, gold: false, ...(documentId ? { documentId } : {}) },
      select: { authorId: true, documentId: true, start: true, end: true, madeWhileShared: true, label: { select: { name: true } } },
    }),
    // Members, and the imported authors of a restored file, who annotate a layer of their own.
    db.user.findMany({ where: { OR: [{ memberships: { some: { projectId } } }, { importedIntoProjectId: projectId }] }, select: { id: true, name: true } }),
    finishedByDocument(projectId, documentId),
  ]);
  const spans = new Map<string, Map<string, LabeledSpan[]>>();
  const shared = new Map<string, Independence>();
  for (const a of annotations) {
    const s = shared.get(a.documentId) ?? { counted: 0, madeWhileShared: 0 };
    s.counted++;
    if (a.madeWhileShared) s.madeWhileShared++;
    shared.set(a.documentId, s);
    if (!spans.has(a.authorId)) spans.set(a.authorId, new Map());
    const byDoc = spans.get(a.authorId)!;
    if (!byDoc.has(a.documentId)) byDoc.set(a.documentId, []);
    byDoc.get(a.documentId)!.push({ start: a.start, end: a.end, label: a.label.name });
  }
  return {
    input: { documents: documents.map(({ id, text, language }) => ({ id, text, language })), spans, finished },
    titles: new Map(documents.map((d) => [d.id, d.title])),
    names: new Map(members.map((m) => [m.id, m.name])),
    shared,
  };
}

/** Agreement over the whole project and per document, with annotator names, computed now. */
export async function projectAgreement(access: ProjectAccess) {
  return computeProjectAgreement(access.projectId);
}

export type ProjectAgreement = Awaited<ReturnType<typeof computeProjectAgreement>>;

/** For the figures job (lib/server/figures), which runs for a project rather than a caller. */
export async function computeProjectAgreement(projectId: string) {
  const { input, titles, names, shared } = await loadInput(projectId);
  return {
    annotators: Object.fromEntries(names),
    overall: corpusAgreement(input),
    independence: independenceOf(shared),
    documents: input.documents
      .map((d) => ({ id: d.id, title: titles.get(d.id)!, independence: independenceOf(shared, d.id), ...documentAgreement(input, d.id) }))
      .filter((d) => d.figures.annotators.length > 0)
      .map(({ disagreements, ...d }) => ({ ...d, disagreementRegions: disagreements.length })),
  };
}

/** One document's agreement and the regions where its annotators disagree, computed now. */
export async function singleDocumentAgreement(access: DocumentAccess) {
  return computeDocumentAgreement(access.projectId, access.documentId);
}

export type DocumentAgreement = Awaited<ReturnType<typeof computeDocumentAgreement>>;

export async function computeDocumentAgreement(projectId: string, documentId: string) {
  const { input, names, shared } = await loadInput(projectId, documentId);
  return { annotators: Object.fromEntries(names), independence: independenceOf(shared, documentId), ...documentAgreement(input, documentId) };
}
