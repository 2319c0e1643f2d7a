import "server-only";
import type { TokenAccess } from "@/lib/generated/prisma/enums";

export const API_TOKEN_SELECT = {
  id: true,
  name: true,
  prefix: true,
  access: true,
  expiresAt: true,
  lastUsedAt: true,
  createdAt: true,
  projects: { select: { project: { select: { id: true, name: true } } }, orderBy: { project: { name: "asc" } } },
} as const;

export type ApiTokenDto = {
  id: string;
  name: string;
  prefix: string;
  access: TokenAccess;
  expiresAt: string | null;
  lastUsedAt: string | null;
  createdAt: string;
  projects: { id: string; name: string }[];
};

type Row = {
  id: string;
  name: string;
  prefix: string;
  access: TokenAccess;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  createdAt: Date;
  projects: { project: { id: string; name: string } }[];
};

export const toApiTokenDto = (row: Row): ApiTokenDto => ({
  id: row.id,
  name: row.name,
  prefix: row.prefix,
  access: row.access,
  expiresAt: row.expiresAt?.toISOString() ?? null,
  lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
  createdAt: row.createdAt.toISOString(),
  projects: row.projects.map((p) => p.project),
});
