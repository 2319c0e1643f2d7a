// The authorization matrix (lib/testing/authorization-matrix.ts) against the real route handlers:
// every app/api/**/route.ts method is called as each actor with a request that is valid in every
// other respect, so a refusal can only come from authorization. The session is stubbed per call
// (AsyncLocalStorage, so cells run concurrently); authorization, use cases and PostgreSQL are real.
import { AsyncLocalStorage } from "node:async_hooks";
import fs from "node:fs";
import path from "node:path";
import { isDeepStrictEqual } from "node:util";
import { afterAll, beforeAll, expect, test, vi } from "vitest";
import { uuidv7 } from "@/lib/ids";
import { ACTORS, AUTHORIZATION_MATRIX, isExempt, TOKEN_ACTORS, tokenExpectation, type Actor, type RouteKey, type TokenActor } from "@/lib/testing/authorization-matrix";
import { useTestDatabase } from "@/lib/testing/test-database";
import { documentAccessOf } from "@/lib/testing/access";
import { openApiMismatches } from "@/lib/testing/openapi-check";

const session = vi.hoisted(() => ({ store: null as AsyncLocalStorage<string | null> | null }));
session.store = new AsyncLocalStorage<string | null>();
vi.mock("@/lib/auth", () => {
  const notCalled = async () => new Response("Auth.js is not part of the matrix", { status: 500 });
  return {
    auth: async () => {
      const id = session.store?.getStore();
      return id ? { user: { id } } : null;
    },
    handlers: { GET: notCalled, POST: notCalled },
  };
});

type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
const HTTP_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;
const API_ROOT = import.meta.dirname;

/** Every route file under app/api, as "/api/…" paths with their files. */
function discoverRouteFiles(dir = API_ROOT): { route: string; file: string }[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return discoverRouteFiles(full);
    if (!/^route\.(ts|tsx|js|mjs)$/.test(entry.name)) return [];
    const relative = path.relative(API_ROOT, dir).split(path.sep).join("/");
    return [{ route: relative ? `/api/${relative}` : "/api", file: full }];
  });
}

let db: typeof import("@/lib/db").db;
let createAnnotation: typeof import("@/lib/server/annotations/create-annotation").createAnnotation;
/** "METHOD /api/…" → the exported handler, for every route file found. */
const handlers = new Map<string, Handler>();

const TEXT = "Kim Jong Un met Vladimir Putin in Vladivostok. Kim Jong Un said ties would grow.";
const span = (needle: string) => ({ start: TEXT.indexOf(needle), end: TEXT.indexOf(needle) + needle.length, exact: needle });
const KIM = span("Kim Jong Un");
const PLACE = span("Vladivostok");

type Fixture = {
  users: Record<Exclude<Actor, "anonymous">, string>;
  projectId: string;
  documentId: string;
  person: string;
  location: string;
  /** By the annotator: a Person on KIM, linked to `item`, with a thread by the annotator. */
  annotationId: string;
  /** By the annotator: a Location on PLACE. */
  placeId: string;
  itemId: string;
};
let f: Fixture;
/** Secrets of the owner's tokens, by token actor. */
const tokens = {} as Record<TokenActor, string>;
let counter = 0;
const unique = (what: string) => `${what} ${++counter}`;

beforeAll(async () => {
  // Every actor, token and cell queues exports and imports that no runner takes here.
  process.env.MAX_ACTIVE_JOBS = "1000";
  await useTestDatabase();
  ({ db } = await import("@/lib/db"));
  ({ createAnnotation } = await import("@/lib/server/annotations/create-annotation"));
  const { createProject } = await import("@/lib/server/projects/create-project");
  for (const { route, file } of discoverRouteFiles()) {
    const exported = (await import(file)) as Record<string, unknown>;
    for (const method of HTTP_METHODS) {
      if (typeof exported[method] === "function") handlers.set(`${method} ${route}`, exported[method] as Handler);
    }
  }

  const names = ACTORS.filter((a): a is Exclude<Actor, "anonymous"> => a !== "anonymous");
  const created = await Promise.all(names.map((name) => db.user.create({ data: { email: `${name}@matrix.test`, name } })));
  const users = Object.fromEntries(names.map((name, i) => [name, created[i].id])) as Fixture["users"];
  // Members see each other's work here, so that the table shows the permission rules; who sees
  // whose annotations (another annotator's id → 404 by default) is lib/server/visibility.test.ts.
  const project = await createProject(users.owner, { name: "Matrix", description: "", annotatorsSee: "EVERYONE", viewersSee: "EVERYONE" });
  // Every cell that changes an annotation gets a fresh one on the same span: stacking must be allowed.
  await db.project.update({ where: { id: project.id }, data: { allowStackedTags: true } });
  const role = { viewer: "VIEWER", annotator: "ANNOTATOR", otherAnnotator: "ANNOTATOR", curator: "CURATOR" } as const;
  await db.membership.createMany({ data: Object.entries(role).map(([name, r]) => ({ projectId: project.id, userId: users[name as keyof typeof role], role: r })) });
  const labels = await db.label.findMany({ where: { projectId: project.id, name: { in: ["Person", "Location"] } } });
  const labelId = (name: string) => labels.find((l) => l.name === name)!.id;
  const documentId = (await db.document.create({ data: { projectId: project.id, title: "Summit", text: TEXT, contentHash: "summit", length: TEXT.length } })).id;
  f = { users, projectId: project.id, documentId, person: labelId("Person"), location: labelId("Location"), annotationId: "", placeId: "", itemId: "" };
  f.annotationId = await freshAnnotation();
  f.placeId = await freshAnnotation({ labelId: f.location, at: PLACE });
  f.itemId = await freshItem("Kim Jong Un");
  await db.annotation.update({ where: { id: f.annotationId }, data: { canonicalId: f.itemId } });
  await freshThread();

  const { createApiToken } = await import("@/lib/server/tokens/create-api-token");
  const elsewhere = await createProject(users.owner, { name: "Token elsewhere", description: "" });
  const make = async (projectId: string, access: "READ" | "READ_WRITE") =>
    (await createApiToken(users.owner, { name: "matrix", projectIds: [projectId], access, expiresInDays: 7 })).secret;
  tokens.ownerToken = await make(project.id, "READ_WRITE");
  tokens.ownerReadToken = await make(project.id, "READ");
  tokens.otherProjectToken = await make(elsewhere.id, "READ_WRITE");
});

afterAll(async () => {
  // The event stream route opened the process-wide LISTEN connection; close it so the worker can end.
  const hub = (globalThis as { liveHub?: { client: { end(): Promise<void> } | null } }).liveHub;
  const client = hub?.client;
  if (hub) hub.client = null;
  await client?.end();
});

// ---- fresh resources, one per cell where a request changes or removes them -------------------

