import "server-only";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { uuidv7 } from "@/lib/ids";
import { canonicalizeText, codePointLength } from "@/lib/anchoring/canonical-text";
import { checkSpan, OffsetMap } from "@/lib/anchoring/offsets";
import { nativeFileSchema, type NativeFile } from "@/lib/formats/native";
import { MAX_HTML_BYTES } from "@/lib/documents/read-html";
import { documentTextProblem, sha256 } from "@/lib/server/documents/import-documents";
import { AppError } from "@/lib/server/errors";
import { keepStackedTags } from "@/lib/server/annotations/duplicate-tag";

// Restores a project from the native format, all or nothing, keeping every id: importing into an
// empty instance reproduces the project, and importing the same file again finds it already
// there and writes nothing. A file is checked as strictly as any other import before anything
// is written: texts within the size limit and canonical, hashes and lengths true, every span
// inside its text with the quote the text has there (a crafted span would otherwise break the
// viewer and exports for every member).
//
// Who the file's people become depends on who restores it:
// - A person through the web (importerId set) acts only for themselves. Their own entry in the
//   file (same email) is them; they own the new project; everyone else becomes an imported
//   author (see prisma/schema.prisma, User) — never an account, never a member — whose work
//   keeps their name until an owner maps them to a member. The report says nothing about which
//   addresses have accounts here.
// - The operator on the command line (importerId null) restores with full fidelity: people are
//   matched to accounts by email, the missing ones created without a password, memberships kept.

export type NativeImportReport = {
  dryRun: boolean;
  status: "created" | "ready" | "already-present";
  project: { id: string; name: string };
  counts: { documents: number; annotations: number; reviews: number; comments: number; history: number; curationDecisions: number; assignments: number; relations: number };
  /** Web restores: how many of the file's people become imported authors (everyone but the importer). */
  importedAuthors?: number;
  /** Command-line restores only: the file's people matched to accounts here, and created. */
  users?: { matched: number; created: number };
};

/** The name an imported author is shown with; a name already marked (a restored restore) is not marked twice. */
export const importedAuthorName = (name: string) => `${name.replace(/ \(imported\)$/, "").trim() || "Someone"} (imported)`;
const IMPORTED_EMAIL = "imported:";

export function parseNativeFile(data: unknown): NativeFile {
  const parsed = nativeFileSchema.safeParse(data);
  if (!parsed.success) {
    const first = parsed.error.issues.slice(0, 5).map((i) => `${i.path.join(".") || "file"}: ${i.message}`).join("; ");
    throw new AppError("INVALID_INPUT", `This is not a readable workbench export — ${first}`);
  }
  return parsed.data;
}

