import "server-only";
import { db } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import type { AnnotatorVisibility, Role, ViewerVisibility } from "@/lib/generated/prisma/enums";
import { AppError, notFound } from "@/lib/server/errors";

// Who may do what — the one place it is decided.
//
// 1. The caller. A route wrapper (lib/server/http/route.ts) authenticates a request once — by
//    personal API token or by session cookie — into a `Caller`: the user id and, for a token, its
//    scope (token id, the projects it reaches, read-only or not). The caller is passed explicitly
//    to whatever needs it; nothing is kept in ambient (async-local) state.
// 2. The access value. `resolveProject` / `resolveDocument` / `resolveResource` turn a caller and an
//    id into an access value (`ProjectAccess`, `DocumentAccess`): who (userId), which project
//    (and document), their role there and the token scope. It is fetched through the caller's membership (and the token's projects), so a
//    stranger, or a token for other projects, gets 404 — ids don't leak. Its type carries a
//    symbol this module does not export, so no other module can make one: a use case that takes
//    an access value knows membership was checked. Project-scoped use cases take it instead of a bare
//    projectId/userId pair.
// 3. The permission table. `PERMISSIONS` names what people do ("read", "annotate", "curate", …)
//    and which roles may; `can(access, action)` answers every "may they" for use cases, pages
//    and (as props computed by server pages) components. A read-only token may only do actions
//    that do not write. Some actions are about something a person owns (an annotation, a thread,
//    a relation): `can(access, action, { ownerIds })` applies the action's `owners` rule — only
//    the owners, never the owners (reviewing), or the owners with the action's roles and anyone
//    else only with another action's roles (e.g. "edit-others": curators). Route wrappers name
//    the action (`withProject("manage-labels", …)`); a role given instead stands for the action
//    that role starts at (ROLE_ACTION), so routes written against roles keep working.
// 4. Visibility. Which annotations a member may see is part of the access value (`sees`), worked
//    out here from their role and the project's settings (`visibilityOf`): curators and owners
//    everything; annotators their own work, plus everyone's or the gold layer as the project says;
//    viewers the gold layer or everyone's. Every read of annotations for a member filters with
//    `visibleAnnotations(access)` (Prisma) or `visibleAnnotationsSql(access, …)` (raw SQL); a
//    statement that has no access value yet computes the same answer in SQL with
//    `seesColumnsSql` (authz.test.ts checks the two agree for every role and setting).
// 5. SQL. The one-statement fast paths check membership inside their statement. They take
//    `sqlScope(caller, action)` as parameters — the roles the table allows for that action (none
//    for a read-only token and a writing action) and the token's project ids (null for a browser
//    session) — so API tokens use the fast paths too, with exactly the table's answer:
//      m.role = ANY($n::"Role"[]) AND ($m::uuid[] IS NULL OR d."projectId" = ANY($m::uuid[]))

export type TokenScope = { tokenId: string; projectIds: readonly string[]; readOnly: boolean };

/** An authenticated person: a browser session (token null) or a personal API token. */
export type Caller = { readonly userId: string; readonly token: TokenScope | null };

export const sessionCaller = (userId: string): Caller => ({ userId, token: null });
export const tokenCaller = (userId: string, token: TokenScope): Caller => ({ userId, token });

// ---- the permission table ----------------------------------------------------------------------

const EVERY_ROLE: readonly Role[] = ["VIEWER", "ANNOTATOR", "CURATOR", "OWNER"];
const ANNOTATORS: readonly Role[] = ["ANNOTATOR", "CURATOR", "OWNER"];
const CURATORS: readonly Role[] = ["CURATOR", "OWNER"];
const OWNERS: readonly Role[] = ["OWNER"];

export type Action =
  | "read" | "export" | "annotate" | "comment" | "change-annotation" | "link-mention" | "remove-relation" | "resolve-thread"
  | "edit-others" | "review" | "peer-review" | "curate" | "see-progress" | "see-deleted" | "see-member-emails" | "manage-labels" | "manage-members" | "see-member-admin" | "manage-project";

type Permission = {
  roles: readonly Role[];
  /** Changes data: refused to read-only tokens. */
  writes: boolean;
  /** What it is, for refusals ("… to <doing>"). */
  doing: string;
  /**
   * For actions on something a person owns (an annotation, a thread, a relation): "only" its
   * owners may; "never" its owners; or the owners with `roles` and anyone else only with the
   * named action's roles. Absent: ownership does not matter.
   */
  owners?: "only" | "never" | { othersNeed: Action };
};