async function freshDocument(text = `${unique("Document")}: ${TEXT}`) {
  return (await db.document.create({ data: { projectId: f.projectId, title: unique("Doc"), text, contentHash: uuidv7(), length: [...text].length } })).id;
}

async function freshAnnotation({ documentId = f.documentId, authorId = f.users.annotator, labelId = f.person, at = KIM }: { documentId?: string; authorId?: string; labelId?: string; at?: { start: number; end: number; exact: string } } = {}) {
  const { annotation } = await createAnnotation(await documentAccessOf(authorId, documentId), { id: uuidv7(), labelId, ...at, attributes: {}, note: "" });
  return annotation.id;
}

/** A fresh document with exactly the fixture's text, so KIM's offsets hold in it (freshDocument's unique prefix shifts them). */
const freshDocumentWithKim = async () =>
  (await db.document.create({ data: { projectId: f.projectId, title: unique("Doc"), text: TEXT, contentHash: uuidv7(), length: TEXT.length } })).id;

const freshItem = async (name = unique("Item")) => (await db.canonicalItem.create({ data: { projectId: f.projectId, kind: "ENTITY", name } })).id;
const freshLabel = async () => (await db.label.create({ data: { projectId: f.projectId, name: unique("Label"), kind: "ENTITY", color: "#fcd34d", position: 100 + counter } })).id;
const freshRelationType = async () => (await db.relationType.create({ data: { projectId: f.projectId, name: unique("type"), fromKind: "ENTITY", toKind: "ENTITY", position: 100 + counter } })).id;
/** A restored file's person in `projectId`: a name, not an account (see lib/server/import/import-native.ts). */
async function freshImportedAuthor(projectId: string) {
  const id = uuidv7();
  await db.user.create({ data: { id, email: `imported:${id}`, name: "Someone (imported)", importedIntoProjectId: projectId } });
  return id;
}
const freshUser = async () => db.user.create({ data: { email: `${unique("user").replace(" ", "-")}@matrix.test`, name: "Someone" } });
/** An open invitation of `projectId`: its id, or with `secretWanted` the link's secret. */
async function freshInvitation(projectId: string, email = `${unique("invitee").replace(" ", "-")}@matrix.test`, secretWanted = false) {
  const { hashInvitationSecret, newInvitationSecret } = await import("@/lib/server/members/invitation-secret");
  const secret = newInvitationSecret();
  const row = await db.invitation.create({ data: { projectId, email, role: "ANNOTATOR", secretHash: hashInvitationSecret(secret), expiresAt: new Date(Date.now() + 86_400_000) } });
  return secretWanted ? secret : row.id;
}
async function freshMember() {
  const user = await freshUser();
  await db.membership.create({ data: { projectId: f.projectId, userId: user.id, role: "ANNOTATOR" } });
  return user.id;
}
const freshThread = async (annotationId = f.annotationId, authorId = f.users.annotator) =>
  (await db.annotationComment.create({ data: { annotationId, authorId, body: unique("A question") } })).id;
const freshRelation = async (authorId = f.users.annotator) =>
  (await db.relation.create({ data: { id: uuidv7(), projectId: f.projectId, documentId: f.documentId, typeId: await freshRelationType(), fromId: f.annotationId, toId: f.placeId, authorId } })).id;
const freshSuggestion = async () =>
  (await db.suggestion.create({ data: { projectId: f.projectId, documentId: f.documentId, canonicalId: await freshItem(), ...KIM } })).id;

/** A finished CSV export of the annotator's, with its one stored piece. */
async function freshExport() {
  const id = uuidv7();
  await db.exportJob.create({
    data: { id, projectId: f.projectId, userId: f.users.annotator, options: { format: "csv" }, origin: "http://localhost", state: "DONE", fileName: "matrix.csv", contentType: "text/csv", bytes: 4, chunks: { create: { seq: 0, data: Buffer.from("a,b\n") } } },
  });
  return id;
}

/** A model server of the matrix's project (no server behind it: its proposals are stored rows). */
const freshRecommender = async () =>
  (await db.recommender.create({ data: { projectId: f.projectId, kind: "LABEL_STUDIO", name: unique("Model server"), url: "http://127.0.0.1:9/" } })).id;
/** A fresh document with the fixture's text and a stored proposal of KIM as Person, open to everyone. */
async function freshProposal() {
  const [documentId, recommenderId] = await Promise.all([freshDocumentWithKim(), freshRecommender()]);
  await db.proposal.create({ data: { projectId: f.projectId, documentId, recommenderId, labelId: f.person, ...KIM, score: 0.9 } });
  return { documentId, recommenderId };
}

// ---- one valid request per route ---------------------------------------------------------------

type Cell = {
  params: Record<string, string>;
  query?: string;
  body?: unknown;
  form?: FormData;
  /** A Server-Sent Events answer: not read to the end. */
  stream?: boolean;
  /** State that only this request can change: the same after a refusal, different after a success. */
  probe?: () => Promise<unknown>;
  /** State that must stay as it is whatever the answer (another project's rows). */
  untouched?: () => Promise<unknown>;
  /** Text of another project that must not appear in the answer. */
  secret?: string;
};
/** Builds a fresh request; `actor` is who will send it, for the few requests that must be about the caller. */
type Build = (actor: Actor) => Promise<Cell>;

const MATRIX_PASSWORD = "matrix actors' passphrase";
let passwordHash: Promise<string> | undefined;
const matrixPasswordHash = async () => (passwordHash ??= import("@/lib/server/auth/passwords").then((m) => m.hashPassword(MATRIX_PASSWORD)));

const p = () => ({ id: f.projectId });
const d = () => ({ id: f.documentId });
const a = () => ({ id: f.annotationId });
const get = (params: () => Record<string, string>, query?: string): Build => async () => ({ params: params(), query });
const exists = (find: () => Promise<unknown>) => async () => (await find()) !== null;
const file = (name: string, content: string) => {
  const form = new FormData();
  form.append("files", new File([content], name, { type: "application/octet-stream" }));
  return form;
};

