import "server-only";
import { can, type ProjectAccess } from "@/lib/server/authz";
import { db } from "@/lib/db";

/**
 * The project's members with their roles. Email addresses only for those who may see them
 * ("see-member-emails": curators, owners), and each person's own; for the others the field is
 * absent — names are enough to work together, and an address is not for every member to collect.
 */
export async function listMembers(access: ProjectAccess) {
  const { projectId } = access;
  const seesEmails = can(access, "see-member-emails");
  const members = await db.membership.findMany({
    where: { projectId },
    orderBy: [{ createdAt: "asc" }],
    select: { role: true, createdAt: true, user: { select: { id: true, email: true, name: true } } },
  });
  return members.map(({ user, role, createdAt }) => ({
    userId: user.id,
    ...(seesEmails || user.id === access.userId ? { email: user.email } : {}),
    name: user.name,
    role,
    since: createdAt,
  }));
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
  return [...members, ...imported.map((u) => ({ userId: u.id, name: u.name, role: "ANNOTATOR" as const, since: u.createdAt }))];
}