export const PERMISSIONS: Readonly<Record<Action, Permission>> = {
  // Everything a member sees in the app: documents, annotations, the label scheme, members,
  // knowledge base, review queue, search; and exporting it.
  read: { roles: EVERY_ROLE, writes: false, doing: "read this project" },
  export: { roles: EVERY_ROLE, writes: false, doing: "export this project" },
  // Writing one's own annotations, relations, comments, knowledge-base items, marking one's
  // assignment finished, accepting suggestions.
  annotate: { roles: ANNOTATORS, writes: true, doing: "annotate" },
  comment: { roles: ANNOTATORS, writes: true, doing: "comment" },
  // Only the author changes an annotation — curators put their version into the gold layer instead.
  "change-annotation": { roles: ANNOTATORS, writes: true, doing: "change this annotation", owners: "only" },
  "link-mention": { roles: ANNOTATORS, writes: true, doing: "link this annotation to the knowledge base", owners: { othersNeed: "edit-others" } },
  "remove-relation": { roles: ANNOTATORS, writes: true, doing: "remove this relation", owners: { othersNeed: "edit-others" } },
  // The thread's starter and the annotation's author are its owners.
  "resolve-thread": { roles: ANNOTATORS, writes: true, doing: "resolve this thread", owners: { othersNeed: "edit-others" } },
  // What a curator may do to other people's work (see the `owners` rules above).
  "edit-others": { roles: CURATORS, writes: true, doing: "change other people's work" },
  // Reviewing others' annotations (never one's own); annotators too where the project has peer review.
  review: { roles: CURATORS, writes: true, doing: "review annotations", owners: "never" },
  "peer-review": { roles: ANNOTATORS, writes: true, doing: "review annotations (with peer review on)", owners: "never" },
  // The gold layer, assignments, knowledge-base upkeep, importing documents and annotation sets.
  curate: { roles: CURATORS, writes: true, doing: "curate" },
  "see-progress": { roles: CURATORS, writes: false, doing: "see progress, agreement and curation candidates" },
  // Deleting and restoring documents is "curate"; seeing what is in Deleted documents only reads.
  "see-deleted": { roles: CURATORS, writes: false, doing: "see deleted documents" },
  // Members' email addresses (everyone sees their names): for those who invite, assign and curate.
  "see-member-emails": { roles: CURATORS, writes: false, doing: "see members' email addresses" },
  "manage-labels": { roles: CURATORS, writes: true, doing: "change the label scheme" },
  "manage-members": { roles: OWNERS, writes: true, doing: "manage members" },
  // Open invitations and a restored file's people: what an owner needs to manage members.
  "see-member-admin": { roles: OWNERS, writes: false, doing: "see invitations and imported authors" },
  "manage-project": { roles: OWNERS, writes: true, doing: "change the project's settings" },
};
const permission = (action: Action): Permission => PERMISSIONS[action];

/** The role a permission starts at (for messages). */
const lowestRole = (action: Action) => EVERY_ROLE.find((r) => permission(action).roles.includes(r)) ?? "OWNER";

/** A role that may do at least what a role threshold allowed, for wrappers written against roles. */
export const ROLE_ACTION: Record<Role, Action> = { VIEWER: "read", ANNOTATOR: "annotate", CURATOR: "curate", OWNER: "manage-project" };

// ---- who sees whose annotations -----------------------------------------------------------------

/** A project's visibility settings (columns of Project). */
export type VisibilitySettings = { annotatorsSee: AnnotatorVisibility; annotatorsSeeGold: boolean; viewersSee: ViewerVisibility };

/** The project columns that hold them, for `select`. */
export const VISIBILITY_SELECT = { annotatorsSee: true, annotatorsSeeGold: true, viewersSee: true } as const;

/**
 * Which annotations a member sees: every one (`all`), or those written by `ownerId` (null: none
 * of anybody's own) and, with `gold`, the gold layer. Deleted ones (tombstones) follow the same rule.
 */
export type Visibility = { readonly all: boolean; readonly ownerId: string | null; readonly gold: boolean };

/** The rule itself. */
export function visibilityOf(role: Role, userId: string, settings: VisibilitySettings): Visibility {
  const all = { all: true, ownerId: userId, gold: true };
  switch (role) {
    case "OWNER":
    case "CURATOR":
      return all;
    case "ANNOTATOR":
      return settings.annotatorsSee === "EVERYONE" ? all : { all: false, ownerId: userId, gold: settings.annotatorsSeeGold };
    case "VIEWER":
      // Their own: what they wrote before a demotion to viewer stays theirs to read.
      return settings.viewersSee === "EVERYONE" ? all : { all: false, ownerId: userId, gold: true };
  }
}

