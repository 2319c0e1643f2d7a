import { z } from "zod";

// ASCII is checked before lower-casing: some letters lower-case to ASCII ("\u212Aate" with the
// Kelvin sign becomes "kate"), which would turn a look-alike into someone else's address.
export const emailSchema = z
  .string()
  .trim()
  .regex(/^[\x21-\x7e]*$/, { error: "Enter a valid email address" })
  .toLowerCase()
  .pipe(z.email({ error: "Enter a valid email address" }).max(254));

export const passwordSchema = z
  .string()
  .min(10, { error: "Use at least 10 characters" })
  .max(200, { error: "Use at most 200 characters" });

export const signUpSchema = z.object({
  email: emailSchema,
  name: z.string().trim().min(1, { error: "Enter your name" }).max(100),
  password: passwordSchema,
});
export type SignUpInput = z.infer<typeof signUpSchema>;

export const signInSchema = z.object({
  email: emailSchema,
  password: z.string().min(1).max(200),
});

export const changePasswordSchema = z.object({
  currentPassword: z.string().min(1, { error: "Enter your current password" }).max(200),
  newPassword: passwordSchema,
});

export const linkAccountSchema = z.object({
  token: z.string().min(1).max(100),
  password: z.string().min(1, { error: "Enter your workbench password" }).max(200),
});