const REQUESTS: Record<Exclude<RouteKey, "GET /api/auth/[...nextauth]" | "POST /api/auth/[...nextauth]">, Build> = {
  "GET /api/health": get(() => ({})),
  "GET /api/openapi.json": get(() => ({})),
  "POST /api/users": async () => {
    const email = `${unique("signup").replace(" ", "-")}@matrix.test`;
    return { params: {}, body: { email, name: "New person", password: "correct horse battery" }, probe: exists(() => db.user.findUnique({ where: { email } })) };
  },
  "POST /api/account/password": async () => {
    // Every actor's password is this one, and stays it (changed to itself): cells run concurrently.
    await db.user.updateMany({ where: { email: { endsWith: "@matrix.test" }, passwordHash: null }, data: { passwordHash: await matrixPasswordHash() } });
    return { params: {}, body: { currentPassword: MATRIX_PASSWORD, newPassword: MATRIX_PASSWORD } };
  },
  "DELETE /api/account/sessions": get(() => ({})),
  "POST /api/account/link": async () => {
    const { hashLinkToken } = await import("@/lib/server/auth/external-sign-in");
    const user = await db.user.create({ data: { email: `${unique("linked").replace(" ", "-")}@matrix.test`, name: "Linked", passwordHash: await matrixPasswordHash() } });
    const token = uuidv7();
    await db.pendingAccountLink.create({ data: { tokenHash: hashLinkToken(token), email: user.email, provider: "oidc", expiresAt: new Date(Date.now() + 60_000) } });
    return { params: {}, body: { token, password: MATRIX_PASSWORD }, probe: async () => (await db.user.findUniqueOrThrow({ where: { id: user.id } })).emailVerifiedAt };
  },

  "GET /api/projects": get(() => ({})),
  "POST /api/projects": async () => {
    const name = unique("Project");
    return { params: {}, body: { name }, probe: () => db.project.count({ where: { name } }) };
  },
  "POST /api/projects/import": async () => {
    const id = uuidv7();
    const backup = {
      format: "annotation-workbench", version: 1,
      project: { id, name: unique("Restored"), description: "", peerReview: false, agreementThreshold: 2, createdAt: new Date().toISOString() },
      labels: [], users: [], members: [], documents: [],
    };
    return { params: {}, form: file("backup.json", JSON.stringify(backup)), probe: exists(() => db.project.findUnique({ where: { id } })) };
  },

  "GET /api/tokens": get(() => ({})),
  "POST /api/tokens": async () => {
    const name = unique("Token");
    // Making a token asks for the account's password again.
    await db.user.updateMany({ where: { email: { endsWith: "@matrix.test" }, passwordHash: null }, data: { passwordHash: await matrixPasswordHash() } });
    return { params: {}, body: { name, projectIds: [f.projectId], access: "READ", password: MATRIX_PASSWORD }, probe: () => db.apiToken.count({ where: { name } }) };
  },
  "DELETE /api/tokens/[id]": async () => {
    const id = (await db.apiToken.create({ data: { userId: f.users.annotator, name: unique("Token"), tokenHash: uuidv7(), prefix: "awb_xxxxxx", access: "READ" } })).id;
    return { params: { id }, probe: exists(() => db.apiToken.findUnique({ where: { id } })) };
  },

  "GET /api/projects/[id]": get(p),
  "PATCH /api/projects/[id]": async () => {
    const description = unique("About");
    return { params: p(), body: { description }, probe: async () => (await db.project.findUniqueOrThrow({ where: { id: f.projectId } })).description === description };
  },
  "GET /api/projects/[id]/members": get(p),
  "GET /api/projects/[id]/invitations": get(p),
  "POST /api/projects/[id]/invitations": async () => {
    const email = `${unique("invitee").replace(" ", "-")}@matrix.test`;
    return { params: p(), body: { email, role: "ANNOTATOR" }, probe: () => db.invitation.count({ where: { projectId: f.projectId, email } }) };
  },
  "DELETE /api/projects/[id]/invitations/[invitationId]": async () => {
    const invitationId = await freshInvitation(f.projectId);
    return { params: { ...p(), invitationId }, probe: async () => (await db.invitation.findUniqueOrThrow({ where: { id: invitationId } })).revokedAt };
  },
  "POST /api/invitations/accept": async (actor) => {
    // A project the caller is not in yet, with an invitation for the caller's own address.
    const { createProject } = await import("@/lib/server/projects/create-project");
    const host = await freshUser();
    const project = await createProject(host.id, { name: unique("Inviting"), description: "" });
    const email = actor === "anonymous" ? `${unique("nobody").replace(" ", "-")}@matrix.test` : `${actor}@matrix.test`;
    const secret = await freshInvitation(project.id, email, true);
    return { params: {}, body: { secret }, probe: () => db.membership.count({ where: { projectId: project.id, userId: actor === "anonymous" ? host.id : f.users[actor] } }) };
  },
  "PATCH /api/projects/[id]/members/[userId]": async () => {
    const userId = await freshMember();
    return { params: { ...p(), userId }, body: { role: "VIEWER" }, probe: async () => (await db.membership.findUnique({ where: { projectId_userId: { projectId: f.projectId, userId } } }))?.role };
  },
  "DELETE /api/projects/[id]/members/[userId]": async () => {
    const userId = await freshMember();
    return { params: { ...p(), userId }, probe: exists(() => db.membership.findUnique({ where: { projectId_userId: { projectId: f.projectId, userId } } })) };
  },

  "GET /api/projects/[id]/imported-authors": get(p),
  "PATCH /api/projects/[id]/imported-authors/[authorId]": async () => {
    const authorId = await freshImportedAuthor(f.projectId);
    return { params: { ...p(), authorId }, body: { memberId: f.users.owner }, probe: async () => (await db.user.findUniqueOrThrow({ where: { id: authorId } })).mappedToId };
  },

  "GET /api/projects/[id]/labels": get(p),
  "POST /api/projects/[id]/labels": async () => {
    const name = unique("Label");
    return { params: p(), body: { name, kind: "ENTITY", color: "#fcd34d" }, probe: () => db.label.count({ where: { projectId: f.projectId, name } }) };
  },
  "PATCH /api/projects/[id]/labels/[labelId]": async () => {
    const labelId = await freshLabel();
    return { params: { ...p(), labelId }, body: { description: "Renamed scope" }, probe: async () => (await db.label.findUniqueOrThrow({ where: { id: labelId } })).description };
  },
  "DELETE /api/projects/[id]/labels/[labelId]": async () => {
    const labelId = await freshLabel();
    return { params: { ...p(), labelId }, probe: exists(() => db.label.findUnique({ where: { id: labelId } })) };
  },
  "GET /api/projects/[id]/relation-types": get(p),
  "POST /api/projects/[id]/relation-types": async () => {
    const name = unique("type");
    return { params: p(), body: { name, fromKind: "ENTITY", toKind: "ENTITY" }, probe: () => db.relationType.count({ where: { projectId: f.projectId, name } }) };
  },
  "PATCH /api/projects/[id]/relation-types/[typeId]": async () => {
    const typeId = await freshRelationType();
    return { params: { ...p(), typeId }, body: { description: "Narrower" }, probe: async () => (await db.relationType.findUniqueOrThrow({ where: { id: typeId } })).description };
  },
  "DELETE /api/projects/[id]/relation-types/[typeId]": async () => {
    const typeId = await freshRelationType();
    return { params: { ...p(), typeId }, probe: exists(() => db.relationType.findUnique({ where: { id: typeId } })) };
  },

  "GET /api/projects/[id]/documents": get(p),
  "GET /api/projects/[id]/deleted-documents": get(p),
  "POST /api/projects/[id]/deleted-documents/[documentId]/restore": async () => {
    const documentId = await freshDocument();
    await db.document.update({ where: { id: documentId }, data: { deletedAt: new Date() } });
    return { params: { ...p(), documentId }, probe: async () => (await db.document.findUniqueOrThrow({ where: { id: documentId } })).deletedAt === null };
  },
  "POST /api/projects/[id]/documents/details": async () => {
    const documentId = await freshDocument();
    const publisher = unique("Bulk publisher");
    return {
      params: p(),
      body: { csv: `id,publisher\n${documentId},"${publisher}"\n` },
      probe: async () => (await db.document.findUniqueOrThrow({ where: { id: documentId } })).publisher === publisher,
    };
  },
  "POST /api/projects/[id]/documents": async () => {
    const text = `${unique("Imported")}: ${TEXT}`;
    return { params: p(), body: { documents: [{ name: "imported.txt", text }] }, probe: () => db.document.count({ where: { projectId: f.projectId, text } }) };
  },
  "POST /api/projects/[id]/annotation-import": async () => {
    const text = `${unique("From doccano")}: Kim Jong Un arrived.`;
    const at = text.indexOf("Kim");
    return {
      params: p(),
      form: file("doccano.jsonl", JSON.stringify({ text, label: [[at, at + 11, "Person"]] })),
      probe: () => db.annotation.count({ where: { projectId: f.projectId, document: { text } } }),
    };
  },
  "GET /api/projects/[id]/export": get(p, "?format=jsonl"),
  "GET /api/projects/[id]/export/summary": get(p, "?format=jsonl"),
  "POST /api/projects/[id]/imports": async () => {
    const text = `${unique("From doccano")}: Kim Jong Un arrived.`;
    const at = text.indexOf("Kim");
    // The file's name tells this cell's upload apart (no character that encoding would change).
    const name = `${uuidv7()}.jsonl`;
    return {
      params: p(),
      form: file(name, JSON.stringify({ text, label: [[at, at + 11, "Person"]] })),
      probe: () => db.importUpload.count({ where: { name } }),
    };
  },
  "GET /api/imports/[id]": async () => {
    const id = uuidv7();
    await db.importJob.create({ data: { id, projectId: f.projectId, userId: f.users.curator, dryRun: true, restoresProjects: true, files: 1, bytes: 1 } });
    return { params: { id } };
  },
  "GET /api/projects/[id]/exports": get(p),
  "POST /api/projects/[id]/exports": async () => {
    // A document filter of its own (no such document: an empty export) tells this cell's job apart.
    const marker = uuidv7();
    return { params: p(), body: { options: { format: "csv", documents: marker } }, probe: () => db.exportJob.count({ where: { options: { path: ["documents"], equals: marker } } }) };
  },
  "GET /api/exports/[id]": async () => ({ params: { id: await freshExport() } }),
  "DELETE /api/exports/[id]": async () => {
    const id = await freshExport();
    return { params: { id }, probe: exists(() => db.exportJob.findUnique({ where: { id } })) };
  },
  "GET /api/exports/[id]/file": async () => ({ params: { id: await freshExport() } }),
  "GET /api/projects/[id]/search": get(p, "?q=Putin"),

  "GET /api/projects/[id]/assignments": get(p),
  "PUT /api/projects/[id]/assignments": async () => {
    const documentId = await freshDocument();
    return { params: p(), body: { documentId, userIds: [f.users.annotator] }, probe: () => db.documentAssignment.count({ where: { documentId } }) };
  },
  "POST /api/projects/[id]/assignments/spread": async () => {
    const documentId = await freshDocument();
    return {
      params: p(),
      body: { perDocument: 1, annotatorIds: [f.users.annotator, f.users.otherAnnotator], documentIds: [documentId] },
      probe: () => db.documentAssignment.count({ where: { documentId } }),
    };
  },
  "GET /api/projects/[id]/my-assignments": get(p),
  "GET /api/projects/[id]/progress": get(p),
  "GET /api/projects/[id]/agreement": get(p),
  "GET /api/projects/[id]/review-queue": get(p),
  "GET /api/projects/[id]/unseen-replies": get(p),
  "GET /api/projects/[id]/attention": get(p),
  "POST /api/projects/[id]/attention/dismissals": async () => {
    const annotationId = await freshAnnotation();
    return { params: p(), body: { annotationId }, probe: () => db.attentionDismissal.count({ where: { annotationId } }) };
  },

  "GET /api/projects/[id]/knowledge": get(p),
  "POST /api/projects/[id]/knowledge": async () => {
    const name = unique("Known person");
    return { params: p(), body: { kind: "ENTITY", name }, probe: () => db.canonicalItem.count({ where: { projectId: f.projectId, name } }) };
  },
  "GET /api/projects/[id]/knowledge/[itemId]": get(() => ({ ...p(), itemId: f.itemId })),
  "PATCH /api/projects/[id]/knowledge/[itemId]": async () => {
    const itemId = await freshItem();
    return { params: { ...p(), itemId }, body: { description: "Head of state" }, probe: async () => (await db.canonicalItem.findUniqueOrThrow({ where: { id: itemId } })).description };
  },
  "DELETE /api/projects/[id]/knowledge/[itemId]": async () => {
    const itemId = await freshItem();
    return { params: { ...p(), itemId }, probe: exists(() => db.canonicalItem.findUnique({ where: { id: itemId } })) };
  },
  "POST /api/projects/[id]/knowledge/[itemId]/merge": async () => {
    const [itemId, other] = await Promise.all([freshItem(), freshItem()]);
    return { params: { ...p(), itemId }, body: { otherIds: [other] }, probe: exists(() => db.canonicalItem.findUnique({ where: { id: other } })) };
  },
  "POST /api/projects/[id]/knowledge/[itemId]/split": async () => {
    const [itemId, mention] = await Promise.all([freshItem(), freshAnnotation()]);
    await db.annotation.update({ where: { id: mention }, data: { canonicalId: itemId } });
    return {
      params: { ...p(), itemId },
      body: { annotationIds: [mention], name: unique("Namesake") },
      probe: async () => (await db.annotation.findUniqueOrThrow({ where: { id: mention } })).canonicalId,
    };
  },
  "GET /api/projects/[id]/knowledge/candidates": get(p, "?q=Kim"),
  "POST /api/projects/[id]/knowledge/suggest": async () => {
    const documentId = await freshDocumentWithKim();
    return { params: p(), body: { documentIds: [documentId] }, probe: () => db.suggestion.count({ where: { documentId } }) };
  },
  "GET /api/projects/[id]/recommenders": get(p),
  "POST /api/projects/[id]/recommenders": async () => {
    const name = unique("Model server");
    return { params: p(), body: { kind: "LABEL_STUDIO", name, url: "http://127.0.0.1:9/" }, probe: () => db.recommender.count({ where: { projectId: f.projectId, name } }) };
  },
  "PATCH /api/projects/[id]/recommenders/[recommenderId]": async () => {
    const recommenderId = await freshRecommender();
    return { params: { ...p(), recommenderId }, body: { minScore: 0.5 }, probe: async () => (await db.recommender.findUniqueOrThrow({ where: { id: recommenderId } })).minScore };
  },
  "DELETE /api/projects/[id]/recommenders/[recommenderId]": async () => {
    const recommenderId = await freshRecommender();
    return { params: { ...p(), recommenderId }, probe: exists(() => db.recommender.findUnique({ where: { id: recommenderId } })) };
  },
  "POST /api/projects/[id]/recommenders/[recommenderId]/run": async () => {
    const recommenderId = await freshRecommender();
    return { params: { ...p(), recommenderId }, body: { documentIds: [f.documentId] }, probe: async () => (await db.recommender.findUniqueOrThrow({ where: { id: recommenderId } })).lastRunAt };
  },
  "GET /api/projects/[id]/timeline": get(p),
  "GET /api/projects/[id]/claims": get(p),

  "GET /api/documents/[id]": get(d),
  // A document of its own per cell: cells run at once, and each probe must see only its own write.
  "PATCH /api/documents/[id]": async () => {
    const documentId = await freshDocument();
    const title = unique("Corrected title");
    return { params: { id: documentId }, body: { title }, probe: async () => (await db.document.findUniqueOrThrow({ where: { id: documentId } })).title === title };
  },
  "GET /api/documents/[id]/revisions": get(d),
  "DELETE /api/documents/[id]": async () => {
    const documentId = await freshDocument();
    return { params: { id: documentId }, probe: async () => (await db.document.findUniqueOrThrow({ where: { id: documentId } })).deletedAt !== null };
  },
  "GET /api/documents/[id]/events": async () => ({ params: d(), stream: true }),
  "GET /api/documents/[id]/annotations": get(d),
  "POST /api/documents/[id]/annotations": async () => {
    const id = uuidv7();
    return { params: d(), body: { id, labelId: f.person, ...KIM }, probe: exists(() => db.annotation.findUnique({ where: { id } })) };
  },
  "GET /api/documents/[id]/relations": get(d),
  "POST /api/documents/[id]/relations": async () => {
    const id = uuidv7();
    return { params: d(), body: { id, typeId: await freshRelationType(), fromId: f.annotationId, toId: f.placeId }, probe: exists(() => db.relation.findUnique({ where: { id } })) };
  },
  "GET /api/documents/[id]/suggestions": get(d),
  "GET /api/documents/[id]/proposals": get(d),
  "POST /api/documents/[id]/proposals": async () => {
    const { documentId } = await freshProposal();
    return {
      params: { id: documentId },
      body: { decision: "reject", labelId: f.person, start: KIM.start, end: KIM.end },
      probe: () => db.proposalDecision.count({ where: { documentId } }),
    };
  },
  "POST /api/documents/[id]/proposals/accept-all": async () => {
    const { documentId } = await freshProposal();
    return { params: { id: documentId }, body: { labelId: f.person }, probe: () => db.annotation.count({ where: { documentId, deletedAt: null } }) };
  },
  "POST /api/documents/[id]/proposals/undo": async (actor) => {
    const { documentId, recommenderId } = await freshProposal();
    const userId = actor === "anonymous" ? f.users.owner : f.users[actor];
    await db.proposalDecision.create({ data: { documentId, userId, labelId: f.person, ...KIM, verdict: "REJECTED", recommenderId } });
    return { params: { id: documentId }, body: { decisions: [{ labelId: f.person, start: KIM.start, end: KIM.end }] }, probe: () => db.proposalDecision.count({ where: { documentId } }) };
  },
  "PUT /api/documents/[id]/finished": async () => {
    const documentId = await freshDocument();
    await db.documentAssignment.create({ data: { documentId, userId: f.users.annotator, projectId: f.projectId } });
    return {
      params: { id: documentId },
      body: { finished: true },
      probe: async () => (await db.documentAssignment.findUniqueOrThrow({ where: { documentId_userId: { documentId, userId: f.users.annotator } } })).finishedAt,
    };
  },
  "GET /api/documents/[id]/agreement": get(d),
  "GET /api/documents/[id]/curation": get(d),
  "POST /api/documents/[id]/curation/merge": async () => {
    const documentId = await freshDocumentWithKim();
    await Promise.all([freshAnnotation({ documentId }), freshAnnotation({ documentId, authorId: f.users.otherAnnotator })]);
    return { params: { id: documentId }, probe: () => db.annotation.count({ where: { documentId, gold: true } }) };
  },
  "POST /api/documents/[id]/curation/adjudicate": async () => {
    const documentId = await freshDocumentWithKim();
    await freshAnnotation({ documentId });
    return {
      params: { id: documentId },
      body: { action: "take", key: `${KIM.start}:${KIM.end}:${f.person}` },
      probe: () => db.annotation.count({ where: { documentId, gold: true } }),
    };
  },

  "PATCH /api/annotations/[id]": async () => {
    const id = await freshAnnotation();
    return { params: { id }, body: { version: 1, note: "Checked the spelling" }, probe: async () => (await db.annotation.findUniqueOrThrow({ where: { id } })).version };
  },
  "DELETE /api/annotations/[id]": async () => {
    const id = await freshAnnotation();
    return { params: { id }, body: { version: 1 }, probe: async () => (await db.annotation.findUniqueOrThrow({ where: { id } })).deletedAt };
  },
  "GET /api/annotations/[id]/history": get(a),
  "GET /api/annotations/[id]/reviews": get(a),
  "POST /api/annotations/[id]/reviews": async () => {
    const id = await freshAnnotation();
    return { params: { id }, body: { decision: "ACCEPTED", version: 1 }, probe: () => db.review.count({ where: { annotationId: id } }) };
  },
  "GET /api/annotations/[id]/comments": get(a),
  "POST /api/annotations/[id]/comments": async () => {
    const body = unique("Is this the right span?");
    return { params: a(), body: { body }, probe: () => db.annotationComment.count({ where: { annotationId: f.annotationId, body } }) };
  },
  "POST /api/annotations/[id]/comments/seen": async (actor) => {
    // The caller's own annotation with a question from someone else, so that their seeing it changes
    // something (for anyone but its author the answer is a no-op 200); outsiders get the annotator's.
    // The viewer's is written straight to the table (made before a demotion: viewers cannot annotate).
    const author = actor === "anonymous" || actor === "nonMember" ? f.users.annotator : f.users[actor];
    const id =
      actor === "viewer"
        ? (await db.annotation.create({ data: { id: uuidv7(), projectId: f.projectId, documentId: f.documentId, labelId: f.person, authorId: author, ...KIM, prefix: "", suffix: "" } })).id
        : await freshAnnotation({ authorId: author });
    await freshThread(id, author === f.users.owner ? f.users.curator : f.users.owner);
    return { params: { id }, probe: () => db.annotationComment.count({ where: { annotationId: id, seenByAnnotationAuthor: false } }) };
  },
  "PUT /api/annotations/[id]/canonical": async () => {
    const id = await freshAnnotation();
    return { params: { id }, body: { canonicalId: f.itemId }, probe: async () => (await db.annotation.findUniqueOrThrow({ where: { id } })).canonicalId };
  },
  "PATCH /api/comments/[id]": async () => {
    const id = await freshThread();
    return { params: { id }, body: { resolved: true }, probe: async () => (await db.annotationComment.findUniqueOrThrow({ where: { id } })).resolved };
  },
  "DELETE /api/relations/[id]": async () => {
    const id = await freshRelation();
    return { params: { id }, probe: async () => (await db.relation.findUniqueOrThrow({ where: { id } })).deletedAt };
  },
  "POST /api/suggestions/[id]": async () => {
    const id = await freshSuggestion();
    return { params: { id }, body: { decision: "reject" }, probe: () => db.suggestionDecision.count({ where: { suggestionId: id } }) };
  },
};