/**
 * The same rule in SQL, for statements that check membership themselves: `role` and `userId` are
 * SQL expressions for the member's role and id, `p` the alias of their "Project" row. Yields SQL
 * expressions for the three parts of a Visibility, for `seesSql`.
 */
export const seesExprSql = (role: string, userId: string, p: string) => ({
  all: `(${role} IN ('OWNER', 'CURATOR') OR (${role} = 'ANNOTATOR' AND ${p}."annotatorsSee" = 'EVERYONE') OR (${role} = 'VIEWER' AND ${p}."viewersSee" = 'EVERYONE'))`,
  ownerId: `(${userId})`,
  gold: `(${role} IN ('OWNER', 'CURATOR', 'VIEWER') OR ${p}."annotatorsSeeGold" OR ${p}."annotatorsSee" = 'EVERYONE')`,
});

/** The same as the columns "seesAll", "seesOwnerId", "seesGold" of a SELECT. */
export const seesColumnsSql = (role: string, userId: string, p: string) => {
  const e = seesExprSql(role, userId, p);
  return `${e.all} AS "seesAll", ${e.ownerId} AS "seesOwnerId", ${e.gold} AS "seesGold"`;
};

/** `seesSql` for a member whose role and id are the SQL expressions `role`, `userId`, in the project aliased `p`. */
export const memberSeesSql = (a: string, role: string, userId: string, p: string) => {
  const e = seesExprSql(role, userId, p);
  return seesSql(a, e.all, e.ownerId, e.gold);
};

/** Whether the annotation aliased `a` is visible, given SQL expressions for the three parts of a Visibility. */
export const seesSql = (a: string, all: string, ownerId: string, gold: string) =>
  `(${all} OR ${a}."authorId" = ${ownerId} OR (${a}.gold AND ${gold}))`;

/** Whether an annotation (its author and layer) is visible to the access. */
export function sees(access: ProjectAccess, annotation: { authorId: string; gold: boolean }): boolean {
  const { all, ownerId, gold } = access.sees;
  return all || annotation.authorId === ownerId || (annotation.gold && gold);
}

/** A Prisma `where` on Annotation: the annotations the access may see. */
export function visibleAnnotations(access: ProjectAccess): Prisma.AnnotationWhereInput {
  const { all, ownerId, gold } = access.sees;
  if (all) return {};
  const either: Prisma.AnnotationWhereInput[] = [...(ownerId ? [{ authorId: ownerId }] : []), ...(gold ? [{ gold: true }] : [])];
  return either.length ? { OR: either } : { id: { in: [] } };
}

/** A Prisma `where` on Relation: visible when both its ends are. */
export function visibleRelations(access: ProjectAccess): Prisma.RelationWhereInput {
  if (access.sees.all) return {};
  return { from: visibleAnnotations(access), to: visibleAnnotations(access) };
}

/**
 * A raw-SQL condition on the annotation aliased `a`: the annotations the access may see, with its
 * parameters numbered from `$first` (append `params` to the statement's).
 */
export function visibleAnnotationsSql(access: ProjectAccess, a: string, first: number): { sql: string; params: [boolean, string | null, boolean] } {
  const { all, ownerId, gold } = access.sees;
  return { sql: seesSql(a, `$${first}::boolean`, `$${first + 1}::uuid`, `$${first + 2}::boolean`), params: [all, ownerId, gold] };
}

/** The same condition as a fragment of Prisma's tagged-template SQL (`db.$queryRaw`). */
export function visibleAnnotationsPrismaSql(access: ProjectAccess, a: string): Prisma.Sql {
  const { all, ownerId, gold } = access.sees;
  return Prisma.sql([`(`, `::boolean OR ${a}."authorId" = `, `::uuid OR (${a}.gold AND `, `::boolean))`], all, ownerId, gold);
}

// ---- the access value --------------------------------------------------------------------------

/** Only this module can make an access value: it alone has this symbol. */
const MADE: unique symbol = Symbol("access");

export type ProjectAccess = {
  readonly [MADE]: true;
  readonly userId: string;
  readonly projectId: string;
  readonly role: Role;
  readonly token: TokenScope | null;
  /** Whose annotations they may see (visibilityOf). */
  readonly sees: Visibility;
};
export type DocumentAccess = ProjectAccess & { readonly documentId: string };

