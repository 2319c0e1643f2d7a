import { z } from "zod";
import { sqlInt } from "@/lib/schemas/sql-int";

export const reviewSchema = z.object({
  decision: z.enum(["ACCEPTED", "REJECTED"]),
  comment: z.string().trim().max(5000).default(""),
  // The version the reviewer looked at: a verdict on an older version is refused (409).
  version: sqlInt(1),
});
