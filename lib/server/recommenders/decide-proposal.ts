import "server-only";
import type { z } from "zod";
import { db } from "@/lib/db";
import { uuidv7 } from "@/lib/ids";
import type { decideProposalSchema } from "@/lib/schemas/recommenders";
import { createAnnotation } from "@/lib/server/annotations/create-annotation";
import type { AnnotationDto } from "@/lib/server/annotations/annotation-dto";
import { authorize, type DocumentAccess } from "@/lib/server/authz";
import { AppError, notFound } from "@/lib/server/errors";
import { listDocumentProposals } from "@/lib/server/recommenders/list-document-proposals";

export type ProposalDecided = { verdict: "ACCEPTED" | "REJECTED"; annotation: AnnotationDto | null };

const isUniqueViolation = (e: unknown) => (e as { code?: string }).code === "P2002";

/**
 * One person's accept or reject of a proposal (annotators and above). Accepting makes it the
 * caller's own annotation — through the ordinary create-annotation use case — and records which
 * recommender proposed it with what score; rejecting is remembered so it is not proposed to them
 * again. Either way it is their decision only: the proposal stays for everyone else. A span that
 * is not (or no longer) proposed to the caller is a 404; deciding it twice a 409.
 */
export async function decideProposal(access: DocumentAccess, input: z.infer<typeof decideProposalSchema>): Promise<ProposalDecided> {
  authorize(access, "annotate");
  const { documentId, userId } = access;
  const proposal = (await listDocumentProposals(access, { labelId: input.labelId })).find(
    (p) => p.labelId === input.labelId && p.start === input.start && p.end === input.end,
  );
  if (!proposal) {
    const earlier = await db.proposalDecision.findUnique({
      where: { documentId_userId_labelId_start_end: { documentId, userId, labelId: input.labelId, start: input.start, end: input.end } },
      select: { verdict: true },
    });
    if (earlier) throw new AppError("CONFLICT", `You already ${earlier.verdict === "ACCEPTED" ? "accepted" : "rejected"} this proposal.`);
    throw notFound("No such proposal here (it may have been annotated meanwhile, or its recommender switched off)");
  }
  const verdict = input.decision === "accept" ? "ACCEPTED" : "REJECTED";
  let decisionId: string;
  try {
    // The decision is claimed first: two clicks at once make one annotation, not two.
    ({ id: decisionId } = await db.proposalDecision.create({
      data: { documentId, userId, labelId: proposal.labelId, start: proposal.start, end: proposal.end, exact: proposal.exact, verdict, recommenderId: proposal.recommenderId, score: proposal.score },
      select: { id: true },
    }));
  } catch (e) {
    if (isUniqueViolation(e)) throw new AppError("CONFLICT", "You already decided this proposal.");
    throw e;
  }
  if (verdict === "REJECTED") return { verdict, annotation: null };
  try {
    const { annotation } = await createAnnotation(access, {
      id: uuidv7(), labelId: proposal.labelId, start: proposal.start, end: proposal.end, exact: proposal.exact, attributes: {}, note: "",
    });
    await db.proposalDecision.update({ where: { id: decisionId }, data: { annotationId: annotation.id } });
    return { verdict, annotation };
  } catch (error) {
    // Nothing to show for the accept: it is proposed to them again.
    await db.proposalDecision.delete({ where: { id: decisionId } }).catch(() => undefined);
    throw error;
  }
}
