import "server-only";
import type { z } from "zod";
import { db } from "@/lib/db";
import { uuidv7 } from "@/lib/ids";
import type { acceptAllProposalsSchema } from "@/lib/schemas/recommenders";
import { createAnnotation } from "@/lib/server/annotations/create-annotation";
import { authorize, type DocumentAccess } from "@/lib/server/authz";
import { listDocumentProposals } from "@/lib/server/recommenders/list-document-proposals";

/** At most this many proposals are accepted by one "accept all". */
export const MAX_ACCEPT_ALL = 2_000;

export type AcceptedAll = { accepted: { labelId: string; start: number; end: number; annotationId: string }[] };

/**
 * Accepts every proposal with this label that the caller has in the document: each becomes their
 * own annotation, recorded like a single accept. Proposals another request decided meanwhile are
 * skipped. Undo with undoProposalDecisions.
 */
export async function acceptAllProposals(access: DocumentAccess, input: z.infer<typeof acceptAllProposalsSchema>): Promise<AcceptedAll> {
  authorize(access, "annotate");
  const { documentId, userId } = access;
  const proposals = (await listDocumentProposals(access)).filter((p) => p.labelId === input.labelId).slice(0, MAX_ACCEPT_ALL);
  if (proposals.length === 0) return { accepted: [] };
  // Claim them all in one statement; those already decided (a concurrent click) are left out.
  const claimed = await db.proposalDecision.createManyAndReturn({
    data: proposals.map((p) => ({ documentId, userId, labelId: p.labelId, start: p.start, end: p.end, exact: p.exact, verdict: "ACCEPTED" as const, recommenderId: p.recommenderId, score: p.score })),
    skipDuplicates: true,
    select: { id: true, labelId: true, start: true, end: true, exact: true },
  });
  const accepted: AcceptedAll["accepted"] = [];
  try {
    for (const c of claimed) {
      const { annotation } = await createAnnotation(access, { id: uuidv7(), labelId: c.labelId, start: c.start, end: c.end, exact: c.exact, attributes: {}, note: "" });
      await db.proposalDecision.update({ where: { id: c.id }, data: { annotationId: annotation.id } });
      accepted.push({ labelId: c.labelId, start: c.start, end: c.end, annotationId: annotation.id });
    }
  } catch (error) {
    // The ones not made are proposed again; those made stay (they are ordinary annotations now).
    const made = new Set(accepted.map((a) => `${a.start}:${a.end}`));
    await db.proposalDecision.deleteMany({ where: { id: { in: claimed.filter((c) => !made.has(`${c.start}:${c.end}`)).map((c) => c.id) } } });
    throw error;
  }
  return { accepted };
}
