import "server-only";
import type { z } from "zod";
import { db } from "@/lib/db";
import { candidateKey, candidatesOf, type Candidate } from "@/lib/curation/candidates";
import { curationClusters, mergeableCandidates, type CurationInput } from "@/lib/curation/curation-state";
import { uuidv7 } from "@/lib/ids";
import type { adjudicateSchema } from "@/lib/schemas/curation";
import type { DocumentAccess } from "@/lib/server/authz";
import { ANNOTATION_SELECT, toAnnotationDto } from "@/lib/server/annotations/annotation-dto";
import { recordHistory } from "@/lib/server/annotations/history";
import { lockDocumentChanges, notifyAnnotationChange } from "@/lib/server/annotations/notify";
import { anchor, labelKind } from "@/lib/server/annotations/validate-annotation";
import type { CurationDecisionKind } from "@/lib/generated/prisma/enums";
import type { Prisma } from "@/lib/generated/prisma/client";
import { AppError } from "@/lib/server/errors";
import { annotationVersions } from "@/lib/server/curation/curation-versions";
import { followReferences, goldCopyOf } from "@/lib/server/curation/gold-references";

/**
 * Writes the curator's decision into the history of each annotator's annotation it concerns:
 * taken into the gold layer (with the gold annotation's id) or rejected.
 */
async function recordAdjudication(tx: Prisma.TransactionClient, curatorId: string, annotationIds: string[], after: { decision: CurationDecisionKind; goldAnnotationId?: string }) {
  if (annotationIds.length === 0) return;
  const sources = await tx.annotation.findMany({ where: { id: { in: annotationIds } }, select: { id: true, version: true } });
  await tx.annotationHistory.createMany({
    data: sources.map((a) => ({ annotationId: a.id, actorId: curatorId, action: "ADJUDICATE" as const, version: a.version, after })),
  });
}

/**
 * Keys of what annotators propose now and of the live gold layer, read inside the transaction
 * after the document's changes are locked: what a decision checks against.
 */
async function layerKeys(tx: Prisma.TransactionClient, documentId: string) {
  const live = await tx.annotation.findMany({ where: { documentId, deletedAt: null }, select: { id: true, authorId: true, start: true, end: true, labelId: true, gold: true } });
  const proposed = new Map<string, string[]>();
  const proposers = new Map<string, Set<string>>();
  for (const a of live) {
    if (a.gold) continue;
    const key = candidateKey(a);
    proposed.set(key, [...(proposed.get(key) ?? []), a.id]);
    proposers.set(key, (proposers.get(key) ?? new Set()).add(a.authorId));
  }
  return { proposed, proposers, gold: new Set(live.filter((a) => a.gold).map(candidateKey)) };
}

async function load(documentId: string) {
  const [annotations, decisions] = await Promise.all([
    db.annotation.findMany({
      where: { documentId, deletedAt: null },
      select: { id: true, authorId: true, start: true, end: true, labelId: true, exact: true, attributes: true, gold: true },
    }),
    db.curationDecision.findMany({ where: { documentId }, select: { candidateKey: true, decision: true } }),
  ]);
  return {
    candidates: candidatesOf(annotations.filter((a) => !a.gold)),
    goldKeys: new Set(annotations.filter((a) => a.gold).map(candidateKey)),
    decisions: new Map<string, CurationDecisionKind>(decisions.map((d) => [d.candidateKey, d.decision])),
    gold: annotations.filter((a) => a.gold),
  };
}

async function threshold(projectId: string) {
  return (await db.project.findUniqueOrThrow({ where: { id: projectId }, select: { agreementThreshold: true } })).agreementThreshold;
}

async function curationInput(access: DocumentAccess) {
  const [state, min] = await Promise.all([load(access.documentId), threshold(access.projectId)]);
  const input: CurationInput = { candidates: state.candidates, goldKeys: state.goldKeys, decisions: state.decisions, threshold: min };
  return { state, input };
}

/**
 * The document's candidates in clusters, each with its status; `mergeable`: how many candidates
 * "Merge agreed spans" would put into the gold layer now; `versions`: each annotator's annotation
 * by id, as a curator compares them.
 */
export async function curationView(access: DocumentAccess) {
  const [{ state, input }, versions] = await Promise.all([curationInput(access), annotationVersions(access.documentId)]);
  return { threshold: input.threshold, goldCount: state.gold.length, mergeable: mergeableCandidates(input).length, clusters: curationClusters(input), versions };
}

