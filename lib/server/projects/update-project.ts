import "server-only";
import type { ProjectAccess } from "@/lib/server/authz";
import type { z } from "zod";
import { db } from "@/lib/db";
import type { projectSettingsSchema } from "@/lib/schemas/curation";
import { AppError } from "@/lib/server/errors";

const SETTINGS_SELECT = {
  id: true, name: true, description: true, peerReview: true, allowStackedTags: true, agreementThreshold: true, annotatorsSee: true, annotatorsSeeGold: true, viewersSee: true,
} as const;

/**
 * Peer review has annotators judge each other's annotations, which they can only do where they see
 * each other's work; the combination with "annotators see only their own work" is refused.
 */
export function peerReviewConflict(settings: { peerReview: boolean; annotatorsSee: "OWN" | "EVERYONE" }): string | null {
  return settings.peerReview && settings.annotatorsSee === "OWN"
    ? "Peer review needs annotators to see each other's work: set “Annotators see” (annotatorsSee) to everyone's work (EVERYONE), or turn peer review (peerReview) off."
    : null;
}

export async function updateProject(access: ProjectAccess, input: z.infer<typeof projectSettingsSchema>) {
  const { projectId } = access;
  return db.$transaction(async (tx) => {
    // Locked so that two owners changing the two settings at once cannot end up with the refused pair.
    await tx.$queryRaw`SELECT id FROM "Project" WHERE id = ${projectId}::uuid FOR UPDATE`;
    const current = await tx.project.findUniqueOrThrow({ where: { id: projectId }, select: { peerReview: true, annotatorsSee: true } });
    const conflict = peerReviewConflict({ ...current, ...input });
    if (conflict) throw new AppError("INVALID_INPUT", conflict);
    return tx.project.update({ where: { id: projectId }, data: input, select: SETTINGS_SELECT });
  });
}