// ---- calling a handler as an actor ------------------------------------------------------------

const REFUSAL_CODE: Record<number, string> = { 401: "UNAUTHENTICATED", 403: "FORBIDDEN", 404: "NOT_FOUND", 409: "CONFLICT" };

async function call(key: string, userId: string | null, cell: Cell, token?: string): Promise<{ status: number; body: unknown; contentType: string | null }> {
  const handler = handlers.get(key);
  if (!handler) throw new Error(`${key}: no such exported handler`);
  const [method, route] = key.split(" ");
  const url = `http://workbench.test${route.replace(/\[(\w+)\]/g, (_, name: string) => cell.params[name] ?? `[${name}]`)}${cell.query ?? ""}`;
  const abort = new AbortController();
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  const init: RequestInit = { method, signal: abort.signal, headers };
  if (cell.form) init.body = cell.form;
  else if (cell.body !== undefined) {
    init.body = JSON.stringify(cell.body);
    headers["content-type"] = "application/json";
  }
  const response = await session.store!.run(userId, () => handler(new Request(url, init), { params: Promise.resolve(cell.params) }));
  if (cell.stream && response.ok) {
    abort.abort();
    await response.body?.cancel();
    return { status: response.status, body: null, contentType: response.headers.get("content-type") };
  }
  const text = await response.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    // Exports answer with files, not JSON.
  }
  return { status: response.status, body, contentType: response.headers.get("content-type") };
}