/** Every id a row points at must be in the file: a clear message instead of a foreign-key error. */
function checkReferences(file: NativeFile) {
  const users = new Set(file.users.map((u) => u.id));
  const labels = new Set(file.labels.map((l) => l.id));
  const types = new Set(file.relationTypes.map((t) => t.id));
  const items = new Set(file.canonicalItems.map((c) => c.id));
  const problems: string[] = [];
  const need = (ok: boolean, what: string) => ok || problems.push(what);
  for (const m of file.members) need(users.has(m.userId), `member ${m.userId} is not among the users`);
  for (const d of file.documents) {
    const annotationIds = new Set(d.annotations.map((a) => a.id));
    for (const a of d.annotations) {
      need(labels.has(a.labelId), `annotation ${a.id} has label ${a.labelId}, which is not among the labels`);
      need(users.has(a.authorId), `annotation ${a.id} has author ${a.authorId}, who is not among the users`);
      for (const r of a.reviews) need(users.has(r.reviewerId), `review ${r.id} is by ${r.reviewerId}, who is not among the users`);
      for (const c of a.comments) need(users.has(c.authorId), `comment ${c.id} is by ${c.authorId}, who is not among the users`);
      for (const h of a.history) need(users.has(h.actorId), `history entry ${h.id} is by ${h.actorId}, who is not among the users`);
      const comments = new Set(a.comments.map((c) => c.id));
      for (const c of a.comments) need(c.parentId === null || comments.has(c.parentId), `comment ${c.id} replies to ${c.parentId}, which is not a comment on the same annotation`);
    }
    for (const c of d.curationDecisions) need(users.has(c.decidedById), `curation decision ${c.id} is by ${c.decidedById}, who is not among the users`);
    for (const s of d.assignments) need(users.has(s.userId), `an assignment of document ${d.id} is for ${s.userId}, who is not among the users`);
    need(annotationIds.size === d.annotations.length, `document ${d.id} lists an annotation twice`);
    for (const a of d.annotations) need(a.canonicalId === null || items.has(a.canonicalId), `annotation ${a.id} links to ${a.canonicalId}, which is not among the canonical items`);
    for (const s of d.suggestions) {
      need(items.has(s.canonicalId), `suggestion ${s.id} is of ${s.canonicalId}, which is not among the canonical items`);
      for (const x of s.decisions) {
        need(users.has(x.userId), `a decision on suggestion ${s.id} is by ${x.userId}, who is not among the users`);
        need(x.labelId === null || labels.has(x.labelId), `a decision on suggestion ${s.id} has label ${x.labelId}, which is not among the labels`);
        need(x.annotationId === null || annotationIds.has(x.annotationId), `suggestion ${s.id} was accepted as ${x.annotationId}, which is not in its document`);
      }
      need(new Set(s.decisions.map((x) => x.userId)).size === s.decisions.length, `suggestion ${s.id} has two decisions by one person`);
    }
    for (const r of d.relations) {
      need(types.has(r.typeId), `relation ${r.id} has type ${r.typeId}, which is not among the relation types`);
      need(annotationIds.has(r.fromId) && annotationIds.has(r.toId), `relation ${r.id} links annotations that are not in its document`);
      need(users.has(r.authorId), `relation ${r.id} is by ${r.authorId}, who is not among the users`);
    }
  }
  if (problems.length) throw new AppError("INVALID_INPUT", `The file is inconsistent: ${problems.slice(0, 5).join("; ")}${problems.length > 5 ? ` (and ${problems.length - 5} more)` : ""}`);
}

/**
 * The texts and spans, checked with the same rules as every other way in: the size limit and
 * emptiness of an uploaded document, the canonical form and hash the import computes, the span
 * check the annotation API applies. Problems are collected so the message names several at once.
 */
function checkContent(file: NativeFile) {
  const problems: string[] = [];
  let tooLarge = false;
  for (const d of file.documents) {
    const where = `document ${d.id}`;
    const problem = documentTextProblem(d.text);
    if (problem) {
      tooLarge ||= problem.tooLarge;
      problems.push(`${where}: ${problem.reason}`);
      continue;
    }
    if (d.rawText !== null) {
      const raw = documentTextProblem(d.rawText);
      if (raw?.tooLarge) {
        tooLarge = true;
        problems.push(`${where}: its untrimmed text ${raw.reason.replace(/^the text /, "")}`);
      }
    }
    if (d.originalHtml !== null && Buffer.byteLength(d.originalHtml, "utf8") > MAX_HTML_BYTES) {
      tooLarge = true;
      problems.push(`${where}: its original web page is over the limit of ${MAX_HTML_BYTES / 1048576} MB`);
    }
    if (canonicalizeText(d.text) !== d.text) {
      problems.push(`${where}: its text is not in canonical form (UTF-8 without BOM, LF line ends, NFC), so its offsets cannot be trusted`);
      continue;
    }
    const length = codePointLength(d.text);
    if (d.length !== length) problems.push(`${where}: its length is ${d.length}, but its text has ${length} code points`);
    if (d.contentHash !== sha256(d.text)) problems.push(`${where}: its contentHash is not the sha256 of its text`);
    const map = new OffsetMap(d.text);
    for (const a of d.annotations) {
      const bad = checkSpan(map, a);
      if (bad) problems.push(`annotation ${a.id}: ${bad.message}`);
    }
    for (const x of d.suggestions) {
      const bad = checkSpan(map, x);
      if (bad) problems.push(`suggestion ${x.id}: ${bad.message}`);
    }
  }
  if (problems.length) {
    throw new AppError(
      tooLarge ? "TOO_LARGE" : "INVALID_INPUT",
      `This file cannot be restored, so nothing was written: ${problems.slice(0, 5).join("; ")}${problems.length > 5 ? ` (and ${problems.length - 5} more)` : ""}`,
    );
  }
}

type ImportedAuthorRow = { id: string; email: string; name: string; originalEmail: string | null; importedIntoProjectId: string };
type People = { who: Map<string, string>; newUsers: { id: string; email: string; name: string }[]; importedAuthors: ImportedAuthorRow[]; matched: number };

