import { z } from "zod";
import { sqlInt } from "@/lib/schemas/sql-int";
import { visibilitySettingsSchema } from "@/lib/schemas/project";

const key = z.string().regex(/^\d+:\d+:[0-9a-f-]{36}$/, { error: "not a candidate key" });

export const adjudicateSchema = z.discriminatedUnion("action", [
  // Take one candidate (one annotator's version) into the gold layer; the others in its cluster are rejected.
  // With `annotationId`, that annotator's annotation alone is the source (its attributes, links and relations).
  z.object({ action: z.literal("take"), key, annotationId: z.uuid().optional(), rejectOthers: z.array(key).max(1000).default([]) }),
  // Put an edited version into the gold layer instead; the listed candidates are rejected.
  z.object({
    action: z.literal("edit"),
    start: sqlInt(),
    end: sqlInt(),
    exact: z.string().min(1).max(100_000),
    labelId: z.uuid(),
    rejectOthers: z.array(key).max(1000).default([]),
    // The version it corrects: its annotations are the sources (else every rejected version is).
    basedOn: key.optional(),
    // Narrower still: the one annotator's annotation it corrects.
    annotationId: z.uuid().optional(),
  }),
  // None of these go into the gold layer.
  z.object({ action: z.literal("reject"), keys: z.array(key).min(1).max(1000) }),
]);

export const projectSettingsSchema = z.object({
  name: z.string().trim().min(1).max(200).optional(),
  description: z.string().trim().max(5000).optional(),
  peerReview: z.boolean().optional(),
  allowStackedTags: z.boolean().optional(),
  agreementThreshold: z.number().int().min(1).max(50).optional(),
  ...visibilitySettingsSchema.partial().shape,
});