const userOf = (actor: Actor) => (actor === "anonymous" ? null : f.users[actor]);

/** Calls `key` as `userId` with `cell`; what went wrong, or null. */
async function check(key: string, userId: string | null, cell: Cell, expected: number, token?: string): Promise<string | null> {
  const [before, kept] = await Promise.all([cell.probe?.(), cell.untouched?.()]);
  const { status, body, contentType } = await call(key, userId, cell, token);
  const [method, route] = key.split(" ");
  // Every answer, success or refusal, is one the OpenAPI document describes (lib/api/openapi).
  const problems: string[] = openApiMismatches({ method, route, status, body, contentType });
  if (cell.secret && JSON.stringify(body).includes(cell.secret)) problems.push(`the answer shows "${cell.secret}", which this caller may not see`);
  if (cell.untouched) {
    const now = await cell.untouched();
    if (!isDeepStrictEqual(kept, now)) problems.push(`changed another project's state: ${JSON.stringify(kept)} → ${JSON.stringify(now)}`);
  }
  if (status !== expected) problems.push(`expected ${expected}, got ${status}: ${JSON.stringify(body).slice(0, 300)}`);
  const code = REFUSAL_CODE[status];
  if (status >= 400 && code && (body as { code?: string } | null)?.code !== code) problems.push(`a ${status} should carry code ${code}, got ${JSON.stringify(body).slice(0, 200)}`);
  if (cell.probe) {
    const after = await cell.probe();
    if (status >= 400 && !isDeepStrictEqual(before, after)) problems.push(`refused with ${status} but changed state: ${JSON.stringify(before)} → ${JSON.stringify(after)}`);
    if (status < 400 && isDeepStrictEqual(before, after)) problems.push(`answered ${status} but changed nothing (${JSON.stringify(after)})`);
  }
  return problems.length ? problems.join("; ") : null;
}

