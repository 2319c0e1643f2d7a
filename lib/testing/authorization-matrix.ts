// Who may call which API route: the expected HTTP status of every route × actor, checked by
// app/api/authorization-matrix.test.ts against the real handlers. Every (method, route) that
// app/api/**/route.ts exports must have a row here, and every row must still exist.
//
// Actors, in column order:
//   anonymous       no session
//   nonMember       signed in, not a member of the project (must get 404, never 403: ids don't leak)
//   viewer          VIEWER member
//   annotator       ANNOTATOR member who owns the resource where it belongs to a person
//                   (the annotation's author, the thread's starter, the relation's author, the assignee)
//   otherAnnotator  ANNOTATOR member of the same project who does not own it
//   curator         CURATOR member
//   owner           OWNER member
//
// Statuses: 200/201/204 success · 401 sign in first · 403 member whose role (or authorship) is
// not enough · 404 not a member (or the resource is not in this project) · 409 a conflict that
// is the product's answer, not a refusal by role (see the notes).

export const ACTORS = ["anonymous", "nonMember", "viewer", "annotator", "otherAnnotator", "curator", "owner"] as const;
export type Actor = (typeof ACTORS)[number];

export type Statuses = readonly [anonymous: number, nonMember: number, viewer: number, annotator: number, otherAnnotator: number, curator: number, owner: number];
/** A route the matrix deliberately does not call, with the reason. */
export type Exempt = { exempt: string };
export type MatrixRow = Statuses | Exempt;

export const isExempt = (row: MatrixRow): row is Exempt => !Array.isArray(row);

/** Notes on rows whose answer is a product decision rather than a plain role threshold. */
export const MATRIX_NOTES: Partial<Record<RouteKey, string>> = {
  "PATCH /api/annotations/[id]": "Only the author changes an annotation — curators and owners too get 403; they put their version into the gold layer by curation instead.",
  "DELETE /api/annotations/[id]": "As PATCH: only the author.",
  "POST /api/annotations/[id]/reviews": "Nobody reviews their own annotation; annotators review others' only when the project switches on peer review (off in the matrix's project).",
  "PUT /api/annotations/[id]/canonical": "The author (annotator or above) or any curator/owner links a mention to the knowledge base.",
  "PATCH /api/comments/[id]": "The thread's starter, the annotation's author or a curator/owner resolves a thread; viewers never (also when they started it before a demotion).",
  "DELETE /api/relations/[id]": "The relation's author or a curator/owner; viewers never.",
  "PUT /api/documents/[id]/finished": "Each assignee marks their own assignment: someone the document is not assigned to gets 409 (nothing to mark), whatever their role.",
  "POST /api/documents/[id]/relations": "Anyone who may annotate links any two annotations of the document they can see (404 for one they cannot); the link is theirs.",
  "POST /api/projects/[id]/knowledge": "Annotators create knowledge-base items so they can link while annotating; changing, deleting, merging and splitting items is for curators.",
  "POST /api/projects/[id]/recommenders/[recommenderId]/run": "A run whose model server cannot be reached still answers 200 with its report (ok: false, the error): the settings page shows it.",
  "POST /api/documents/[id]/proposals/undo": "Each annotator takes back only their own decisions (the matrix gives each actor one of their own; another's are not found: lib/server/recommenders/recommenders.test.ts).",
  "POST /api/documents/[id]/proposals": "Every annotator decides a proposal for themselves; it stays proposed to the others (lib/server/recommenders/recommenders.test.ts).",
  "POST /api/suggestions/[id]": "Any annotator accepts or rejects a suggestion; they belong to nobody.",
  "GET /api/projects/[id]/attention": "Every member reads the feedback on their own annotations (lib/server/feedback/list-attention.test.ts: never anyone else's).",
  "POST /api/projects/[id]/attention/dismissals": "Only the annotation's author puts away the feedback on it; viewers never.",
  "GET /api/projects/[id]/review-queue": "The review queue is readable by every member; only reviewing is restricted.",
  "GET /api/projects/[id]/export": "Every member may export what they can read in the app.",
  "POST /api/projects/import": "Any signed-in person restores a project from a workbench export; it becomes a new project they own.",
  "POST /api/users": "Sign-up is public.",
  "POST /api/account/password": "Everyone changes their own password (with the current one); tokens cannot.",
  "DELETE /api/account/sessions": "Everyone ends their own sessions (sign out everywhere); tokens cannot.",
  "POST /api/account/link": "Public: the pending external sign-in's link and the account's password are the credentials.",
  "GET /api/tokens": "Everyone lists their own personal API tokens (never their secrets); tokens themselves cannot (e2e and lib/server/tokens/api-tokens.test.ts).",
  "POST /api/tokens": "Any member makes a token for projects they belong to, typing their password again; for a project they are not in, 404 as everywhere. A token never does more than its owner's role.",
  "DELETE /api/tokens/[id]": "Only the token's owner revokes it; to anyone else it does not exist (404).",
  "GET /api/health": "Public liveness probe; says nothing about projects.",
  "POST /api/projects/[id]/exports": "Every member may have an export made of what they can read; the job runner makes it as them.",
  "GET /api/imports/[id]": "An import's report is its uploader's (the matrix's curator here): to anyone else it does not exist (404).",
  "GET /api/exports/[id]": "An export holds what its requester may see: to anyone else — the project's owner too — it does not exist (404).",
  "DELETE /api/exports/[id]": "As GET: only the requester cancels or removes their export.",
  "GET /api/exports/[id]/file": "As GET: only the requester downloads it (lib/server/export/export-jobs.test.ts).",
  "GET /api/openapi.json": "Public description of the API; the same document for everyone, it names no project.",
  "GET /api/projects/[id]/invitations": "Open invitations name addresses that are not members yet: owners only.",
  "POST /api/invitations/accept": "Any signed-in account accepts an invitation made for its own address (the matrix invites each actor to a fresh project); another address gets 403 (lib/server/members/invitations.test.ts).",
};

