import { z } from "zod";

export const attentionQuery = z.object({
  documentId: z.uuid({ error: "documentId must be a UUID" }).optional(),
});

export const dismissAttentionSchema = z.object({
  annotationId: z.uuid({ error: "annotationId must be a UUID" }),
});