async function createGold(
  access: DocumentAccess,
  curatorId: string,
  span: { start: number; end: number; exact: string; labelId: string; sources: string[] },
  decision: { key: string; kind: CurationDecisionKind; basedOn?: string; minProposers?: number },
  rejectKeys: string[],
  candidates: Candidate[],
) {
  const kind = await labelKind(access.projectId, span.labelId);
  const quote = await anchor(access.documentId, span);
  return db.$transaction(async (tx) => {
    await lockDocumentChanges(tx, access.documentId);
    const now = await layerKeys(tx, access.documentId);
    const earlier = await tx.curationDecision.findUnique({ where: { documentId_candidateKey: { documentId: access.documentId, candidateKey: decision.key } } });
    // Decided meanwhile by another curator (in gold, or rejected): keep theirs. A version whose
    // gold annotation was deleted since may be taken again; a correction is the curator's own
    // newer decision about its span and label, so it stands over an earlier rejection of them.
    if (now.gold.has(decision.key) || (earlier?.decision === "REJECTED" && decision.kind !== "EDITED")) return null;
    // A taken or merged version is what annotators propose now: one withdrawn or changed since
    // the page (or the merge) read it is not copied from deleted sources, and a merge needs its
    // threshold of annotators still.
    const liveSources = decision.kind === "EDITED" ? span.sources : span.sources.filter((id) => now.proposed.get(decision.key)?.includes(id));
    if (decision.kind !== "EDITED" && (liveSources.length === 0 || (now.proposers.get(decision.key)?.size ?? 0) < (decision.minProposers ?? 1))) {
      if (decision.kind === "MERGED") return null;
      throw new AppError("NOT_FOUND", "No annotator proposes this version any more: it was changed or deleted meanwhile.");
    }
    // The version a correction corrects was decided meanwhile (taken, or rejected by another
    // correction): a second correction of it would put two competing versions into gold.
    if (decision.basedOn && decision.basedOn !== decision.key) {
      const basis = await tx.curationDecision.findUnique({ where: { documentId_candidateKey: { documentId: access.documentId, candidateKey: decision.basedOn } }, select: { decision: true } });
      if (now.gold.has(decision.basedOn) || basis?.decision === "REJECTED") return null;
    }
    // Only versions annotators propose now are rejected: a key nobody proposes would reject in
    // advance whoever proposes it later, and one withdrawn meanwhile has nothing left to reject.
    const proposedOthers = [...new Set(rejectKeys)].filter((k) => k !== decision.key && now.proposed.has(k));
    // Rejected already (maybe by another curator): that decision and its history stand as they are.
    const rejectedAlready = new Set(
      (await tx.curationDecision.findMany({ where: { documentId: access.documentId, candidateKey: { in: proposedOthers }, decision: "REJECTED" }, select: { candidateKey: true } })).map((d) => d.candidateKey),
    );
    const rejecting = proposedOthers.filter((k) => !rejectedAlready.has(k));
    // What this decision rejects went into gold meanwhile (another curator, or the merge): both
    // would end up in gold, which the curator did not choose.
    if (rejecting.some((k) => now.gold.has(k))) {
      throw new AppError("CONFLICT", "A version this decision rejects was put into the gold layer meanwhile. Reload to see it, and decide again.");
    }
    const id = uuidv7();
    const copy = await goldCopyOf(tx, access.documentId, { id, kind, sources: liveSources });
    const created = await tx.annotation.create({
      data: {
        id, projectId: access.projectId, documentId: access.documentId, labelId: span.labelId, authorId: curatorId,
        start: span.start, end: span.end, ...quote, attributes: copy.attributes as Prisma.InputJsonObject, gold: true, goldSources: liveSources, canonicalId: copy.canonicalId,
      },
      select: ANNOTATION_SELECT,
    });
    await tx.curationDecision.upsert({
      where: { documentId_candidateKey: { documentId: access.documentId, candidateKey: decision.key } },
      create: { documentId: access.documentId, candidateKey: decision.key, decision: decision.kind, decidedById: curatorId },
      update: { decision: decision.kind, decidedById: curatorId },
    });
    // One history entry per annotator's annotation: its own version was taken (or merged, or is
    // identical to the edited one), or it was rejected — in favour of the edited version, if any.
    const idsOf = (key: string) => candidates.find((c) => c.key === key)?.annotationIds ?? [];
    await recordAdjudication(tx, curatorId, idsOf(decision.key), { decision: decision.kind, goldAnnotationId: created.id });
    for (const key of rejecting) {
      await recordAdjudication(tx, curatorId, idsOf(key), decision.kind === "EDITED" ? { decision: "REJECTED", goldAnnotationId: created.id } : { decision: "REJECTED" });
      // Also a version removed from gold since it was taken: rejected now.
      await tx.curationDecision.upsert({
        where: { documentId_candidateKey: { documentId: access.documentId, candidateKey: key } },
        create: { documentId: access.documentId, candidateKey: key, decision: "REJECTED", decidedById: curatorId },
        update: { decision: "REJECTED", decidedById: curatorId },
      });
    }
    await recordHistory(tx, { annotationId: created.id, actorId: curatorId, action: "CREATE", version: 1, before: null, after: created });
    await followReferences(tx, access.documentId, access.projectId, curatorId, created.id);
    await notifyAnnotationChange(tx, access.documentId, created.id);
    return toAnnotationDto(created);
  });
}