const normalEmail = (email: string) => email.trim().toLowerCase();

function importedAuthor(projectId: string, u: NativeFile["users"][number], id: string): ImportedAuthorRow {
  const email = normalEmail(u.email);
  // An author of a restored restore has no address to carry on.
  const originalEmail = email && !email.startsWith(IMPORTED_EMAIL) ? email : null;
  return { id, email: `${IMPORTED_EMAIL}${id}`, name: importedAuthorName(u.name), originalEmail, importedIntoProjectId: projectId };
}

/** A web restore: the importer is themselves; everyone else an imported author with a fresh id (so no file can pick an existing one). */
async function peopleForImporter(file: NativeFile, importerId: string): Promise<People> {
  const importer = await db.user.findUniqueOrThrow({ where: { id: importerId }, select: { email: true } });
  const people: People = { who: new Map(), newUsers: [], importedAuthors: [], matched: 0 };
  for (const u of file.users) {
    if (normalEmail(u.email) === importer.email) people.who.set(u.id, importerId);
    else {
      const author = importedAuthor(file.project.id, u, uuidv7());
      people.importedAuthors.push(author);
      people.who.set(u.id, author.id);
    }
  }
  return people;
}

/** A command-line restore: the same email is the same person; otherwise keep the id unless it is taken. */
async function peopleForOperator(file: NativeFile): Promise<People> {
  const emails = file.users.map((u) => normalEmail(u.email));
  const [byEmail, byId] = await Promise.all([
    db.user.findMany({ where: { email: { in: emails } }, select: { id: true, email: true } }),
    db.user.findMany({ where: { id: { in: file.users.map((u) => u.id) } }, select: { id: true } }),
  ]);
  const emailToId = new Map(byEmail.map((u) => [u.email, u.id]));
  const takenIds = new Set(byId.map((u) => u.id));
  const people: People = { who: new Map(), newUsers: [], importedAuthors: [], matched: 0 };
  for (const u of file.users) {
    const email = normalEmail(u.email);
    const id = takenIds.has(u.id) ? uuidv7() : u.id;
    // Imported authors of the backed-up project come back as imported authors of the restored one.
    if (email.startsWith(IMPORTED_EMAIL)) {
      people.importedAuthors.push({ ...importedAuthor(file.project.id, u, id), name: u.name });
      people.who.set(u.id, id);
      continue;
    }
    const match = emailToId.get(email);
    if (match) {
      people.who.set(u.id, match);
      people.matched++;
    } else {
      people.who.set(u.id, id);
      people.newUsers.push({ id, email, name: u.name });
      emailToId.set(email, id);
    }
  }
  return people;
}

/** Restores `file` as a new project; `importerId` is the person restoring it through the web, null for the operator's command line. */
export async function importNative(file: NativeFile, importerId: string | null, { dryRun = false } = {}): Promise<NativeImportReport> {
  checkReferences(file);
  checkContent(file);
  const counts = {
    documents: file.documents.length,
    annotations: 0, reviews: 0, comments: 0, history: 0, curationDecisions: 0, assignments: 0, relations: 0,
  };
  for (const d of file.documents) {
    counts.annotations += d.annotations.length;
    counts.curationDecisions += d.curationDecisions.length;
    counts.assignments += d.assignments.length;
    counts.relations += d.relations.length;
    for (const a of d.annotations) {
      counts.reviews += a.reviews.length;
      counts.comments += a.comments.length;
      counts.history += a.history.length;
    }
  }
  const base = { project: { id: file.project.id, name: file.project.name }, counts };

  const existing = await db.project.findUnique({ where: { id: file.project.id }, select: { id: true } });
  if (existing) return { ...base, dryRun, status: "already-present", ...(importerId === null ? { users: { matched: 0, created: 0 } } : { importedAuthors: 0 }) };

  const people = importerId === null ? await peopleForOperator(file) : await peopleForImporter(file, importerId);
  const who = (id: string) => people.who.get(id)!;
  const report: NativeImportReport = {
    ...base, dryRun, status: dryRun ? "ready" : "created",
    ...(importerId === null ? { users: { matched: people.matched, created: people.newUsers.length } } : { importedAuthors: people.importedAuthors.length }),
  };
  if (dryRun) return report;

  // The web: only the importer is a member (the owner). The command line: the file's memberships.
  const members = importerId === null
    ? file.members.map((m) => ({ userId: who(m.userId), role: m.role, createdAt: m.createdAt }))
    : [{ userId: importerId, role: "OWNER" as const, createdAt: new Date() }];
  try {
    await db.$transaction(
      async (tx) => {
        // A restored project keeps its annotations as exported, stacked tags it once allowed included.
        await keepStackedTags(tx);
        await tx.user.createMany({ data: people.newUsers });
        const p = file.project;
        // The format does not carry who saw whose work; a project with peer review must share it (update-project.ts).
        await tx.project.create({ data: { ...p, ...(p.peerReview ? { annotatorsSee: "EVERYONE" as const } : {}) } });
        await tx.user.createMany({ data: people.importedAuthors });
        await tx.label.createMany({ data: file.labels.map((l) => ({ ...l, projectId: p.id })) });
        await tx.relationType.createMany({ data: file.relationTypes.map((t) => ({ ...t, projectId: p.id })) });
        await tx.canonicalItem.createMany({ data: file.canonicalItems.map((c) => ({ ...c, projectId: p.id })) });
        await tx.membership.createMany({ data: members.map((m) => ({ ...m, projectId: p.id })) });
        for (const d of file.documents) await importDocument(tx, p.id, d, who);
      },
      { timeout: 10 * 60_000, maxWait: 10_000 },
    );
  } catch (error) {
    if ((error as { code?: string }).code === "P2002") {
      throw new AppError("CONFLICT", "Some of this file's documents or annotations already exist on this instance in another project; nothing was imported.");
    }
    throw error;
  }
  return report;
}