const projectAccess = (caller: Caller, projectId: string, role: Role, settings: VisibilitySettings): ProjectAccess =>
  Object.freeze({ [MADE]: true as const, userId: caller.userId, projectId, role, token: caller.token, sees: Object.freeze(visibilityOf(role, caller.userId, settings)) });
const documentAccess = (caller: Caller, projectId: string, documentId: string, role: Role, settings: VisibilitySettings): DocumentAccess =>
  Object.freeze({ ...projectAccess(caller, projectId, role, settings), documentId });

/** The caller behind an access value. */
export const callerOf = (access: ProjectAccess): Caller => ({ userId: access.userId, token: access.token });

// ---- may they? ---------------------------------------------------------------------------------

type Ownership = { ownerIds: readonly string[] };

/** Whether the access allows `action` (on something owned by `ownership.ownerIds`, for actions where that matters). */
export function can(access: ProjectAccess, action: Action, ownership?: Ownership): boolean {
  return refusal(access, action, ownership) === null;
}

function refusal(access: ProjectAccess, action: Action, ownership?: Ownership): string | null {
  const rule = permission(action);
  if (rule.writes && access.token?.readOnly) return "This API token is read-only. Make a read-write token to change data.";
  const owns = ownership?.ownerIds.includes(access.userId);
  if (rule.owners === "never" && owns) return "Nobody reviews their own annotation."; // reviewing is the only "never" rule
  if (!rule.roles.includes(access.role)) {
    return `This needs the ${lowestRole(action)} role in this project to ${rule.doing}; you are ${access.role}.`;
  }
  if (ownership) {
    if (rule.owners === "only" && !owns) return `Only its author may ${rule.doing}.`;
    if (typeof rule.owners === "object" && !owns && refusal(access, rule.owners.othersNeed) !== null) {
      return `Only its author or a ${lowestRole(rule.owners.othersNeed)} may ${rule.doing}.`;
    }
  }
  return null;
}

/** Whether a member with `role` (someone else, e.g. a possible assignee) may do `action` by the table. */
export const roleMay = (role: Role, action: Action): boolean => permission(action).roles.includes(role);

/** Throws 403 with the reason unless `can(access, action, ownership)`. */
export function authorize(access: ProjectAccess, action: Action, ownership?: Ownership): void {
  const reason = refusal(access, action, ownership);
  if (reason) throw new AppError("FORBIDDEN", reason);
}

/** Reviewing: curators; annotators as well where the project has peer review; never one's own annotation. */
export function reviewAction(peerReview: boolean): Action {
  return peerReview ? "peer-review" : "review";
}

/**
 * Account-wide actions that reach beyond any one project (making projects, managing API tokens):
 * a browser session only, never a token.
 */
export function requireSession(caller: Caller, doing: string) {
  if (caller.token) throw new AppError("FORBIDDEN", `API tokens cannot ${doing}; sign in to the workbench to do it.`);
}

// ---- SQL ---------------------------------------------------------------------------------------

export type SqlScope = { roles: Role[]; projectIds: string[] | null };

/** The table's answer for `action` as SQL parameters: allowed roles, and the token's projects (null: any). */
export function sqlScope(caller: Caller, action: Action): SqlScope {
  const rule = permission(action);
  const roles = rule.writes && caller.token?.readOnly ? [] : [...rule.roles];
  return { roles, projectIds: caller.token ? [...caller.token.projectIds] : null };
}

/**
 * Makes the access value for a row a one-statement path found through `sqlScope(caller, action)`:
 * the statement checked membership and token scope itself, and returned the caller's role.
 */
export function accessFromStatement(caller: Caller, row: { projectId: string; documentId: string; role: Role } & VisibilitySettings): DocumentAccess {
  return documentAccess(caller, row.projectId, row.documentId, row.role, row);
}

// ---- resolving ---------------------------------------------------------------------------------

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (value: string) => UUID.test(value);

/** A Prisma `where` fragment for the projects the caller belongs to (and the API token, if any, reaches). */
export function projectsOf(caller: Caller) {
  const members = { some: { userId: caller.userId } };
  return caller.token ? { id: { in: [...caller.token.projectIds] }, members } : { members };
}

const outOfReach = (caller: Caller, what: string) =>
  notFound(caller.token ? `${what} not found (or not in a project this API token reaches)` : `${what} not found`);

