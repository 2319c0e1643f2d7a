import "server-only";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";

export type RecommenderKind = "STRING_MATCHER" | "ENGLISH_NER" | "LABEL_STUDIO" | "OPENAI" | "KNOWLEDGE_BASE";

/** What anyone outside the server learns about a recommender: never the key, only whether one is set. */
export type RecommenderDto = {
  id: string;
  name: string;
  kind: RecommenderKind;
  enabled: boolean;
  trigger: "ON_IMPORT" | "ON_DEMAND";
  labelIds: string[];
  minScore: number;
  url: string | null;
  model: string | null;
  hasApiKey: boolean;
  /** English named entities: the label each kind becomes, as saved (null or missing: the label with the usual name). */
  mapping: Partial<Record<"people" | "places" | "organizations", string | null>> | null;
  lastRunAt: string | null;
  /** The last run's report: proposals stored, dropped (with reasons), the error if it failed. */
  lastRun: RunReport | null;
};

/**
 * Per label: stored proposals (null for the string matcher, which proposes as people annotate; for
 * the knowledge base, its stored suggestions under the label they are offered with) and decisions.
 */
export type RecommenderLabelStats = { labelId: string; proposals: number | null; accepted: number; rejected: number; precision: number | null };

export type RunReport = { ok: boolean; documents: number; proposals: number; dropped: { reason: string; count: number }[]; error?: string };

export const RECOMMENDER_SELECT = {
  id: true, name: true, kind: true, enabled: true, trigger: true, labelIds: true, minScore: true, url: true, model: true, mapping: true, keyCiphertext: true, lastRunAt: true, lastRun: true,
} as const;

type Row = Prisma.RecommenderGetPayload<{ select: typeof RECOMMENDER_SELECT }>;

export const toRecommenderDto = ({ keyCiphertext, lastRunAt, lastRun, mapping, ...r }: Row): RecommenderDto => ({
  ...r,
  mapping: (mapping as RecommenderDto["mapping"]) ?? null,
  hasApiKey: keyCiphertext !== null,
  lastRunAt: lastRunAt?.toISOString() ?? null,
  lastRun: (lastRun as RunReport | null) ?? null,
});

export const STRING_MATCHER_NAME = "String matcher";
export const KNOWLEDGE_BASE_NAME = "Knowledge base";

/**
 * The recommenders every project has (a trigger makes them with the project; this makes them for a
 * project that lacks one all the same): the string matcher (every label, on) and the knowledge
 * base (its names and aliases, found on import). A model server may have taken the usual name.
 */
async function ensureBuiltIn(projectId: string, kind: "STRING_MATCHER" | "KNOWLEDGE_BASE", name: string, trigger: "ON_IMPORT" | "ON_DEMAND") {
  const found = await db.recommender.findFirst({ where: { projectId, kind }, select: RECOMMENDER_SELECT });
  if (found) return found;
  for (const candidate of [name, `${name} (built in)`]) {
    await db.recommender.createMany({ data: [{ projectId, kind, name: candidate, trigger }], skipDuplicates: true });
    const made = await db.recommender.findFirst({ where: { projectId, kind }, select: RECOMMENDER_SELECT });
    if (made) return made;
  }
  return db.recommender.findFirstOrThrow({ where: { projectId, kind }, select: RECOMMENDER_SELECT });
}

/** The project's string matcher. */
export const ensureStringMatcher = (projectId: string) => ensureBuiltIn(projectId, "STRING_MATCHER", STRING_MATCHER_NAME, "ON_DEMAND");

/** The project's knowledge-base recommender: whether its suggestions are offered, and in which labels. */
export const ensureKnowledgeBaseRecommender = (projectId: string) => ensureBuiltIn(projectId, "KNOWLEDGE_BASE", KNOWLEDGE_BASE_NAME, "ON_IMPORT");
