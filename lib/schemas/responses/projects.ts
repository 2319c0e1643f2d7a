import { z } from "zod";
import { count, isoDateTime, kindSchema, personRef, roleSchema } from "@/lib/schemas/responses/common";

const visibility = {
  annotatorsSee: z.enum(["OWN", "EVERYONE"]),
  annotatorsSeeGold: z.boolean(),
  viewersSee: z.enum(["EVERYONE", "GOLD"]),
};
export const projectSettings = z
  .object({ id: z.string(), name: z.string(), description: z.string(), peerReview: z.boolean(), allowStackedTags: z.boolean(), ...visibility, agreementThreshold: z.number() })
  .meta({ id: "ProjectSettings" });
export const projectWithRole = projectSettings.extend({ role: roleSchema, createdAt: isoDateTime }).meta({ id: "Project" });
export const projectList = z.object({
  projects: z.array(z.object({ id: z.string(), name: z.string(), description: z.string(), createdAt: isoDateTime, role: roleSchema, documentCount: count, memberCount: count })),
});
export const createdProject = z.object({ id: z.string(), name: z.string(), description: z.string(), createdAt: isoDateTime });

export const label = z
  .object({ id: z.string(), name: z.string(), kind: kindSchema, color: z.string(), hotkey: z.string().nullable(), description: z.string(), position: z.number().int() })
  .meta({ id: "Label" });
export const labelList = z.object({ labels: z.array(label.extend({ annotationCount: count })) });

export const relationType = z
  .object({ id: z.string(), name: z.string(), description: z.string(), position: z.number().int(), fromKind: kindSchema, toKind: kindSchema })
  .meta({ id: "RelationType" });
export const relationTypeList = z.object({ relationTypes: z.array(relationType.extend({ relationCount: count })) });

export const memberList = z.object({
  members: z.array(
    z.object({
      userId: z.string(),
      email: z.string().optional().meta({ description: "For curators and owners, and in the caller's own entry; absent otherwise." }),
      name: z.string(),
      role: roleSchema,
      since: isoDateTime,
    }),
  ),
});
export const memberRole = z.object({ userId: z.string(), role: roleSchema }).nullable();

export const invitation = z
  .object({ id: z.string(), email: z.string(), role: roleSchema, createdAt: isoDateTime, expiresAt: isoDateTime, expired: z.boolean() })
  .meta({ id: "Invitation" });
export const invitationList = z.object({ invitations: z.array(invitation) });
export const createdInvitation = z.object({
  invitation,
  path: z.string(),
  url: z.string().meta({ description: "The link to send to the invited person; it holds the secret and is shown only here." }),
});
export const acceptedInvitation = z.object({ projectId: z.string(), role: roleSchema });

export const importedAuthorList = z.object({
  importedAuthors: z.array(z.object({ id: z.string(), name: z.string(), originalEmail: z.string().nullable(), mappedTo: personRef.nullable(), annotations: count })),
});
export const mappedImportedAuthor = z.object({ authorId: z.string(), memberId: z.string(), annotations: count, reviews: count, comments: count });

export const apiToken = z
  .object({
    id: z.string(),
    name: z.string(),
    prefix: z.string(),
    access: z.enum(["READ", "READ_WRITE"]),
    expiresAt: isoDateTime.nullable(),
    lastUsedAt: isoDateTime.nullable(),
    createdAt: isoDateTime,
    projects: z.array(z.object({ id: z.string(), name: z.string() })),
  })
  .meta({ id: "ApiToken" });
export const apiTokenList = z.object({ tokens: z.array(apiToken) });
export const createdApiToken = z.object({ token: apiToken, secret: z.string().meta({ description: "The token itself (awb_…), shown this once." }) });

export const signedUp = z.object({ id: z.string(), email: z.string(), name: z.string() });
export const passwordChanged = z.object({ endedSessions: count, revokedTokens: count });
export const sessionsEnded = z.object({ endedSessions: count });
export const accountLinked = z.object({ provider: z.string() });

export const health = z.object({
  status: z.enum(["ok", "degraded"]),
  database: z.object({ status: z.enum(["ok", "unreachable", "failing"]), latencyMs: z.number().optional(), error: z.string().optional() }),
  schema: z.object({ status: z.enum(["current", "behind", "unknown"]), pending: z.array(z.string()).optional(), error: z.string().optional() }).optional(),
  live: z.enum(["idle", "listening", "reconnecting"]),
});