/** The caller's access to a project, if they may do `action` there: 404 when out of reach, 403 when not allowed. */
export async function resolveProject(caller: Caller, projectId: string, action: Action = "read"): Promise<ProjectAccess> {
  if (!isUuid(projectId)) throw outOfReach(caller, "Project");
  if (caller.token && !caller.token.projectIds.includes(projectId.toLowerCase())) throw outOfReach(caller, "Project");
  const membership = await db.membership.findUnique({
    where: { projectId_userId: { projectId, userId: caller.userId } },
    select: { role: true, projectId: true, project: { select: VISIBILITY_SELECT } },
  });
  if (!membership) throw outOfReach(caller, "Project");
  const access = projectAccess(caller, membership.projectId, membership.role, membership.project);
  authorize(access, action);
  return access;
}

/** The same for a document (access to its project, with the document's id). */
export async function resolveDocument(caller: Caller, documentId: string, action: Action = "read"): Promise<DocumentAccess> {
  if (!isUuid(documentId)) throw outOfReach(caller, "Document");
  const document = await db.document.findFirst({
    // A deleted document is out of reach like a missing one (it is restored from "Deleted documents").
    where: { id: documentId, deletedAt: null, project: projectsOf(caller) },
    select: { id: true, projectId: true, project: { select: { ...VISIBILITY_SELECT, members: { where: { userId: caller.userId }, select: { role: true } } } } },
  });
  const role = document?.project.members[0]?.role;
  if (!document || !role) throw outOfReach(caller, "Document");
  const access = documentAccess(caller, document.projectId, document.id, role, document.project);
  authorize(access, action);
  return access;
}

const member = (userId: string) => ({ select: { ...VISIBILITY_SELECT, members: { where: { userId }, select: { role: true } } } });
type Written = { authorId: string; gold: boolean };
/** What was found, and the annotations it is about: it is out of reach unless the caller sees all of them. */
type Found = { projectId: string; documentId: string; project: VisibilitySettings & { members: { role: Role }[] }; about: Written[] } | null;
const WRITTEN = { select: { authorId: true, gold: true } } as const;

// Things addressed by their own id, each found through the caller's membership.
const RESOURCES = {
  Annotation: async (c: Caller, id: string): Promise<Found> => {
    const a = await db.annotation.findFirst({ where: { id, document: { deletedAt: null }, project: projectsOf(c) }, select: { projectId: true, documentId: true, project: member(c.userId), authorId: true, gold: true } });
    return a && { ...a, about: [a] };
  },
  Comment: async (c: Caller, id: string): Promise<Found> => {
    const comment = await db.annotationComment.findFirst({
      where: { id, annotation: { document: { deletedAt: null }, project: projectsOf(c) } },
      select: { annotation: { select: { projectId: true, documentId: true, project: member(c.userId), authorId: true, gold: true } } },
    });
    return comment && { ...comment.annotation, about: [comment.annotation] };
  },
  Relation: async (c: Caller, id: string): Promise<Found> => {
    const r = await db.relation.findFirst({
      where: { id, document: { deletedAt: null }, project: projectsOf(c) },
      select: { projectId: true, documentId: true, project: member(c.userId), from: WRITTEN, to: WRITTEN },
    });
    return r && { ...r, about: [r.from, r.to] };
  },
  // Nobody's work: each person's accept makes an annotation of theirs, not of the suggestion.
  Suggestion: async (c: Caller, id: string): Promise<Found> => {
    const s = await db.suggestion.findFirst({
      where: { id, document: { deletedAt: null }, project: projectsOf(c) },
      select: { projectId: true, documentId: true, project: member(c.userId) },
    });
    return s && { ...s, about: [] };
  },
};

/**
 * The caller's access to the document of an annotation, comment, relation or suggestion (404
 * when it is not in a project they reach, or is about an annotation they may not see — the same
 * answer as for an id that does not exist). What they may do to it is for the use case to ask
 * `authorize(access, action, { ownerIds })`, once it knows who owns it.
 */
export async function resolveResource(caller: Caller, kind: keyof typeof RESOURCES, id: string, action: Action = "read"): Promise<DocumentAccess> {
  if (!isUuid(id)) throw outOfReach(caller, kind);
  const found = await RESOURCES[kind](caller, id);
  const role = found?.project.members[0]?.role;
  if (!found || !role) throw outOfReach(caller, kind);
  const access = documentAccess(caller, found.projectId, found.documentId, role, found.project);
  if (!found.about.every((a) => sees(access, a))) throw outOfReach(caller, kind);
  authorize(access, action);
  return access;
}
