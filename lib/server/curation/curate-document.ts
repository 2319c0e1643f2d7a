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
  decision: { key: string; kind: CurationDecisionKind },
  rejectKeys: string[],
  candidates: Candidate[],
) {
  const kind = await labelKind(access.projectId, span.labelId);
  const quote = await anchor(access.documentId, span);
  return db.$transaction(async (tx) => {
    await lockDocumentChanges(tx, access.documentId);
    // Decided meanwhile by another curator: keep theirs.
    if (await tx.curationDecision.findUnique({ where: { documentId_candidateKey: { documentId: access.documentId, candidateKey: decision.key } } })) return null;
    const id = uuidv7();
    const copy = await goldCopyOf(tx, access.documentId, { id, kind, sources: span.sources });
    const created = await tx.annotation.create({
      data: {
        id, projectId: access.projectId, documentId: access.documentId, labelId: span.labelId, authorId: curatorId,
        start: span.start, end: span.end, ...quote, attributes: copy.attributes as Prisma.InputJsonObject, gold: true, goldSources: span.sources, canonicalId: copy.canonicalId,
      },
      select: ANNOTATION_SELECT,
    });
    await tx.curationDecision.create({ data: { documentId: access.documentId, candidateKey: decision.key, decision: decision.kind, decidedById: curatorId } });
    // One history entry per annotator's annotation: its own version was taken (or merged, or is
    // identical to the edited one), or it was rejected — in favour of the edited version, if any.
    const idsOf = (key: string) => candidates.find((c) => c.key === key)?.annotationIds ?? [];
    await recordAdjudication(tx, curatorId, idsOf(decision.key), { decision: decision.kind, goldAnnotationId: created.id });
    for (const key of rejectKeys.filter((k) => k !== decision.key)) {
      await recordAdjudication(tx, curatorId, idsOf(key), decision.kind === "EDITED" ? { decision: "REJECTED", goldAnnotationId: created.id } : { decision: "REJECTED" });
      await tx.curationDecision.upsert({
        where: { documentId_candidateKey: { documentId: access.documentId, candidateKey: key } },
        create: { documentId: access.documentId, candidateKey: key, decision: "REJECTED", decidedById: curatorId },
        update: {},
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
    const created = await createGold(access, curatorId, { ...c, sources: c.annotationIds }, { key: c.key, kind: "MERGED" }, [], state.candidates);
    if (created) merged++;
  }
  return { merged };
}

/** A curator's decision on a disagreement: take one version, put an edited one, or reject. */
export async function adjudicate(access: DocumentAccess, input: z.infer<typeof adjudicateSchema>) {
  const { userId: curatorId } = access;
  const state = await load(access.documentId);
  if (input.action === "reject") {
    await db.$transaction(async (tx) => {
      for (const key of input.keys) {
        await tx.curationDecision.upsert({
          where: { documentId_candidateKey: { documentId: access.documentId, candidateKey: key } },
          create: { documentId: access.documentId, candidateKey: key, decision: "REJECTED", decidedById: curatorId },
          update: { decision: "REJECTED", decidedById: curatorId },
        });
        await recordAdjudication(tx, curatorId, state.candidates.find((c) => c.key === key)?.annotationIds ?? [], { decision: "REJECTED" });
      }
    });
    return { gold: null };
  }
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
  const gold = await createGold(access, curatorId, { ...input, sources }, { key, kind: "EDITED" }, input.rejectOthers, state.candidates);
  if (!gold) throw new AppError("CONFLICT", "Another curator decided about this version meanwhile.");
  return { gold };
}
