import { z } from "zod";
import { acceptAllProposalsSchema, createRecommenderSchema, decideProposalSchema, runRecommenderSchema, undoProposalDecisionsSchema, updateRecommenderSchema } from "@/lib/schemas/recommenders";
import { changePasswordSchema, linkAccountSchema, signUpSchema } from "@/lib/schemas/account";
import { createAnnotationSchema, deleteAnnotationSchema, updateAnnotationSchema } from "@/lib/schemas/annotation";
import { createApiTokenRequestSchema } from "@/lib/schemas/api-token";
import { finishedSchema, setAssigneesSchema, spreadAssignmentsSchema } from "@/lib/schemas/assignment";
import { attentionQuery, dismissAttentionSchema } from "@/lib/schemas/attention";
import { commentPatchSchema, commentSchema } from "@/lib/schemas/comment";
import { adjudicateSchema, projectSettingsSchema } from "@/lib/schemas/curation";
import { documentDetailsSchema } from "@/lib/schemas/document";
import { documentListQuery } from "@/lib/schemas/document-list";
import { assignmentsQuery, claimsQuery, itemMentionsQuery } from "@/lib/schemas/page-query";
import { EXPORT_FORMATS, EXPORT_LAYERS } from "@/lib/schemas/export";
import {
  candidatesQuery, createCanonicalItemSchema, decideSuggestionSchema, linkCanonicalSchema, listCanonicalItemsQuery, mergeCanonicalItemsSchema,
  splitCanonicalItemSchema, suggestMentionsSchema, timelineQuery, updateCanonicalItemSchema,
} from "@/lib/schemas/knowledge";
import { acceptInvitationSchema, changeRoleSchema, createProjectSchema, inviteMemberSchema, labelPatchSchema, labelSchema, mapImportedAuthorSchema } from "@/lib/schemas/project";
import { createRelationSchema, relationTypePatchSchema, relationTypeSchema } from "@/lib/schemas/relation";
import { reviewSchema } from "@/lib/schemas/review";
import { searchQuerySchema } from "@/lib/schemas/search";
import * as A from "@/lib/schemas/responses/annotations";
import * as D from "@/lib/schemas/responses/documents";
import * as K from "@/lib/schemas/responses/knowledge";
import * as P from "@/lib/schemas/responses/projects";
import * as W from "@/lib/schemas/responses/work";
import type { Action } from "@/lib/server/authz";
import { jsonImportSchema } from "@/lib/server/documents/read-import-request";
import { reviewQueueQuery } from "@/lib/server/reviews/list-review-queue";

// Every API operation the workbench serves, described for the OpenAPI document (./document.ts):
// who may call it, what it takes and what it answers. One entry per exported method of each
// app/api/**/route.ts; document.test.ts fails when a route or method is missing here, or when an
// entry's wrapper and action differ from its route file's. See lib/api/README.md.

export type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/** Who may call it: as the route file's wrapper decides (lib/server/http/route.ts). */
export type Access =
  /** No sign-in. */
  | { kind: "public" }
  /** Any signed-in person (withUser); `sessionOnly`: a browser session, never an API token; `action`: what the use case checks on the resource's project. */
  | { kind: "signed-in"; sessionOnly?: boolean; action?: Action; note?: string; ownOnly?: boolean }
  /**
   * withProject(action) / withDocument(action): a member of the project whose role the permission
   * table allows; `ownOnly`: and only on what is theirs (the use case checks), whatever the role.
   */
  | { kind: "project" | "document"; action: Action; note?: string; ownOnly?: boolean };

export type Success = { status: number; description: string; schema?: z.ZodType; contentType?: string; headers?: Record<string, string> };

export type Operation = {
  method: Method;
  /** As the app's folders name it: "/api/projects/[id]/labels". */
  path: string;
  tag: string;
  summary: string;
  access: Access;
  query?: z.ZodType;
  /** A JSON body. */
  body?: z.ZodType;
  /** A multipart/form-data body. */
  form?: z.ZodType;
  ok: Success[];
  /** Error statuses beyond those every operation of its kind can answer (see document.ts `errorStatuses`). */
  errors?: number[];
};

const ok = (schema: z.ZodType, description = "Done", status = 200): Success => ({ status, description, schema });
const createdOk = (schema: z.ZodType, description = "Created") => ok(schema, description, 201);
const noContent: Success = { status: 204, description: "Done; no body" };
const project = (action: Action, note?: string, ownOnly?: boolean): Access => ({ kind: "project", action, note, ownOnly });
const document = (action: Action, note?: string): Access => ({ kind: "document", action, note });
const signedIn = (options: Omit<Extract<Access, { kind: "signed-in" }>, "kind"> = {}): Access => ({ kind: "signed-in", ...options });
const sessionOnly = signedIn({ sessionOnly: true });

