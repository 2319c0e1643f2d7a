import { z } from "zod";

// Recommenders (lib/server/recommenders): their settings, running one, and deciding a proposal.

const uuid = z.uuid({ error: "must be a UUID" });

const serverUrl = z
  .url({ protocol: /^https?$/, error: "url must be an http:// or https:// address" })
  .max(2000, { error: "url is at most 2,000 characters" });

const settings = {
  name: z.string().trim().min(1, { error: "name is required" }).max(100, { error: "name is at most 100 characters" }),
  enabled: z.boolean(),
  trigger: z.enum(["ON_IMPORT", "ON_DEMAND"], { error: "trigger is ON_IMPORT or ON_DEMAND" }),
  /** The labels it may propose; empty: every label. */
  labelIds: z.array(uuid).max(500),
  minScore: z.number().min(0, { error: "minScore is between 0 and 1" }).max(1, { error: "minScore is between 0 and 1" }),
  url: serverUrl.nullable(),
  model: z.string().trim().max(200).nullable(),
  /** English named entities: the label each kind of entity becomes (null: by the labels' usual names). */
  mapping: z.object({ people: uuid.nullable().optional(), places: uuid.nullable().optional(), organizations: uuid.nullable().optional() }).strict().nullable(),
  /** Write-only: stored encrypted, never returned. null removes it. */
  apiKey: z.string().min(1).max(1000).nullable(),
};

export const createRecommenderSchema = z.object({
  kind: z.enum(["ENGLISH_NER", "LABEL_STUDIO", "OPENAI"], { error: "kind is ENGLISH_NER, LABEL_STUDIO or OPENAI (the string matcher comes with every project)" }),
  ...settings,
  enabled: settings.enabled.default(true),
  trigger: settings.trigger.default("ON_DEMAND"),
  labelIds: settings.labelIds.default([]),
  minScore: settings.minScore.default(0),
  /** Model servers only. */
  url: serverUrl.optional(),
  model: settings.model.optional(),
  mapping: settings.mapping.optional(),
  apiKey: settings.apiKey.optional(),
});

export const updateRecommenderSchema = z.object(settings).partial();

export const runRecommenderSchema = z.object({
  /** Default: every document of the project (up to the run's cap). */
  documentIds: z.array(uuid).min(1).max(1000).optional(),
});

export const decideProposalSchema = z
  .object({
    decision: z.enum(["accept", "reject"], { error: "decision is accept or reject" }),
    // A span and label is proposed once (by the recommender scoring it highest), so it names the proposal.
    labelId: uuid,
    /** Unicode code points, end exclusive, as the proposal gave them. */
    start: z.int().min(0).max(100_000_000),
    end: z.int().min(1).max(100_000_000),
  })
  .refine((p) => p.end > p.start, { error: "end must be after start", path: ["end"] });

const span = { start: z.int().min(0).max(100_000_000), end: z.int().min(1).max(100_000_000) };

export const acceptAllProposalsSchema = z.object({
  labelId: uuid,
  /** Only these spans of the label's proposals and suggestions (a redo of an undone accept-all); default: all. */
  spans: z.array(z.object(span)).min(1).max(5_000).optional(),
});

const decidedSpan = z.object({ labelId: uuid, ...span });
export const undoProposalDecisionsSchema = z
  .object({
    /** Decisions on recommenders' proposals, by span and label. */
    decisions: z.array(decidedSpan).max(5_000).default([]),
    /** Decisions on knowledge-base suggestions, by the suggestion's id. */
    suggestionIds: z.array(uuid).max(5_000).default([]),
  })
  .refine((u) => u.decisions.length + u.suggestionIds.length > 0, { error: "name at least one decision to undo (decisions or suggestionIds)", path: ["decisions"] });
