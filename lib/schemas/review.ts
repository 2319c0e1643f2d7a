import { z } from "zod";

export const reviewSchema = z.object({
  decision: z.enum(["ACCEPTED", "REJECTED"]),
  comment: z.string().trim().max(5000).default(""),
  // The version the reviewer looked at: a verdict on an older version is refused (409).
  version: z.number().int().min(1),
});