const sinceQuery = z.object({ since: z.coerce.number().int().min(0).optional().meta({ description: "A cursor from an earlier answer: only changes after it, tombstones included" }) });
const agreementPageQuery = z.object({
  offset: z.coerce.number().int().min(0).optional().meta({ description: "First per-document row to answer (0)" }),
  limit: z.coerce.number().int().min(1).max(1000).optional().meta({ description: "Per-document rows in this answer (100, at most 1,000)" }),
});
const rawQuery = z.object({ raw: z.enum(["1"]).optional().meta({ description: "1: add the untrimmed original text and the web page an HTML import was read from" }) });
const deleteVersionQuery = z.object({ version: z.coerce.number().int().min(1).optional().meta({ description: "The version being deleted (or send {version} as the body)" }) });
const csvUpdateSchema = z.object({ csv: z.string().min(1), dryRun: z.boolean().default(false) }).strict();
const uploadForm = z.object({
  files: z.array(z.string().meta({ format: "binary" })).meta({ description: "The files (field name `files`, repeated)" }),
  dryRun: z.enum(["true", "false"]).optional().meta({ description: "true: answer the report only, store nothing" }),
});
const annotationUploadForm = uploadForm.extend({
  offsetUnit: z.enum(["codepoint", "utf16"]).optional().meta({ description: "doccano offsets: code points (Python) or UTF-16 units (JavaScript); detected when left out, refused when ambiguous" }),
});
const documentForm = uploadForm.extend({
  text: z.string().optional().meta({ description: "A pasted text instead of files" }),
  title: z.string().optional(),
  trim: z.string().optional().meta({ description: "JSON: true, or the names of files whose page furniture to trim" }),
  meta: z.string().optional().meta({ description: "JSON: corrections of each file's metadata by file name" }),
});
// The export's options as they travel in the query string. exportOptionsSchema parses them, but
// its input side reads lists as arrays (they arrive comma-separated) and names the retired
// `layer` only to refuse it; document.test.ts checks the two name the same options.
const flag = (description: string, fallback: "true" | "false") => z.enum(["0", "1", "true", "false"]).optional().meta({ description: `${description} (default ${fallback})` });
const commaSeparated = (description: string) => z.string().optional().meta({ description: `${description}, comma-separated` });
const exportJobRequest = z.object({
  options: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.array(z.string())])).meta({ description: "The export's options, as the GET …/export query takes them (format, layers, …)" }),
  check: z.boolean().optional().meta({ description: "true: only count what the export would hold (default false)" }),
});
export const exportQuery = z.object({
  format: z.enum(EXPORT_FORMATS),
  documents: commaSeparated("Document ids (default: all)"),
  annotators: commaSeparated("Annotators' user ids (default: everyone; does not restrict the gold layer)"),
  layers: z.enum(EXPORT_LAYERS).optional().meta({ description: "Which layers and whether they stay apart (default annotators: each annotator's layer on its own)" }),
  review: z.enum(["all", "accepted"]).optional().meta({ description: "accepted: only accepted annotations (default all)" }),
  kinds: commaSeparated("Label kinds ENTITY, EVENT, CLAIM (default: all)"),
  offsets: z.enum(["codepoint", "utf16"]).optional().meta({ description: "JSONL offsets in code points (default) or UTF-16 units" }),
  bom: flag("CSV: start with a UTF-8 byte-order mark", "false"),
  embedText: flag("W3C: carry each document's text, so the file imports where the text is not", "false"),
  guard: flag("CSV: guard formula-like cells with a leading apostrophe; false for pandas/R", "true"),
});

const eventStream: Success = {
  status: 200,
  description: "A Server-Sent Events stream (text/event-stream): annotation changes and who is viewing; reconnect with Last-Event-ID",
  contentType: "text/event-stream",
};
const exportFile: Success = {
  status: 200,
  description: "The export as a download (Content-Disposition: attachment): JSON, JSON Lines, CSV, or a ZIP of brat/CoNLL files, by format; X-Export-Annotations says how many annotations it holds",
  contentType: "*/*",
};