async function runCell(key: RouteKey, actor: Actor, expected: number): Promise<string | null> {
  const cell = await REQUESTS[key as keyof typeof REQUESTS](actor);
  // Whatever an outsider is answered (401, 404, or their own data) never names the project.
  const outsider = actor === "anonymous" || actor === "nonMember";
  const problem = await check(key, userOf(actor), outsider ? { ...cell, secret: f.projectId } : cell, expected);
  return problem && `${actor}: ${problem}`;
}

/** The same request with one of the owner's tokens and no session. */
async function runTokenCell(key: RouteKey, actor: TokenActor, expected: number): Promise<string | null> {
  const cell = await REQUESTS[key as keyof typeof REQUESTS]("owner");
  const outsider = actor === "otherProjectToken";
  const problem = await check(key, null, outsider ? { ...cell, secret: f.projectId } : cell, expected, tokens[actor]);
  return problem && `${actor}: ${problem}`;
}

// ---- the tests ----------------------------------------------------------------------------------

test("every exported route handler has a row in the matrix, and every row a handler", () => {
  const discovered = [...handlers.keys()].sort();
  const rows = Object.keys(AUTHORIZATION_MATRIX).sort();
  expect(discovered.length).toBeGreaterThan(60);
  const missing = discovered.filter((key) => !rows.includes(key));
  const stale = rows.filter((key) => !discovered.includes(key));
  expect(missing, `Routes without an entry in lib/testing/authorization-matrix.ts (add a row and a request in ${path.basename(import.meta.filename)}): ${missing.join(", ")}`).toEqual([]);
  expect(stale, `Matrix rows whose route or method no longer exists: ${stale.join(", ")}`).toEqual([]);
  const requestKeys = Object.keys(REQUESTS).sort();
  expect(requestKeys).toEqual(rows.filter((key) => !isExempt(AUTHORIZATION_MATRIX[key as RouteKey])));
});

