import { z } from "zod";

const uuid = z.uuid({ error: "must be a UUID" });

/** Replace a document's assignees with exactly these members. */
export const setAssigneesSchema = z.object({
  documentId: uuid,
  userIds: z.array(uuid).max(500),
});

/** "N annotators per document", spread evenly over the chosen annotators and documents. */
export const spreadAssignmentsSchema = z.object({
  perDocument: z.number().int().min(1, { error: "At least one annotator per document" }).max(50),
  /** Default: every member with the ANNOTATOR role. */
  annotatorIds: z.array(uuid).min(1).max(500).optional(),
  /** Default: every document of the project. */
  documentIds: z.array(uuid).min(1).max(100_000).optional(),
});

export const finishedSchema = z.object({ finished: z.boolean() });