export const OPERATIONS: Operation[] = [
  // ---- service and account ----
  { method: "GET", path: "/api/health", tag: "Service", summary: "Is the app up, can it reach its database, is that database migrated, and is it hearing live changes?", access: { kind: "public" },
    ok: [ok(P.health, "Up and healthy"), ok(P.health, "Degraded: the database is unreachable, failing or missing migrations (Retry-After may be set)", 503)] },
  { method: "GET", path: "/api/openapi.json", tag: "Service", summary: "This OpenAPI 3.1 description of the API", access: { kind: "public" },
    ok: [ok(z.record(z.string(), z.unknown()), "The OpenAPI document")] },
  { method: "GET", path: "/api/auth/[...nextauth]", tag: "Account", summary: "Auth.js: the session, CSRF token, providers and sign-in pages (not JSON API; used by the web app)", access: { kind: "public" },
    ok: [{ status: 200, description: "Auth.js's answer (JSON or HTML)", contentType: "*/*" }, { status: 302, description: "A redirect (sign-in flows)" }] },
  { method: "POST", path: "/api/auth/[...nextauth]", tag: "Account", summary: "Auth.js: sign in and sign out (form posts with the CSRF token); repeated failed password sign-ins get 429 with Retry-After", access: { kind: "public" },
    ok: [{ status: 200, description: "Auth.js's answer", contentType: "*/*" }, { status: 302, description: "A redirect after signing in or out" }], errors: [400, 413, 429] },
  { method: "POST", path: "/api/users", tag: "Account", summary: "Sign up with email and password (rate-limited per client address)", access: { kind: "public" },
    body: signUpSchema, ok: [createdOk(P.signedUp, "The account")], errors: [409, 429] },
  { method: "POST", path: "/api/account/link", tag: "Account", summary: "After an external sign-in, prove the matching account's password once to join it", access: { kind: "public" },
    body: linkAccountSchema, ok: [ok(P.accountLinked)], errors: [404, 429] },
  { method: "POST", path: "/api/account/password", tag: "Account", summary: "Change your password (needs the current one); ends your other sessions and revokes your API tokens", access: sessionOnly,
    body: changePasswordSchema, ok: [ok(P.passwordChanged)], errors: [409] },
  { method: "DELETE", path: "/api/account/sessions", tag: "Account", summary: "Sign out everywhere: ends every session of your account, this one too", access: sessionOnly,
    ok: [ok(P.sessionsEnded)] },
  { method: "GET", path: "/api/tokens", tag: "Account", summary: "Your personal API tokens (never their secrets)", access: sessionOnly, ok: [ok(P.apiTokenList)] },
  { method: "POST", path: "/api/tokens", tag: "Account", summary: "Make a token for chosen projects (your password again); the answer holds the secret, shown this once", access: sessionOnly,
    body: createApiTokenRequestSchema, ok: [createdOk(P.createdApiToken)], errors: [404, 409, 429] },
  { method: "DELETE", path: "/api/tokens/[id]", tag: "Account", summary: "Revoke one of your tokens; it stops working at once", access: sessionOnly, ok: [noContent] },
  { method: "POST", path: "/api/invitations/accept", tag: "Members", summary: "Accept an invitation sent to your account's email address", access: sessionOnly,
    body: acceptInvitationSchema, ok: [ok(P.acceptedInvitation)], errors: [404, 409] },

  // ---- projects ----
  { method: "GET", path: "/api/projects", tag: "Projects", summary: "The projects you are a member of, with your role", access: signedIn(), ok: [ok(P.projectList)] },
  { method: "POST", path: "/api/projects", tag: "Projects", summary: "Create a project with the default label scheme; you become its owner", access: sessionOnly,
    body: createProjectSchema, ok: [createdOk(P.createdProject)] },
  { method: "POST", path: "/api/projects/import", tag: "Projects", summary: "Restore a project from a workbench (native) export as a new project you own; the file's other people become imported authors", access: sessionOnly,
    form: uploadForm, ok: [ok(W.projectImport)], errors: [409, 413] },
  { method: "GET", path: "/api/projects/[id]", tag: "Projects", summary: "One project and your role in it", access: project("read"), ok: [ok(P.projectWithRole)] },
  { method: "PATCH", path: "/api/projects/[id]", tag: "Projects", summary: "Change name, description, peer review, stacked tags, the gold-layer agreement threshold and who sees whose annotations", access: project("manage-project"),
    body: projectSettingsSchema, ok: [ok(P.projectSettings)] },

  // ---- members ----
  { method: "GET", path: "/api/projects/[id]/members", tag: "Members", summary: "Members and their roles", access: project("read"), ok: [ok(P.memberList)] },
  { method: "PATCH", path: "/api/projects/[id]/members/[userId]", tag: "Members", summary: "Change a member's role", access: project("manage-members"),
    body: changeRoleSchema, ok: [ok(P.memberRole)], errors: [409] },
  { method: "DELETE", path: "/api/projects/[id]/members/[userId]", tag: "Members", summary: "Remove a member", access: project("manage-members"), ok: [noContent], errors: [409] },
  { method: "GET", path: "/api/projects/[id]/invitations", tag: "Members", summary: "Open invitations (email, role, expiry)", access: project("see-member-admin"), ok: [ok(P.invitationList)] },
  { method: "POST", path: "/api/projects/[id]/invitations", tag: "Members", summary: "Invite an email address; the same answer whether or not it has an account", access: project("manage-members"),
    body: inviteMemberSchema, ok: [createdOk(P.createdInvitation)], errors: [409] },
  { method: "DELETE", path: "/api/projects/[id]/invitations/[invitationId]", tag: "Members", summary: "Revoke an open invitation", access: project("manage-members"), ok: [noContent], errors: [409] },
  { method: "GET", path: "/api/projects/[id]/imported-authors", tag: "Members", summary: "A restored file's people who are not accounts here (with the address the file gave)", access: project("see-member-admin"), ok: [ok(P.importedAuthorList)] },
  { method: "PATCH", path: "/api/projects/[id]/imported-authors/[authorId]", tag: "Members", summary: "Map an imported author to a member, re-crediting their annotations, reviews and comments", access: project("manage-members"),
    body: mapImportedAuthorSchema, ok: [ok(P.mappedImportedAuthor)], errors: [409] },

  // ---- label scheme ----
  { method: "GET", path: "/api/projects/[id]/labels", tag: "Labels", summary: "The label scheme, with how often each label is used", access: project("read"), ok: [ok(P.labelList)] },
  { method: "POST", path: "/api/projects/[id]/labels", tag: "Labels", summary: "Add a label", access: project("manage-labels"), body: labelSchema, ok: [createdOk(P.label)], errors: [409] },
  { method: "PATCH", path: "/api/projects/[id]/labels/[labelId]", tag: "Labels", summary: "Edit a label", access: project("manage-labels"), body: labelPatchSchema, ok: [ok(P.label)], errors: [409] },
  { method: "DELETE", path: "/api/projects/[id]/labels/[labelId]", tag: "Labels", summary: "Remove a label that no annotation uses (409 otherwise)", access: project("manage-labels"), ok: [noContent], errors: [409] },
  { method: "GET", path: "/api/projects/[id]/relation-types", tag: "Labels", summary: "The project's relation types with how often each is used", access: project("read"), ok: [ok(P.relationTypeList)] },
  { method: "POST", path: "/api/projects/[id]/relation-types", tag: "Labels", summary: "Add a relation type {name, fromKind, toKind, description}", access: project("manage-labels"),
    body: relationTypeSchema, ok: [createdOk(P.relationType)], errors: [409] },
  { method: "PATCH", path: "/api/projects/[id]/relation-types/[typeId]", tag: "Labels", summary: "Rename or describe a relation type (its kinds only while unused)", access: project("manage-labels"),
    body: relationTypePatchSchema, ok: [ok(P.relationType)], errors: [409] },
  { method: "DELETE", path: "/api/projects/[id]/relation-types/[typeId]", tag: "Labels", summary: "Remove an unused relation type (409 when in use)", access: project("manage-labels"), ok: [noContent], errors: [409] },

  // ---- documents ----
  { method: "GET", path: "/api/projects/[id]/documents", tag: "Documents", summary: "One page of the project's documents, filtered and sorted, with the total", access: project("read"),
    query: documentListQuery, ok: [ok(D.documentPage)] },
  { method: "POST", path: "/api/projects/[id]/documents", tag: "Documents", summary: "Import files (multipart, field files) or texts (JSON), all-or-nothing; dryRun previews the trim and the metadata", access: project("curate"),
    body: jsonImportSchema, form: documentForm, ok: [createdOk(D.documentImport, "Imported"), ok(D.documentImport, "The dry run's report")], errors: [409, 413] },
  { method: "POST", path: "/api/projects/[id]/documents/details", tag: "Documents", summary: "Correct many documents' details from a CSV keyed by id or content hash (dryRun reports only)", access: project("curate"),
    body: csvUpdateSchema, ok: [ok(D.detailsCsvUpdate)] },
  { method: "GET", path: "/api/projects/[id]/deleted-documents", tag: "Documents", summary: "Deleted documents with who deleted them and until when they can be restored", access: project("see-deleted"), ok: [ok(D.deletedDocuments)] },
  { method: "POST", path: "/api/projects/[id]/deleted-documents/[documentId]/restore", tag: "Documents", summary: "Bring a deleted document back with its annotations", access: project("curate"), ok: [ok(D.documentRestored)] },
  { method: "GET", path: "/api/documents/[id]", tag: "Documents", summary: "A document's canonical text and metadata", access: signedIn({ action: "read" }),
    query: rawQuery, ok: [ok(D.documentView)] },
  { method: "PATCH", path: "/api/documents/[id]", tag: "Documents", summary: "Correct a document's title, metadata and tags (its history keeps every change)", access: document("curate"),
    // `text` is named in the schema only to refuse it with a reason; the generator has no form for z.never().
    body: documentDetailsSchema.omit({ text: true }), ok: [ok(D.documentDetailsUpdated)] },
  { method: "DELETE", path: "/api/documents/[id]", tag: "Documents", summary: "Move a document to Deleted documents (restorable for 30 days, then purged)", access: document("curate"), ok: [ok(D.documentDeleted)] },
  { method: "GET", path: "/api/documents/[id]/revisions", tag: "Documents", summary: "Who changed the document's details, when, from what to what (newest first)", access: document("read"), ok: [ok(D.documentRevisions)] },
  { method: "GET", path: "/api/documents/[id]/events", tag: "Documents", summary: "Server-Sent Events: annotation changes and who is viewing (?since= or Last-Event-ID to catch up)", access: document("read"),
    query: sinceQuery, ok: [eventStream], errors: [429] },

  // ---- annotations ----
  { method: "GET", path: "/api/documents/[id]/annotations", tag: "Annotations", summary: "The annotations you may see (?since=N: all changes after cursor N, tombstones included)", access: signedIn({ action: "read" }),
    query: sinceQuery, ok: [ok(A.annotationList)] },
  { method: "POST", path: "/api/documents/[id]/annotations", tag: "Annotations", summary: "Create an annotation (idempotent by its client-generated id); the quote must match the text at its position", access: signedIn({ action: "annotate" }),
    body: createAnnotationSchema, ok: [createdOk(A.annotation), ok(A.annotation, "Already created (a retry with the same id)")], errors: [409, 422],
    // 409 also when you already tagged this span with this label and the project does not allow stacking (details.existing: id, label, quote).
  },
  { method: "PATCH", path: "/api/annotations/[id]", tag: "Annotations", summary: "Change your own annotation; a stale version gets 409 with the current state", access: signedIn({ action: "change-annotation" }),
    body: updateAnnotationSchema, ok: [ok(A.annotation)], errors: [409, 422] },
  { method: "DELETE", path: "/api/annotations/[id]", tag: "Annotations", summary: "Delete your own annotation (a tombstone); the body or ?version= carries the version", access: signedIn({ action: "change-annotation" }),
    query: deleteVersionQuery, body: deleteAnnotationSchema, ok: [ok(A.annotation, "The tombstone")], errors: [409] },
  { method: "GET", path: "/api/annotations/[id]/history", tag: "Annotations", summary: "Every change to an annotation, oldest first", access: signedIn({ action: "read" }), ok: [ok(A.history)] },
  { method: "PUT", path: "/api/annotations/[id]/canonical", tag: "Knowledge base", summary: "Link an annotation to a knowledge-base item of its kind, or unlink it ({canonicalId: null})", access: signedIn({ action: "link-mention" }),
    body: linkCanonicalSchema, ok: [ok(A.canonicalLink)], errors: [409] },
  { method: "GET", path: "/api/annotations/[id]/comments", tag: "Discussion", summary: "Discussion threads with replies (reading marks nothing seen)", access: signedIn({ action: "read" }), ok: [ok(A.threadList)] },
  { method: "POST", path: "/api/annotations/[id]/comments/seen", tag: "Discussion", summary: "The annotation's author has seen its discussion: its comments stop counting as new replies (for anyone else nothing changes)", access: signedIn({ action: "read" }), ok: [ok(A.commentsSeen)] },
  { method: "POST", path: "/api/annotations/[id]/comments", tag: "Discussion", summary: "Start a thread, or reply with {parentId}", access: signedIn({ action: "comment" }), body: commentSchema, ok: [createdOk(A.comment)] },
  { method: "PATCH", path: "/api/comments/[id]", tag: "Discussion", summary: "Resolve or reopen a thread {resolved}", access: signedIn({ action: "resolve-thread" }), body: commentPatchSchema, ok: [ok(A.comment)] },
  { method: "GET", path: "/api/projects/[id]/unseen-replies", tag: "Discussion", summary: "New comments by others on your annotations in this project", access: project("read"), ok: [ok(A.unseenReplies)] },
  { method: "GET", path: "/api/annotations/[id]/reviews", tag: "Review", summary: "Review state (pending / accepted / rejected) and verdicts", access: signedIn({ action: "read" }), ok: [ok(A.reviewList)] },
  { method: "POST", path: "/api/annotations/[id]/reviews", tag: "Review", summary: "Accept or reject someone else's annotation {decision, comment?, version}", access: signedIn({ action: "review", note: "or peer-review where the project has peer review on; never your own" }),
    body: reviewSchema, ok: [createdOk(A.review)], errors: [409] },
  { method: "GET", path: "/api/projects/[id]/review-queue", tag: "Review", summary: "One page of annotations to review", access: project("read"), query: reviewQueueQuery, ok: [ok(A.reviewQueue)] },
  { method: "GET", path: "/api/projects/[id]/attention", tag: "Review", summary: "Feedback by others on your annotations that you have not acted on (?documentId=)", access: project("read"), query: attentionQuery, ok: [ok(A.attention)] },
  { method: "POST", path: "/api/projects/[id]/attention/dismissals", tag: "Review", summary: "Put away the feedback on one of your annotations {annotationId}", access: project("comment", "only on your own annotations", true),
    body: dismissAttentionSchema, ok: [ok(A.attentionDismissed)] },
  { method: "GET", path: "/api/documents/[id]/relations", tag: "Annotations", summary: "The document's live relations", access: document("read"), ok: [ok(A.relationList)] },
  { method: "POST", path: "/api/documents/[id]/relations", tag: "Annotations", summary: "Link two annotations {id (UUIDv7), typeId, fromId, toId}: 201, or 200 on a retry", access: document("annotate"),
    body: createRelationSchema, ok: [createdOk(A.relation), ok(A.relation, "Already created (a retry with the same id)")], errors: [409] },
  { method: "DELETE", path: "/api/relations/[id]", tag: "Annotations", summary: "The relation's author or a curator removes it", access: signedIn({ action: "remove-relation" }), ok: [noContent] },

  // ---- assignments ----
  { method: "GET", path: "/api/projects/[id]/assignments", tag: "Assignments", summary: "A page of documents (oldest first) with their assignees and who finished, and the total", access: project("read"), query: assignmentsQuery, ok: [ok(D.assignmentBoard)] },
  { method: "PUT", path: "/api/projects/[id]/assignments", tag: "Assignments", summary: "Set exactly who works on one document", access: project("curate"), body: setAssigneesSchema, ok: [ok(D.assigneesSet)], errors: [409] },
  { method: "POST", path: "/api/projects/[id]/assignments/spread", tag: "Assignments", summary: "Give every document N annotators, spread evenly", access: project("curate"), body: spreadAssignmentsSchema, ok: [ok(D.assignmentsSpread)], errors: [409] },
  { method: "GET", path: "/api/projects/[id]/my-assignments", tag: "Assignments", summary: "Your own queue of assigned documents", access: project("read"), ok: [ok(D.myAssignments)] },
  { method: "PUT", path: "/api/documents/[id]/finished", tag: "Assignments", summary: "An assignee marks the document finished {finished: true} or reopens it (409 when it is not assigned to you)", access: document("annotate"),
    body: finishedSchema, ok: [ok(D.finished)], errors: [409] },

  // ---- curation and figures ----
  { method: "GET", path: "/api/documents/[id]/curation", tag: "Curation", summary: "Candidates grouped in clusters with their status, and the gold layer's size", access: document("see-progress"), ok: [ok(W.curationView)] },
  { method: "POST", path: "/api/documents/[id]/curation/adjudicate", tag: "Curation", summary: "Settle a disagreement {action: take|edit|reject, …}", access: document("curate"), body: adjudicateSchema, ok: [ok(W.adjudicated)], errors: [409, 422] },
  { method: "POST", path: "/api/documents/[id]/curation/merge", tag: "Curation", summary: "Put every span enough annotators agree on into the gold layer (keeps earlier decisions)", access: document("curate"), ok: [ok(W.merged)], errors: [409] },
  { method: "GET", path: "/api/documents/[id]/agreement", tag: "Figures", summary: "One document's agreement figures and regions of lowest agreement, as last computed, with their age", access: document("see-progress"), ok: [ok(W.documentAgreement)] },
  { method: "GET", path: "/api/projects/[id]/agreement", tag: "Figures", summary: "Fleiss' kappa, Krippendorff's alpha, pairwise kappa and span F1, overall and per document, as last computed, with their age; the per-document rows a page at a time", access: project("see-progress"), query: agreementPageQuery, ok: [ok(W.projectAgreement)] },
  { method: "GET", path: "/api/projects/[id]/progress", tag: "Figures", summary: "The dashboard's figures, as last computed by the figures job, with their age and progress", access: project("see-progress"), ok: [ok(W.progress)] },

  // ---- knowledge base ----
  { method: "GET", path: "/api/projects/[id]/knowledge", tag: "Knowledge base", summary: "The knowledge base's items (?kind=) with mention and document counts", access: project("read"), query: listCanonicalItemsQuery, ok: [ok(K.canonicalItemList)] },
  { method: "POST", path: "/api/projects/[id]/knowledge", tag: "Knowledge base", summary: "Create an item (annotators too, so they can link while annotating)", access: project("annotate"),
    body: createCanonicalItemSchema, ok: [createdOk(K.canonicalItem)], errors: [409] },
  { method: "GET", path: "/api/projects/[id]/knowledge/[itemId]", tag: "Knowledge base", summary: "One item with a page of its mentions in context, their total, and the documents it occurs in", access: project("read"), query: itemMentionsQuery, ok: [ok(K.canonicalItemView)] },
  { method: "PATCH", path: "/api/projects/[id]/knowledge/[itemId]", tag: "Knowledge base", summary: "Change name, aliases, date (events) or description", access: project("curate"),
    body: updateCanonicalItemSchema, ok: [ok(K.canonicalItem)], errors: [409] },
  { method: "DELETE", path: "/api/projects/[id]/knowledge/[itemId]", tag: "Knowledge base", summary: "Delete an item; its mentions stay, unlinked", access: project("curate"), ok: [ok(K.canonicalItemDeleted)] },
  { method: "POST", path: "/api/projects/[id]/knowledge/[itemId]/merge", tag: "Knowledge base", summary: "Merge other items into this one (mentions, suggestions, names as aliases)", access: project("curate"),
    body: mergeCanonicalItemsSchema, ok: [ok(K.canonicalItemsMerged)], errors: [409] },
  { method: "POST", path: "/api/projects/[id]/knowledge/[itemId]/split", tag: "Knowledge base", summary: "Move some mentions to a new item of the same kind", access: project("curate"),
    body: splitCanonicalItemSchema, ok: [createdOk(K.canonicalItemSplit)], errors: [409] },
  { method: "GET", path: "/api/projects/[id]/knowledge/candidates", tag: "Knowledge base", summary: "Items a mention's text may refer to, best match first", access: project("read"), query: candidatesQuery, ok: [ok(K.candidates)] },
  { method: "POST", path: "/api/projects/[id]/knowledge/suggest", tag: "Knowledge base", summary: "Scan documents for known entities' names and aliases and offer them as suggestions", access: project("curate"),
    body: suggestMentionsSchema, ok: [ok(K.mentionsSuggested)] },
  { method: "GET", path: "/api/documents/[id]/suggestions", tag: "Knowledge base", summary: "Suggestions of known entities offered to the caller in this document (not those they decided), in text order", access: document("read"), ok: [ok(A.suggestionList)] },
  { method: "POST", path: "/api/suggestions/[id]", tag: "Knowledge base", summary: "Accept (it becomes your annotation, linked) or reject a suggestion, for yourself only; deciding twice is a 409", access: signedIn({ action: "annotate" }),
    body: decideSuggestionSchema, ok: [ok(A.suggestionDecision)], errors: [409, 422] },
  { method: "GET", path: "/api/projects/[id]/claims", tag: "Knowledge base", summary: "A page of canonical claims with wordings, claimants, documents and dates, the most repeated first, and the total", access: project("read"), query: claimsQuery, ok: [ok(K.claims)] },
  { method: "GET", path: "/api/projects/[id]/timeline", tag: "Knowledge base", summary: "A page of canonical events in time order with their (partial) dates, the undated after them (?participant=)", access: project("read"), query: timelineQuery, ok: [ok(K.timeline)] },

  // ---- recommenders ----
  { method: "GET", path: "/api/projects/[id]/recommenders", tag: "Recommenders", summary: "The project's recommenders with their last run (never a key)", access: project("see-progress"), ok: [ok(W.recommenderList)] },
  { method: "POST", path: "/api/projects/[id]/recommenders", tag: "Recommenders", summary: "Add a model server (Label Studio ML backend or OpenAI-compatible chat)", access: project("curate"),
    body: createRecommenderSchema, ok: [createdOk(W.recommender)], errors: [409] },
  { method: "PATCH", path: "/api/projects/[id]/recommenders/[recommenderId]", tag: "Recommenders", summary: "Change a recommender's settings (labels, minimum score, on/off, server, key)", access: project("curate"),
    body: updateRecommenderSchema, ok: [ok(W.recommender)], errors: [409] },
  { method: "DELETE", path: "/api/projects/[id]/recommenders/[recommenderId]", tag: "Recommenders", summary: "Remove a model server and its open proposals", access: project("curate"), ok: [noContent] },
  { method: "POST", path: "/api/projects/[id]/recommenders/[recommenderId]/run", tag: "Recommenders", summary: "Run a model server over documents now (capped, time-limited); answers its report (ok: false when it could not be reached)", access: project("curate"),
    body: runRecommenderSchema, ok: [ok(W.recommenderRun)], errors: [409] },
  { method: "GET", path: "/api/documents/[id]/proposals", tag: "Recommenders", summary: "What the recommenders propose to you here, in text order", access: document("read"), ok: [ok(A.proposalList)] },
  { method: "POST", path: "/api/documents/[id]/proposals", tag: "Recommenders", summary: "Accept (it becomes your annotation) or reject a proposal, for you only", access: document("annotate"),
    body: decideProposalSchema, ok: [ok(A.proposalDecision)], errors: [409, 422] },
  { method: "POST", path: "/api/documents/[id]/proposals/accept-all", tag: "Recommenders", summary: "Accept every suggestion of one label offered to you here — every recommender's, the knowledge base's included — as your annotations (spans: only those)", access: document("annotate"),
    body: acceptAllProposalsSchema, ok: [ok(A.proposalsAccepted)], errors: [409] },
  { method: "POST", path: "/api/documents/[id]/proposals/undo", tag: "Recommenders", summary: "Take back your accepts (your unchanged annotations are deleted) and rejects, of proposals (by span and label) and knowledge-base suggestions (by id)", access: document("annotate"),
    body: undoProposalDecisionsSchema, ok: [ok(A.proposalsUndone)] },

  // ---- search, import and export ----
  { method: "GET", path: "/api/projects/[id]/search", tag: "Search", summary: "Full-text search over the project's documents and annotations", access: project("read"), query: searchQuerySchema, ok: [ok(W.searchResults)] },
  { method: "POST", path: "/api/projects/[id]/annotation-import", tag: "Import and export", summary: "Import annotation sets (W3C, brat, doccano, CoNLL, native); dryRun=true for the report only", access: project("curate"),
    form: annotationUploadForm, ok: [ok(W.annotationImport)], errors: [409, 413] },
  { method: "GET", path: "/api/projects/[id]/export", tag: "Import and export", summary: "Stream the export as a download (annotators' layers apart by default)", access: project("export"),
    query: exportQuery, ok: [exportFile] },
  { method: "GET", path: "/api/projects/[id]/export/summary", tag: "Import and export", summary: "What the export would hold (documents, annotations, layers, what the format leaves out), without sending it", access: project("export"),
    query: exportQuery, ok: [ok(W.exportSummary)] },
  { method: "POST", path: "/api/projects/[id]/exports", tag: "Import and export", summary: "Queue an export (or with check: true, a count of what it would hold) for the job runner; follow it with GET /api/exports/{id}. At most 3 waiting or running per person and project", access: project("export"),
    body: exportJobRequest, ok: [ok(W.exportJob, "Queued", 202)], errors: [429] },
  { method: "GET", path: "/api/projects/[id]/exports", tag: "Import and export", summary: "Your recent export jobs in this project, newest first", access: project("export"), ok: [ok(W.exportJobList)] },
  { method: "GET", path: "/api/exports/[id]", tag: "Import and export", summary: "One of your export jobs: its state, bytes written, summary and file URL when done", access: signedIn({ action: "export", ownOnly: true }), ok: [ok(W.exportJob)] },
  { method: "DELETE", path: "/api/exports/[id]", tag: "Import and export", summary: "Cancel one of your exports, or remove a finished one and its file", access: signedIn({ action: "export", ownOnly: true }), ok: [ok(z.object({ deleted: z.string() }))] },
  { method: "GET", path: "/api/exports/[id]/file", tag: "Import and export", summary: "Download one of your finished exports (kept 24 hours)", access: signedIn({ action: "export", ownOnly: true }),
    ok: [{ ...exportFile, description: "The finished export as a download, of the type its format has (as GET …/export)" }], errors: [409] },
  { method: "POST", path: "/api/projects/[id]/imports", tag: "Import and export", summary: "Upload annotation sets (as …/annotation-import) for the job runner to import; follow it with GET /api/imports/{id}. At most 3 waiting or running per person and project", access: project("curate"),
    form: annotationUploadForm, ok: [ok(W.importJob, "Queued", 202)], errors: [413, 429] },
  { method: "GET", path: "/api/imports/[id]", tag: "Import and export", summary: "One of your import jobs: its state, and the report (or why it failed) when done", access: signedIn({ action: "curate", ownOnly: true }), ok: [ok(W.importJob)] },
];