const ANY_MEMBER_READS = [401, 404, 200, 200, 200, 200, 200] as const;
const CURATOR_READS = [401, 404, 403, 403, 403, 200, 200] as const;

export const AUTHORIZATION_MATRIX = {
  //                                                   anon nonMem viewer annot other curator owner
  "GET /api/health":                                  [200, 200, 200, 200, 200, 200, 200],
  "GET /api/openapi.json":                            [200, 200, 200, 200, 200, 200, 200],
  "POST /api/users":                                  [201, 201, 201, 201, 201, 201, 201],
  "POST /api/account/password":                       [401, 200, 200, 200, 200, 200, 200],
  "DELETE /api/account/sessions":                     [401, 200, 200, 200, 200, 200, 200],
  "POST /api/account/link":                           [200, 200, 200, 200, 200, 200, 200],
  // Auth.js's own endpoints (the test stubs the session they would issue): public by nature, they
  // hold no workbench data; sign-in, sign-out and the 429 on repeated failures are covered by
  // e2e/foundation.spec.ts through a real server.
  "GET /api/auth/[...nextauth]": { exempt: "Auth.js's own session, CSRF-token and provider endpoints; public, no workbench data; exercised by the e2e sign-in flow." },
  "POST /api/auth/[...nextauth]": { exempt: "Auth.js's own sign-in/sign-out callbacks; public; sign-in and its rate limit (429) are tested in e2e/foundation.spec.ts." },

  "GET /api/projects":                                [401, 200, 200, 200, 200, 200, 200],
  "POST /api/projects":                               [401, 201, 201, 201, 201, 201, 201],
  "POST /api/projects/import":                        [401, 200, 200, 200, 200, 200, 200],
  "GET /api/tokens":                                  [401, 200, 200, 200, 200, 200, 200],
  "POST /api/tokens":                                 [401, 404, 201, 201, 201, 201, 201],
  "DELETE /api/tokens/[id]":                          [401, 404, 404, 204, 404, 404, 404],

  "GET /api/projects/[id]":                           ANY_MEMBER_READS,
  "PATCH /api/projects/[id]":                         [401, 404, 403, 403, 403, 403, 200],
  "GET /api/projects/[id]/members":                   ANY_MEMBER_READS,
  "GET /api/projects/[id]/invitations":               [401, 404, 403, 403, 403, 403, 200],
  "POST /api/projects/[id]/invitations":              [401, 404, 403, 403, 403, 403, 201],
  "DELETE /api/projects/[id]/invitations/[invitationId]": [401, 404, 403, 403, 403, 403, 204],
  "POST /api/invitations/accept":                     [401, 200, 200, 200, 200, 200, 200],
  "PATCH /api/projects/[id]/members/[userId]":        [401, 404, 403, 403, 403, 403, 200],
  "DELETE /api/projects/[id]/members/[userId]":       [401, 404, 403, 403, 403, 403, 204],
  "GET /api/projects/[id]/imported-authors":          [401, 404, 403, 403, 403, 403, 200],
  "PATCH /api/projects/[id]/imported-authors/[authorId]": [401, 404, 403, 403, 403, 403, 200],

  "GET /api/projects/[id]/labels":                    ANY_MEMBER_READS,
  "POST /api/projects/[id]/labels":                   [401, 404, 403, 403, 403, 201, 201],
  "PATCH /api/projects/[id]/labels/[labelId]":        [401, 404, 403, 403, 403, 200, 200],
  "DELETE /api/projects/[id]/labels/[labelId]":       [401, 404, 403, 403, 403, 204, 204],
  "GET /api/projects/[id]/relation-types":            ANY_MEMBER_READS,
  "POST /api/projects/[id]/relation-types":           [401, 404, 403, 403, 403, 201, 201],
  "PATCH /api/projects/[id]/relation-types/[typeId]": [401, 404, 403, 403, 403, 200, 200],
  "DELETE /api/projects/[id]/relation-types/[typeId]":[401, 404, 403, 403, 403, 204, 204],

  "GET /api/projects/[id]/documents":                 ANY_MEMBER_READS,
  "POST /api/projects/[id]/documents":                [401, 404, 403, 403, 403, 201, 201],
  "POST /api/projects/[id]/documents/details":        [401, 404, 403, 403, 403, 200, 200],
  "GET /api/projects/[id]/deleted-documents":         CURATOR_READS,
  "POST /api/projects/[id]/deleted-documents/[documentId]/restore": [401, 404, 403, 403, 403, 200, 200],
  "POST /api/projects/[id]/annotation-import":        [401, 404, 403, 403, 403, 200, 200],
  "GET /api/projects/[id]/export":                    ANY_MEMBER_READS,
  "GET /api/projects/[id]/export/summary":            ANY_MEMBER_READS,
  "POST /api/projects/[id]/imports":                  [401, 404, 403, 403, 403, 202, 202],
  "GET /api/imports/[id]":                            [401, 404, 404, 404, 404, 200, 404],
  "GET /api/projects/[id]/exports":                   ANY_MEMBER_READS,
  "POST /api/projects/[id]/exports":                  [401, 404, 202, 202, 202, 202, 202],
  "GET /api/exports/[id]":                            [401, 404, 404, 200, 404, 404, 404],
  "DELETE /api/exports/[id]":                         [401, 404, 404, 200, 404, 404, 404],
  "GET /api/exports/[id]/file":                       [401, 404, 404, 200, 404, 404, 404],
  "GET /api/projects/[id]/search":                    ANY_MEMBER_READS,

  "GET /api/projects/[id]/assignments":               ANY_MEMBER_READS,
  "PUT /api/projects/[id]/assignments":               [401, 404, 403, 403, 403, 200, 200],
  "POST /api/projects/[id]/assignments/spread":       [401, 404, 403, 403, 403, 200, 200],
  "GET /api/projects/[id]/my-assignments":            ANY_MEMBER_READS,
  "GET /api/projects/[id]/progress":                  CURATOR_READS,
  "GET /api/projects/[id]/agreement":                 CURATOR_READS,
  "GET /api/projects/[id]/review-queue":              ANY_MEMBER_READS,
  "GET /api/projects/[id]/unseen-replies":            ANY_MEMBER_READS,
  "GET /api/projects/[id]/attention":                 ANY_MEMBER_READS,
  "POST /api/projects/[id]/attention/dismissals":     [401, 404, 403, 200, 403, 403, 403],

  "GET /api/projects/[id]/knowledge":                 ANY_MEMBER_READS,
  "POST /api/projects/[id]/knowledge":                [401, 404, 403, 201, 201, 201, 201],
  "GET /api/projects/[id]/knowledge/[itemId]":        ANY_MEMBER_READS,
  "PATCH /api/projects/[id]/knowledge/[itemId]":      [401, 404, 403, 403, 403, 200, 200],
  "DELETE /api/projects/[id]/knowledge/[itemId]":     [401, 404, 403, 403, 403, 200, 200],
  "POST /api/projects/[id]/knowledge/[itemId]/merge": [401, 404, 403, 403, 403, 200, 200],
  "POST /api/projects/[id]/knowledge/[itemId]/split": [401, 404, 403, 403, 403, 201, 201],
  "GET /api/projects/[id]/knowledge/candidates":      ANY_MEMBER_READS,
  "POST /api/projects/[id]/knowledge/suggest":        [401, 404, 403, 403, 403, 200, 200],
  "GET /api/projects/[id]/recommenders":              CURATOR_READS,
  "POST /api/projects/[id]/recommenders":             [401, 404, 403, 403, 403, 201, 201],
  "PATCH /api/projects/[id]/recommenders/[recommenderId]": [401, 404, 403, 403, 403, 200, 200],
  "DELETE /api/projects/[id]/recommenders/[recommenderId]": [401, 404, 403, 403, 403, 204, 204],
  "POST /api/projects/[id]/recommenders/[recommenderId]/run": [401, 404, 403, 403, 403, 200, 200],
  "GET /api/projects/[id]/timeline":                  ANY_MEMBER_READS,
  "GET /api/projects/[id]/claims":                    ANY_MEMBER_READS,

  "GET /api/documents/[id]":                          ANY_MEMBER_READS,
  "PATCH /api/documents/[id]":                        [401, 404, 403, 403, 403, 200, 200],
  "DELETE /api/documents/[id]":                       [401, 404, 403, 403, 403, 200, 200],
  "GET /api/documents/[id]/revisions":                ANY_MEMBER_READS,
  "GET /api/documents/[id]/events":                   ANY_MEMBER_READS,
  "GET /api/documents/[id]/annotations":              ANY_MEMBER_READS,
  "POST /api/documents/[id]/annotations":             [401, 404, 403, 201, 201, 201, 201],
  "GET /api/documents/[id]/relations":                ANY_MEMBER_READS,
  "POST /api/documents/[id]/relations":               [401, 404, 403, 201, 201, 201, 201],
  "GET /api/documents/[id]/suggestions":              ANY_MEMBER_READS,
  "GET /api/documents/[id]/proposals":                ANY_MEMBER_READS,
  "POST /api/documents/[id]/proposals":               [401, 404, 403, 200, 200, 200, 200],
  "POST /api/documents/[id]/proposals/accept-all":    [401, 404, 403, 200, 200, 200, 200],
  "POST /api/documents/[id]/proposals/undo":          [401, 404, 403, 200, 200, 200, 200],
  "PUT /api/documents/[id]/finished":                 [401, 404, 403, 200, 409, 409, 409],
  "GET /api/documents/[id]/agreement":                CURATOR_READS,
  "GET /api/documents/[id]/curation":                 CURATOR_READS,
  "POST /api/documents/[id]/curation/merge":          [401, 404, 403, 403, 403, 200, 200],
  "POST /api/documents/[id]/curation/adjudicate":     [401, 404, 403, 403, 403, 200, 200],

  "PATCH /api/annotations/[id]":                      [401, 404, 403, 200, 403, 403, 403],
  "DELETE /api/annotations/[id]":                     [401, 404, 403, 200, 403, 403, 403],
  "GET /api/annotations/[id]/history":                ANY_MEMBER_READS,
  "GET /api/annotations/[id]/reviews":                ANY_MEMBER_READS,
  "POST /api/annotations/[id]/reviews":               [401, 404, 403, 403, 403, 201, 201],
  "GET /api/annotations/[id]/comments":               ANY_MEMBER_READS,
  "POST /api/annotations/[id]/comments":              [401, 404, 403, 201, 201, 201, 201],
  "POST /api/annotations/[id]/comments/seen":         ANY_MEMBER_READS,
  "PUT /api/annotations/[id]/canonical":              [401, 404, 403, 200, 403, 200, 200],
  "PATCH /api/comments/[id]":                         [401, 404, 403, 200, 403, 200, 200],
  "DELETE /api/relations/[id]":                       [401, 404, 403, 204, 403, 204, 204],
  "POST /api/suggestions/[id]":                       [401, 404, 403, 200, 200, 200, 200],
} as const satisfies Record<string, MatrixRow>;

