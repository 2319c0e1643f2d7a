import { z } from "zod";

export const TOKEN_EXPIRY_DAYS = [7, 30, 90, 365] as const;

export const createApiTokenSchema = z.object({
  name: z.string().trim().min(1, "Give the token a name, e.g. the script that will use it.").max(100),
  projectIds: z.array(z.uuid("Not a project id")).min(1, "Choose at least one project.").max(200),
  access: z.enum(["READ", "READ_WRITE"]),
  // Days until it stops working; null for no expiry.
  expiresInDays: z.union([z.literal(TOKEN_EXPIRY_DAYS), z.null()]).default(90),
});
export type CreateApiTokenInput = z.infer<typeof createApiTokenSchema>;

/** The request to make a token: the account's password is asked again (checked by the route). */
export const createApiTokenRequestSchema = createApiTokenSchema.extend({
  password: z.string().max(200).optional(),
});
