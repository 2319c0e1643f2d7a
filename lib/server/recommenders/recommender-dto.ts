import "server-only";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";

/** What anyone outside the server learns about a recommender: never the key, only whether one is set. */
export type RecommenderDto = {
  id: string;
  name: string;
  kind: "STRING_MATCHER" | "ENGLISH_NER" | "LABEL_STUDIO" | "OPENAI";
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

/** Per label: stored proposals (null for the string matcher, which proposes as people annotate) and everyone's decisions. */
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

/**
 * Every project has one string matcher (on by default, every label): made the first time the
 * project's recommenders are asked for, so existing projects get it too.
 */
export async function ensureStringMatcher(projectId: string) {
  const found = await db.recommender.findFirst({ where: { projectId, kind: "STRING_MATCHER" }, select: RECOMMENDER_SELECT });
  if (found) return found;
  await db.recommender.createMany({ data: [{ projectId, kind: "STRING_MATCHER", name: STRING_MATCHER_NAME }], skipDuplicates: true });
  return db.recommender.findFirstOrThrow({ where: { projectId, kind: "STRING_MATCHER" }, select: RECOMMENDER_SELECT });
}
