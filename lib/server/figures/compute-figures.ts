import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client";
import { db } from "@/lib/db";
import { computeDocumentAgreement, computeProjectAgreementCounted } from "@/lib/server/agreement/project-agreement";
import { computeProjectProgress } from "@/lib/server/progress/project-progress";
import { inputMarker } from "@/lib/server/figures/input-marker";
import type { FiguresJob } from "@/lib/server/jobs/queue";

export type FiguresKind = "agreement" | "progress" | "document-agreement";

type Step = { kind: FiguresKind; scope: string; compute: () => Promise<unknown> };

// JSON as stored: Dates become ISO strings and NaN null, as in an API answer.
const asJson = (value: unknown) => JSON.parse(JSON.stringify(value)) as Prisma.InputJsonValue;

/** What a run did: how many documents' agreement statistics it had to recompute (their inputs changed). */
export type FiguresReport = { documentsComputed: number };

/**
 * What the figures job does (lib/server/jobs/runner.ts), and the "compute now" path for tests:
 * reads the input marker first, so a change made while computing leaves the figures stale and
 * they are computed again; marks the rows as computing with a step count the pages show.
 */
export async function computeFigures(job: FiguresJob): Promise<void> {
  await computeFiguresCounted(job);
}

/** computeFigures, saying how many documents' statistics it recomputed. */
export async function computeFiguresCounted(job: FiguresJob): Promise<FiguresReport> {
  const { projectId, documentId } = job;
  const report: FiguresReport = { documentsComputed: 0 };
  const project = await db.project.findUnique({ where: { id: projectId }, select: { id: true } });
  if (!project) return report; // deleted meanwhile: nothing to compute
  if (documentId) {
    const document = await db.document.findFirst({ where: { id: documentId, projectId, deletedAt: null }, select: { id: true } });
    if (!document) return report;
  }
  const marker = await inputMarker(projectId, documentId);
  const steps: Step[] = documentId
    ? [{ kind: "document-agreement", scope: documentId, compute: () => computeDocumentAgreement(projectId, documentId) }]
    : [
        {
          kind: "agreement",
          scope: "",
          compute: async () => {
            const { refresh, figures } = await computeProjectAgreementCounted(projectId);
            report.documentsComputed += refresh.computed;
            return figures;
          },
        },
        { kind: "progress", scope: "", compute: () => computeProjectProgress(projectId) },
      ];
  const now = new Date();
  for (const { kind, scope } of steps) {
    await db.computedFigures.upsert({
      where: { projectId_kind_scope: { projectId, kind, scope } },
      create: { projectId, kind, scope, computingSince: now, progressDone: 0, progressTotal: steps.length },
      update: { computingSince: now, progressDone: 0, progressTotal: steps.length },
    });
  }
  let done = 0;
  try {
    for (const step of steps) {
      const result = asJson(await step.compute());
      done++;
      await db.computedFigures.update({
        where: { projectId_kind_scope: { projectId, kind: step.kind, scope: step.scope } },
        data: { result, inputMarker: marker, computedAt: new Date(), computingSince: null },
      });
      await db.computedFigures.updateMany({ where: { projectId, kind: { in: steps.map((s) => s.kind) }, computingSince: { not: null } }, data: { progressDone: done } });
    }
  } finally {
    // A failed step leaves the last figures in place, no longer marked as computing (the job is retried).
    await db.computedFigures.updateMany({ where: { projectId, OR: steps.map((s) => ({ kind: s.kind, scope: s.scope })), computingSince: now }, data: { computingSince: null } });
  }
  return report;
}
