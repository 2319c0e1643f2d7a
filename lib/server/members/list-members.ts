import "server-only";
import type { ProjectAccess } from "@/lib/server/authz";
import { db } from "@/lib/db";

export async function listMembers(access: ProjectAccess) {
  const { projectId } = access;
  const members = await db.membership.findMany({
    where: { projectId },
    orderBy: [{ createdAt: "asc" }],
    select: { role: true, createdAt: true, user: { select: { id: true, email: true, name: true } } },
  });
  return members.map(({ user, role, createdAt }) => ({ userId: user.id, email: user.email, name: user.name, role, since: createdAt }));
}

/**
 * Everyone whose work can be a layer here: the members, then the imported authors of a restored
 * file not yet mapped to a member (not accounts, not members, but annotators of their own layer).
 * For pages that name layers and annotators; never for who may do what.
 */
export async function listProjectAuthors(access: ProjectAccess) {
  const { projectId } = access;
  const [members, imported] = await Promise.all([
    listMembers(access),
    db.user.findMany({ where: { importedIntoProjectId: projectId, mappedToId: null }, orderBy: [{ name: "asc" }, { id: "asc" }], select: { id: true, name: true, createdAt: true } }),
  ]);
  return [...members, ...imported.map((u) => ({ userId: u.id, email: "", name: u.name, role: "ANNOTATOR" as const, since: u.createdAt }))];
}
