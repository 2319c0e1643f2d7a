import "server-only";
import type { DocumentAccess, ProjectAccess } from "@/lib/server/authz";
import type { DocumentAgreement, ProjectAgreement } from "@/lib/server/agreement/project-agreement";
import type { ProjectProgress } from "@/lib/server/progress/project-progress";
import { readFigures } from "@/lib/server/figures/read-figures";

// What pages and the API answer for agreement and progress: the last figures the job computed
// (JSON: dates as ISO strings), with their age and whether a recomputation is under way.
// The figures' own fields are at the top level, as when they were computed on the request, so
// clients keep working; they are absent until the first computation finished.

export type Stored<T> = T extends Date ? string : T extends object ? { [K in keyof T]: Stored<T[K]> } : T;

/** Per-document rows of the project's agreement in one answer, by default and at most. */
export const AGREEMENT_DOCUMENTS_PAGE = 100;
export const AGREEMENT_DOCUMENTS_MAX = 1000;

/** The project's agreement with one page of its per-document rows (`documentsTotal` says how many there are). */
export async function agreementFigures(access: ProjectAccess, page: { offset?: number; limit?: number } = {}) {
  const { result, status } = await readFigures<Stored<ProjectAgreement> & { documentsTotal: number; documentsOffset: number }>({ projectId: access.projectId }, "agreement", {
    list: "documents",
    offset: Math.max(0, page.offset ?? 0),
    limit: Math.min(AGREEMENT_DOCUMENTS_MAX, Math.max(1, page.limit ?? AGREEMENT_DOCUMENTS_PAGE)),
  });
  return { ...status, figures: result };
}

export async function progressFigures(access: ProjectAccess) {
  const { result, status } = await readFigures<Stored<ProjectProgress>>({ projectId: access.projectId }, "progress");
  // What the job keeps for its next run, not a figure.
  const { overTimeBasis: _basis, ...figures } = result ?? ({} as Stored<ProjectProgress>);
  return { ...status, figures: result ? (figures as Omit<Stored<ProjectProgress>, "overTimeBasis">) : null };
}

export async function documentAgreementFigures(access: DocumentAccess) {
  const { result, status } = await readFigures<Stored<DocumentAgreement>>({ projectId: access.projectId, documentId: access.documentId }, "document-agreement");
  return { ...status, figures: result };
}

/** The API answer: the figures' fields (when computed) next to their status. */
export const asApiAnswer = <T extends object>({ figures, ...status }: { figures: T | null } & Record<string, unknown>) => ({ ...(figures ?? {}), ...status });