async function importDocument(tx: Prisma.TransactionClient, projectId: string, d: NativeFile["documents"][number], who: (id: string) => string) {
  const { annotations, curationDecisions, assignments, relations, suggestions, createdById, ...document } = d;
  await tx.document.create({ data: { ...document, projectId, createdById: (createdById && who(createdById)) ?? null } });
  await tx.annotation.createMany({
    data: annotations.map(({ reviews: _r, comments: _c, history: _h, authorId, attributes, ...a }) => ({
      ...a, projectId, documentId: d.id, authorId: who(authorId), attributes: attributes as Prisma.InputJsonObject,
    })),
  });
  await tx.review.createMany({ data: annotations.flatMap((a) => a.reviews.map((r) => ({ ...r, annotationId: a.id, reviewerId: who(r.reviewerId) }))) });
  // Threads before their replies, so every reply's parent exists when it is written.
  const comments = annotations.flatMap((a) => a.comments.map((c) => ({ ...c, annotationId: a.id, authorId: who(c.authorId) })));
  await tx.annotationComment.createMany({ data: comments.filter((c) => c.parentId === null) });
  await tx.annotationComment.createMany({ data: comments.filter((c) => c.parentId !== null) });
  await tx.annotationHistory.createMany({
    data: annotations.flatMap((a) =>
      a.history.map((h) => ({ ...h, annotationId: a.id, actorId: who(h.actorId), before: (h.before ?? undefined) as Prisma.InputJsonValue | undefined, after: (h.after ?? undefined) as Prisma.InputJsonValue | undefined })),
    ),
  });
  await tx.suggestion.createMany({ data: suggestions.map(({ decisions: _decisions, ...s }) => ({ ...s, projectId, documentId: d.id })) });
  // An older file's decision has no label: its accept's annotation gives it.
  const labelOf = new Map(annotations.map((a) => [a.id, a.labelId]));
  await tx.suggestionDecision.createMany({
    data: suggestions.flatMap((s) => s.decisions.map((x) => ({
      ...x, suggestionId: s.id, userId: who(x.userId), labelId: x.labelId ?? (x.annotationId ? labelOf.get(x.annotationId) ?? null : null),
    }))),
  });
  await tx.relation.createMany({ data: relations.map((r) => ({ ...r, projectId, documentId: d.id, authorId: who(r.authorId) })) });
  await tx.curationDecision.createMany({ data: curationDecisions.map((c) => ({ ...c, documentId: d.id, decidedById: who(c.decidedById) })) });
  await tx.documentAssignment.createMany({
    data: assignments.map((s) => ({ ...s, documentId: d.id, projectId, userId: who(s.userId), assignedById: (s.assignedById && who(s.assignedById)) ?? null })),
  });
}