// A password change revokes the account's API tokens, the owner's matrix tokens too: that row runs
// on its own after all the others (consecutive concurrent tests finish before a sequential one).
const REVOKES_TOKENS: RouteKey = "POST /api/account/password";
const entries = Object.entries(AUTHORIZATION_MATRIX) as [RouteKey, (typeof AUTHORIZATION_MATRIX)[RouteKey]][];
for (const [key, row] of [...entries.filter(([k]) => k !== REVOKES_TOKENS), ...entries.filter(([k]) => k === REVOKES_TOKENS)]) {
  if (isExempt(row)) continue;
  (key === REVOKES_TOKENS ? test : test.concurrent)(`${key}: ${ACTORS.map((actor, i) => `${actor} ${row[i]}`).join(", ")}`, async () => {
    const problems = (
      await Promise.all([
        ...ACTORS.map((actor, i) => runCell(key, actor, row[i])),
        ...TOKEN_ACTORS.map((actor) => runTokenCell(key, actor, tokenExpectation(key, actor, row[ACTORS.indexOf("owner")]))),
      ])
    ).filter((p) => p !== null);
    expect(problems).toEqual([]);
  });
}

test("ids of another project are not found (or refused as input) through this project's routes, even for an owner of both", async () => {
  const { createProject } = await import("@/lib/server/projects/create-project");
  const owner = f.users.owner;
  const other = await createProject(owner, { name: "Elsewhere", description: "" });
  await db.project.update({ where: { id: other.id }, data: { allowStackedTags: true } });
  const q = other.id;
  const SECRET = "Zanzibar";
  const text = `${SECRET} hosted the talks.`;
  const outsider = await freshUser();
  await db.membership.create({ data: { projectId: q, userId: outsider.id, role: "ANNOTATOR" } });
  const [qPerson, qType, qItem, qDoc] = await Promise.all([
    db.label.findFirstOrThrow({ where: { projectId: q, name: "Person" } }).then((l) => l.id),
    db.relationType.findFirstOrThrow({ where: { projectId: q } }).then((t) => t.id),
    db.canonicalItem.create({ data: { projectId: q, kind: "ENTITY", name: SECRET } }).then((i) => i.id),
    db.document.create({ data: { projectId: q, title: "Elsewhere", text, contentHash: "elsewhere", length: text.length } }).then((d) => d.id),
  ]);
  const { annotation: qAnnotation } = await createAnnotation(await documentAccessOf(owner, qDoc), { id: uuidv7(), labelId: qPerson, start: 0, end: SECRET.length, exact: SECRET, attributes: {}, note: "" });
  await db.annotation.update({ where: { id: qAnnotation.id }, data: { canonicalId: qItem } });
  const qThread = await freshThread(qAnnotation.id, owner);
  const qUnusedLabel = (await db.label.create({ data: { projectId: q, name: "Unused", kind: "ENTITY", color: "#fcd34d" } })).id;
  const qUnusedType = (await db.relationType.create({ data: { projectId: q, name: "unused", fromKind: "ENTITY", toKind: "ENTITY" } })).id;
  const qInvitation = await freshInvitation(q);
  const qRecommender = (await db.recommender.create({ data: { projectId: q, kind: "LABEL_STUDIO", name: "Elsewhere", url: "http://127.0.0.1:9/" } })).id;

  const qState = async () => ({
    labels: await db.label.findMany({ where: { projectId: q }, orderBy: { id: "asc" } }),
    types: await db.relationType.findMany({ where: { projectId: q }, orderBy: { id: "asc" } }),
    items: await db.canonicalItem.findMany({ where: { projectId: q }, orderBy: { id: "asc" } }),
    members: await db.membership.findMany({ where: { projectId: q }, orderBy: { userId: "asc" } }),
    invitations: await db.invitation.findMany({ where: { projectId: q }, orderBy: { id: "asc" } }),
    outsiderInP: await db.membership.count({ where: { projectId: f.projectId, userId: outsider.id } }),
    annotations: await db.annotation.findMany({ where: { projectId: q }, orderBy: { id: "asc" } }),
    comments: await db.annotationComment.count({ where: { annotation: { projectId: q } } }),
    assignments: await db.documentAssignment.count({ where: { projectId: q } }),
    suggestions: await db.suggestion.count({ where: { projectId: q } }),
    recommenders: await db.recommender.findMany({ where: { projectId: q }, orderBy: { id: "asc" } }),
  });
  const P = f.projectId;
  const qAuthor = await freshImportedAuthor(q);
  const [mine, pItem, pSuggestion, pType] = await Promise.all([freshAnnotation({ authorId: owner }), freshItem(), freshSuggestion(), freshRelationType()]);
  const pAnnotation = async (id: string) => db.annotation.findUniqueOrThrow({ where: { id }, select: { labelId: true, canonicalId: true, version: true } });
  const newId = uuidv7();
  const cases: [key: string, cell: Omit<Cell, "untouched">, expected: number][] = [
    ["PATCH /api/projects/[id]/labels/[labelId]", { params: { id: P, labelId: qPerson }, body: { description: "hijacked" } }, 404],
    ["DELETE /api/projects/[id]/labels/[labelId]", { params: { id: P, labelId: qUnusedLabel } }, 404],
    ["PATCH /api/projects/[id]/relation-types/[typeId]", { params: { id: P, typeId: qType }, body: { description: "hijacked" } }, 404],
    ["DELETE /api/projects/[id]/relation-types/[typeId]", { params: { id: P, typeId: qUnusedType } }, 404],
    ["GET /api/projects/[id]/knowledge/[itemId]", { params: { id: P, itemId: qItem }, secret: SECRET }, 404],
    ["PATCH /api/projects/[id]/knowledge/[itemId]", { params: { id: P, itemId: qItem }, body: { description: "hijacked" } }, 404],
    ["DELETE /api/projects/[id]/knowledge/[itemId]", { params: { id: P, itemId: qItem } }, 404],
    ["POST /api/projects/[id]/knowledge/[itemId]/merge", { params: { id: P, itemId: pItem }, body: { otherIds: [qItem] } }, 404],
    ["POST /api/projects/[id]/knowledge/[itemId]/merge", { params: { id: P, itemId: qItem }, body: { otherIds: [pItem] }, probe: exists(() => db.canonicalItem.findUnique({ where: { id: pItem } })) }, 404],
    ["POST /api/projects/[id]/knowledge/[itemId]/split", { params: { id: P, itemId: qItem }, body: { annotationIds: [qAnnotation.id], name: "Split off" } }, 404],
    ["PATCH /api/projects/[id]/members/[userId]", { params: { id: P, userId: outsider.id }, body: { role: "OWNER" } }, 404],
    ["DELETE /api/projects/[id]/members/[userId]", { params: { id: P, userId: outsider.id } }, 404],
    ["DELETE /api/projects/[id]/invitations/[invitationId]", { params: { id: P, invitationId: qInvitation } }, 404],
    ["PATCH /api/projects/[id]/imported-authors/[authorId]", { params: { id: P, authorId: qAuthor }, body: { memberId: owner }, probe: async () => (await db.user.findUniqueOrThrow({ where: { id: qAuthor } })).mappedToId }, 404],
    ["PUT /api/projects/[id]/assignments", { params: { id: P }, body: { documentId: qDoc, userIds: [owner] } }, 404],
    ["POST /api/projects/[id]/assignments/spread", { params: { id: P }, body: { perDocument: 1, annotatorIds: [f.users.annotator], documentIds: [qDoc] } }, 404],
    // Documents outside the project are simply not scanned.
    ["POST /api/projects/[id]/knowledge/suggest", { params: { id: P }, body: { documentIds: [qDoc] } }, 200],
    ["GET /api/projects/[id]/review-queue", { params: { id: P }, query: `?state=ALL&documentId=${qDoc}`, secret: SECRET }, 200],
    ["GET /api/projects/[id]/export", { params: { id: P }, query: `?format=jsonl&documents=${qDoc}`, secret: SECRET }, 200],
    ["GET /api/projects/[id]/attention", { params: { id: P }, query: `?documentId=${qDoc}`, secret: SECRET }, 200],
    ["POST /api/projects/[id]/attention/dismissals", { params: { id: P }, body: { annotationId: qAnnotation.id }, probe: () => db.attentionDismissal.count({ where: { annotationId: qAnnotation.id } }) }, 404],
    ["GET /api/projects/[id]/search", { params: { id: P }, query: `?q=${SECRET}`, secret: SECRET }, 200],
    ["GET /api/projects/[id]/knowledge/candidates", { params: { id: P }, query: `?q=${SECRET}`, secret: SECRET }, 200],
    ["POST /api/documents/[id]/annotations", { params: { id: f.documentId }, body: { id: newId, labelId: qPerson, ...KIM }, probe: exists(() => db.annotation.findUnique({ where: { id: newId } })) }, 400],
    // An end the caller cannot see (here: in another project) is not found, like a missing one.
    ["POST /api/documents/[id]/relations", { params: { id: f.documentId }, body: { id: uuidv7(), typeId: pType, fromId: qAnnotation.id, toId: f.placeId } }, 404],
    ["POST /api/documents/[id]/relations", { params: { id: f.documentId }, body: { id: uuidv7(), typeId: qType, fromId: f.annotationId, toId: f.placeId } }, 400],
    ["PUT /api/annotations/[id]/canonical", { params: { id: mine }, body: { canonicalId: qItem }, probe: () => pAnnotation(mine) }, 400],
    ["PATCH /api/annotations/[id]", { params: { id: mine }, body: { version: 1, labelId: qPerson }, probe: () => pAnnotation(mine) }, 400],
    ["POST /api/annotations/[id]/comments", { params: { id: mine }, body: { body: "Re:", parentId: qThread } }, 400],
    ["PATCH /api/projects/[id]/recommenders/[recommenderId]", { params: { id: P, recommenderId: qRecommender }, body: { minScore: 1 } }, 404],
    ["DELETE /api/projects/[id]/recommenders/[recommenderId]", { params: { id: P, recommenderId: qRecommender } }, 404],
    ["POST /api/projects/[id]/recommenders/[recommenderId]/run", { params: { id: P, recommenderId: qRecommender } }, 404],
    ["POST /api/projects/[id]/recommenders", { params: { id: P }, body: { kind: "LABEL_STUDIO", name: unique("Labels elsewhere"), url: "http://127.0.0.1:9/", labelIds: [qPerson] } }, 400],
    ["POST /api/suggestions/[id]", { params: { id: pSuggestion }, body: { decision: "accept", labelId: qPerson }, probe: () => db.suggestionDecision.count({ where: { suggestionId: pSuggestion } }) }, 400],
    ["POST /api/documents/[id]/curation/adjudicate", { params: { id: f.documentId }, body: { action: "edit", ...KIM, labelId: qPerson }, probe: () => db.annotation.count({ where: { documentId: f.documentId, gold: true } }) }, 400],
  ];
  const problems = await Promise.all(cases.map(async ([key, cell, expected]) => {
    const problem = await check(key, owner, { ...cell, untouched: qState }, expected);
    return problem && `${key} ${JSON.stringify(cell.body ?? cell.query ?? cell.params)}: ${problem}`;
  }));
  expect(problems.filter((x) => x !== null)).toEqual([]);
});

