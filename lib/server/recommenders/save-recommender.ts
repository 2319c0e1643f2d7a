import "server-only";
import type { z } from "zod";
import { db } from "@/lib/db";
import type { createRecommenderSchema, updateRecommenderSchema } from "@/lib/schemas/recommenders";
import { authorize, isUuid, type ProjectAccess } from "@/lib/server/authz";
import { AppError, notFound } from "@/lib/server/errors";
import { ensureStringMatcher, RECOMMENDER_SELECT, toRecommenderDto, type RecommenderDto } from "@/lib/server/recommenders/recommender-dto";
import { sealSecret } from "@/lib/server/recommenders/secret-box";

async function checkLabels(projectId: string, labelIds: string[] | undefined) {
  if (!labelIds?.length) return;
  const found = await db.label.count({ where: { projectId, id: { in: labelIds } } });
  if (found !== new Set(labelIds).size) throw new AppError("INVALID_INPUT", "Unknown label: every label must be part of this project's label scheme.");
}

/** A recommender of this project (404 for anything else, including ids that are not ids). */
async function findRecommender(access: ProjectAccess, recommenderId: string) {
  const found = isUuid(recommenderId) ? await db.recommender.findFirst({ where: { id: recommenderId, projectId: access.projectId }, select: { kind: true } }) : null;
  if (!found) throw notFound("Recommender not found");
  return found;
}

const isUniqueViolation = (e: unknown) => (e as { code?: string }).code === "P2002";
const nameTaken = (name: string) => new AppError("CONFLICT", `A recommender named “${name}” exists already in this project.`);

/** The project's recommenders, string matcher first (owners and curators: the settings page). */
export async function listRecommenders(access: ProjectAccess): Promise<RecommenderDto[]> {
  // Reading the settings and run reports changes nothing: read-only tokens of curators may.
  authorize(access, "see-progress");
  await ensureStringMatcher(access.projectId);
  const rows = await db.recommender.findMany({ where: { projectId: access.projectId }, orderBy: [{ kind: "asc" }, { createdAt: "asc" }], select: RECOMMENDER_SELECT });
  return rows.map(toRecommenderDto);
}

/** Adds a model server (owners and curators). */
export async function createRecommender(access: ProjectAccess, input: z.infer<typeof createRecommenderSchema>): Promise<RecommenderDto> {
  authorize(access, "curate");
  await checkLabels(access.projectId, input.labelIds);
  const { apiKey, ...settings } = input;
  try {
    const row = await db.recommender.create({
      data: { ...settings, model: settings.model ?? null, projectId: access.projectId, keyCiphertext: apiKey ? sealSecret(apiKey) : null },
      select: RECOMMENDER_SELECT,
    });
    return toRecommenderDto(row);
  } catch (e) {
    if (isUniqueViolation(e)) throw nameTaken(input.name);
    throw e;
  }
}

/** Changes a recommender's settings; the string matcher has no server, model or key. */
export async function updateRecommender(access: ProjectAccess, recommenderId: string, input: z.infer<typeof updateRecommenderSchema>): Promise<RecommenderDto> {
  authorize(access, "curate");
  const found = await findRecommender(access, recommenderId);
  if (found.kind === "STRING_MATCHER" && (input.url !== undefined || input.model !== undefined || input.apiKey !== undefined)) {
    throw new AppError("INVALID_INPUT", "The string matcher learns from this project's annotations: it has no server address, model or key.");
  }
  if (found.kind !== "STRING_MATCHER" && input.url === null) throw new AppError("INVALID_INPUT", "A model server needs its url.");
  await checkLabels(access.projectId, input.labelIds);
  const { apiKey, ...settings } = input;
  try {
    const row = await db.recommender.update({
      where: { id: recommenderId },
      data: { ...settings, url: settings.url ?? undefined, ...(apiKey !== undefined ? { keyCiphertext: apiKey === null ? null : sealSecret(apiKey) } : {}) },
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
  await db.recommender.delete({ where: { id: recommenderId } });
}
