import { z } from "zod";
import { LABEL_KINDS, PALETTE_HEXES } from "@/lib/labels/palette";
import { emailSchema } from "@/lib/schemas/account";

export const ROLES = ["OWNER", "CURATOR", "ANNOTATOR", "VIEWER"] as const;

/** Whose annotations members see (Project.annotatorsSee / annotatorsSeeGold / viewersSee); curators and owners see all. */
export const visibilitySettingsSchema = z.object({
  annotatorsSee: z.enum(["OWN", "EVERYONE"], { error: 'annotatorsSee is "OWN" (only their own work) or "EVERYONE"' }),
  annotatorsSeeGold: z.boolean(),
  viewersSee: z.enum(["GOLD", "EVERYONE"], { error: 'viewersSee is "GOLD" (the gold layer only) or "EVERYONE"' }),
});

export const createProjectSchema = z.object({
  name: z.string().trim().min(1, { error: "Give the project a name" }).max(200),
  description: z.string().trim().max(5000).default(""),
  // Left out: the defaults, annotators see their own work and viewers the gold layer.
  ...visibilitySettingsSchema.partial().shape,
});

export const inviteMemberSchema = z.object({
  email: emailSchema,
  role: z.enum(ROLES),
});

export const acceptInvitationSchema = z.object({ secret: z.string().min(1).max(200) });

export const changeRoleSchema = z.object({ role: z.enum(ROLES) });

const hotkey = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9]$/, { error: "A hotkey is one letter or digit" })
  .nullable();

export const labelSchema = z.object({
  name: z.string().trim().min(1, { error: "Give the label a name" }).max(60),
  kind: z.enum(LABEL_KINDS),
  color: z.string().toLowerCase().refine((c) => PALETTE_HEXES.includes(c), {
    error: `Choose a colour from the palette: ${PALETTE_HEXES.join(", ")}`,
  }),
  hotkey: hotkey.default(null),
  description: z.string().trim().max(1000).default(""),
});

export const labelPatchSchema = labelSchema.partial();

/** An owner maps an imported author (of a restored project) to one of the project's members. */
export const mapImportedAuthorSchema = z.object({ memberId: z.uuid({ error: "memberId must be a member's id" }) });