/**
 * Puts every candidate that enough annotators share into the gold layer, unless a curator has
 * already decided about it: running it again after more annotations arrive never undoes a decision.
 */
export async function mergeAgreed(access: DocumentAccess) {
  const { userId: curatorId } = access;
  const { state, input } = await curationInput(access);
  let merged = 0;
  for (const c of mergeableCandidates(input)) {
    const created = await createGold(access, curatorId, { ...c, sources: c.annotationIds }, { key: c.key, kind: "MERGED", minProposers: input.threshold }, [], state.candidates);
    if (created) merged++;
  }
  return { merged };
}

/** A curator's decision on a disagreement: take one version, put an edited one, or reject. */
export async function adjudicate(access: DocumentAccess, input: z.infer<typeof adjudicateSchema>) {
  const { userId: curatorId } = access;
  if (input.action === "reject") {
    await db.$transaction(async (tx) => {
      await lockDocumentChanges(tx, access.documentId);
      const now = await layerKeys(tx, access.documentId);
      const keys = [...new Set(input.keys)];
      // A rejection is about a version an annotator proposes: one of a span nobody proposed
      // would silently reject the first annotator to propose it later.
      const unknown = keys.filter((k) => !now.proposed.has(k));
      if (unknown.length) throw new AppError("NOT_FOUND", `No annotator proposed this span and label (any more): ${unknown.slice(0, 5).join(", ")}.`);
      // In gold, it was decided: taking it out is deleting the gold annotation, not a rejection
      // that would leave it in gold while its history says rejected.
      const inGold = keys.filter((k) => now.gold.has(k));
      if (inGold.length) throw new AppError("CONFLICT", `This version is in the gold layer; delete the gold annotation to take it out: ${inGold.slice(0, 5).join(", ")}.`);
      const earlier = await tx.curationDecision.findMany({ where: { documentId: access.documentId, candidateKey: { in: keys } }, select: { candidateKey: true, decision: true } });
      const rejectedAlready = new Set(earlier.filter((d) => d.decision === "REJECTED").map((d) => d.candidateKey));
      // A retried rejection writes nothing again.
      for (const key of keys.filter((k) => !rejectedAlready.has(k))) {
        await tx.curationDecision.upsert({
          where: { documentId_candidateKey: { documentId: access.documentId, candidateKey: key } },
          create: { documentId: access.documentId, candidateKey: key, decision: "REJECTED", decidedById: curatorId },
          update: { decision: "REJECTED", decidedById: curatorId },
        });
        await recordAdjudication(tx, curatorId, now.proposed.get(key) ?? [], { decision: "REJECTED" });
      }
    });
    return { gold: null };
  }
  const state = await load(access.documentId);
  if (input.action === "take") {
    const candidate = state.candidates.find((c) => c.key === input.key);
    if (!candidate) throw new AppError("NOT_FOUND", "No annotator proposed this span and label (any more).");
    if (state.goldKeys.has(candidate.key)) throw new AppError("CONFLICT", "This version is already in the gold layer.");
    if (input.annotationId && !candidate.annotationIds.includes(input.annotationId)) throw new AppError("INVALID_INPUT", "This annotation is not one of this version's.");
    const sources = input.annotationId ? [input.annotationId] : candidate.annotationIds;
    const gold = await createGold(access, curatorId, { ...candidate, sources }, { key: candidate.key, kind: "TAKEN" }, input.rejectOthers, state.candidates);
    if (!gold) throw new AppError("CONFLICT", "Another curator decided about this version meanwhile.");
    return { gold };
  }
  const key = candidateKey(input);
  if (state.goldKeys.has(key)) throw new AppError("CONFLICT", "This version is already in the gold layer.");
  const basis = input.basedOn ? state.candidates.find((c) => c.key === input.basedOn) : undefined;
  if (input.basedOn && !basis) throw new AppError("NOT_FOUND", "No annotator proposed the version this corrects (any more).");
  if (input.annotationId && !basis?.annotationIds.includes(input.annotationId)) throw new AppError("INVALID_INPUT", "This annotation is not one of the corrected version's.");
  const sources = input.annotationId ? [input.annotationId] : basis ? basis.annotationIds : state.candidates.filter((c) => input.rejectOthers.includes(c.key)).flatMap((c) => c.annotationIds);
  const gold = await createGold(access, curatorId, { ...input, sources }, { key, kind: "EDITED", basedOn: input.basedOn }, input.rejectOthers, state.candidates);
  if (!gold) throw new AppError("CONFLICT", "Another curator decided about this version meanwhile.");
  return { gold };
}
