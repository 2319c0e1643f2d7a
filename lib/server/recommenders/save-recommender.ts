import "server-only";
import type { z } from "zod";
import { db } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import type { createRecommenderSchema, updateRecommenderSchema } from "@/lib/schemas/recommenders";
import { authorize, isUuid, type ProjectAccess } from "@/lib/server/authz";
import { AppError, notFound } from "@/lib/server/errors";
import { ensureKnowledgeBaseRecommender, ensureStringMatcher, RECOMMENDER_SELECT, toRecommenderDto, type RecommenderDto, type RecommenderLabelStats } from "@/lib/server/recommenders/recommender-dto";
import { recommenderFigures } from "@/lib/server/recommenders/recommender-figures";
import { sealSecret } from "@/lib/server/recommenders/secret-box";

const mappedLabels = (mapping: Record<string, string | null | undefined> | null | undefined) =>
  Object.values(mapping ?? {}).filter((id): id is string => typeof id === "string");

async function checkLabels(projectId: string, labelIds: string[] | undefined) {
  if (!labelIds?.length) return;
  const found = await db.label.count({ where: { projectId, id: { in: labelIds } } });
  if (found !== new Set(labelIds).size) throw new AppError("INVALID_INPUT", "Unknown label: every label must be part of this project's label scheme.");
}

/** A recommender of this project (404 for anything else, including ids that are not ids). */
async function findRecommender(access: ProjectAccess, recommenderId: string) {
  const found = isUuid(recommenderId)
    ? await db.recommender.findFirst({ where: { id: recommenderId, projectId: access.projectId }, select: { kind: true, url: true } })
    : null;
  if (!found) throw notFound("Recommender not found");
  return found;
}

const isUniqueViolation = (e: unknown) => (e as { code?: string }).code === "P2002";
const nameTaken = (name: string) => new AppError("CONFLICT", `A recommender named “${name}” exists already in this project.`);

/**
 * The project's recommenders, string matcher first and knowledge base last, each with its numbers per label: proposals,
 * accepted, rejected, precision (accepted of decided). Owners and curators: the settings page —
 * the numbers sum up everyone's decisions, which annotators working blind may not see.
 */
export async function listRecommenders(access: ProjectAccess): Promise<(RecommenderDto & { stats: RecommenderLabelStats[] })[]> {
  // Reading the settings and run reports changes nothing: read-only tokens of curators may.
  authorize(access, "see-progress");
  const { projectId } = access;
  await Promise.all([ensureStringMatcher(projectId), ensureKnowledgeBaseRecommender(projectId)]);
  const [rows, figures] = await Promise.all([
    db.recommender.findMany({ where: { projectId }, orderBy: [{ kind: "asc" }, { createdAt: "asc" }], select: RECOMMENDER_SELECT }),
    recommenderFigures(access),
  ]);
  return rows.map((row) => ({
    ...toRecommenderDto(row),
    stats: figures.rows.filter((f) => f.recommenderId === row.id).map(({ labelId, proposals, accepted, rejected, precision }) => ({ labelId, proposals, accepted, rejected, precision })),
  }));
}

/** Adds a model server (owners and curators). */
export async function createRecommender(access: ProjectAccess, input: z.infer<typeof createRecommenderSchema>): Promise<RecommenderDto> {
  authorize(access, "curate");
  if (input.kind !== "ENGLISH_NER" && !input.url) throw new AppError("INVALID_INPUT", "A model server needs its url.");
  await checkLabels(access.projectId, [...input.labelIds, ...mappedLabels(input.mapping)]);
  const { apiKey, mapping, ...settings } = input;
  try {
    const row = await db.recommender.create({
      data: {
        ...settings, url: settings.url ?? null, model: settings.model ?? null, projectId: access.projectId, keyCiphertext: apiKey ? sealSecret(apiKey) : null,
        ...(mapping ? { mapping } : {}),
      },
      select: RECOMMENDER_SELECT,
    });
    return toRecommenderDto(row);
  } catch (e) {
    if (isUniqueViolation(e)) throw nameTaken(input.name);
    throw e;
  }
}

/**
 * Changes a recommender's settings; the string matcher and the knowledge base have no server, model
 * or key. The knowledge base's suggestions all score 1 (a name or alias of the item, whole words),
 * so its minimum score filters nothing out.
 */
export async function updateRecommender(access: ProjectAccess, recommenderId: string, input: z.infer<typeof updateRecommenderSchema>): Promise<RecommenderDto> {
  authorize(access, "curate");
  const found = await findRecommender(access, recommenderId);
  const inProcess = found.kind === "STRING_MATCHER" || found.kind === "ENGLISH_NER" || found.kind === "KNOWLEDGE_BASE";
  if (inProcess && (input.url !== undefined || input.model !== undefined || input.apiKey !== undefined)) {
    throw new AppError("INVALID_INPUT", "This recommender runs inside the workbench: it has no server address, model or key.");
  }
  if (found.kind !== "ENGLISH_NER" && input.mapping !== undefined) throw new AppError("INVALID_INPUT", "Only the English named-entity recommender has a mapping to labels.");
  if (!inProcess && input.url === null) throw new AppError("INVALID_INPUT", "A model server needs its url.");
  await checkLabels(access.projectId, [...(input.labelIds ?? []), ...mappedLabels(input.mapping)]);
  const { apiKey, mapping, ...settings } = input;
  // The key was given for the server it was set with: pointed elsewhere without a new key, the
  // stored one is forgotten — else anyone who may change the address could have it sent to theirs.
  const movedWithoutKey = input.url != null && input.url !== found.url && apiKey === undefined;
  const key = apiKey !== undefined ? { keyCiphertext: apiKey === null ? null : sealSecret(apiKey) } : movedWithoutKey ? { keyCiphertext: null } : {};
  try {
    const row = await db.recommender.update({
      where: { id: recommenderId },
      data: {
        ...settings, url: settings.url ?? undefined,
        ...(mapping !== undefined ? { mapping: mapping === null ? Prisma.DbNull : mapping } : {}),
        ...key },
      select: RECOMMENDER_SELECT,
    });
    return toRecommenderDto(row);
  } catch (e) {
    if (isUniqueViolation(e) && input.name) throw nameTaken(input.name);
    throw e;
  }
}

/** Removes a model server with its stored proposals (decisions already made stay, for the record). */
export async function deleteRecommender(access: ProjectAccess, recommenderId: string): Promise<void> {
  authorize(access, "curate");
  const found = await findRecommender(access, recommenderId);
  if (found.kind === "STRING_MATCHER") throw new AppError("INVALID_INPUT", "The string matcher cannot be removed; switch it off instead.");
  if (found.kind === "KNOWLEDGE_BASE") throw new AppError("INVALID_INPUT", "The knowledge base's suggestions cannot be removed; switch them off instead.");
  await db.recommender.delete({ where: { id: recommenderId } });
}