export type RouteKey = keyof typeof AUTHORIZATION_MATRIX;

// ---- personal API tokens ----------------------------------------------------------------------
// Every route is also called with three tokens of the owner (see the test): read-write for this
// project, read-only for this project, and read-write for another project of theirs only.

export const TOKEN_ACTORS = ["ownerToken", "ownerReadToken", "otherProjectToken"] as const;
export type TokenActor = (typeof TOKEN_ACTORS)[number];

/** Reach beyond a token's projects (making projects, managing tokens): refused to any token, 403. */
export const TOKEN_REFUSED: readonly RouteKey[] = ["POST /api/account/password", "DELETE /api/account/sessions", "POST /api/projects", "POST /api/projects/import", "GET /api/tokens", "POST /api/tokens", "DELETE /api/tokens/[id]", "POST /api/invitations/accept"];
/** Not about one project: a token for another project is answered as its owner is (the project list then omits this project). */
const NOT_PROJECT_SCOPED: readonly RouteKey[] = ["GET /api/health", "GET /api/openapi.json", "POST /api/users", "POST /api/account/link", "GET /api/projects"];
/** Public routes that ignore credentials altogether. */
const PUBLIC: readonly RouteKey[] = ["GET /api/health", "GET /api/openapi.json", "POST /api/users", "POST /api/account/link"];

/** What a token actor is answered, derived from the owner's column: a token never does more than its owner. */
export function tokenExpectation(key: RouteKey, actor: TokenActor, ownerStatus: number): number {
  if (PUBLIC.includes(key)) return ownerStatus;
  if (TOKEN_REFUSED.includes(key)) return 403;
  const reads = key.startsWith("GET ");
  if (actor === "ownerReadToken" && !reads) return 403;
  if (actor === "otherProjectToken" && !NOT_PROJECT_SCOPED.includes(key)) return 404;
  return ownerStatus;
}