test("a member demoted to viewer can no longer change what they wrote as an annotator", async () => {
  const demoted = await freshMember();
  const [annotationId, documentId] = await Promise.all([freshAnnotation({ authorId: demoted }), freshDocument()]);
  const [threadId, relationId] = await Promise.all([freshThread(annotationId, demoted), freshRelation(demoted)]);
  await db.documentAssignment.create({ data: { documentId, userId: demoted, projectId: f.projectId, finishedAt: new Date() } });
  await db.membership.update({ where: { projectId_userId: { projectId: f.projectId, userId: demoted } }, data: { role: "VIEWER" } });
  const annotation = () => db.annotation.findUniqueOrThrow({ where: { id: annotationId } });
  const cases: [key: string, cell: Cell][] = [
    ["PATCH /api/annotations/[id]", { params: { id: annotationId }, body: { version: 1, note: "still mine?" }, probe: annotation }],
    ["DELETE /api/annotations/[id]", { params: { id: annotationId }, body: { version: 1 }, probe: annotation }],
    ["PUT /api/annotations/[id]/canonical", { params: { id: annotationId }, body: { canonicalId: f.itemId }, probe: annotation }],
    ["POST /api/annotations/[id]/comments", { params: { id: annotationId }, body: { body: "One more thing" }, probe: () => db.annotationComment.count({ where: { annotationId } }) }],
    ["PATCH /api/comments/[id]", { params: { id: threadId }, body: { resolved: true }, probe: () => db.annotationComment.findUniqueOrThrow({ where: { id: threadId } }) }],
    ["DELETE /api/relations/[id]", { params: { id: relationId }, probe: () => db.relation.findUniqueOrThrow({ where: { id: relationId } }) }],
    ["PUT /api/documents/[id]/finished", { params: { id: documentId }, body: { finished: false }, probe: () => db.documentAssignment.findMany({ where: { documentId } }) }],
  ];
  const problems = await Promise.all(cases.map(async ([key, cell]) => {
    const problem = await check(key, demoted, cell, 403);
    return problem && `${key}: ${problem}`;
  }));
  expect(problems.filter((x) => x !== null)).toEqual([]);
});
