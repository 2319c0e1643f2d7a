import { z } from "zod";

export const commentSchema = z.object({
  body: z.string().trim().min(1, { error: "Write something first" }).max(10_000),
  parentId: z.uuid().optional(),
});

export const commentPatchSchema = z.object({ resolved: z.boolean() });
