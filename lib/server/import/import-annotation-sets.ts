import "server-only";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { canonicalizeText, codePointLength, firstLine } from "@/lib/anchoring/canonical-text";
import { OffsetMap, quoteOf } from "@/lib/anchoring/offsets";
import { anchor, AnchorContext, searchBudget, type OffsetUnit } from "@/lib/anchoring/reanchor";
import { nextTurn, runInSlices, slicer, type Steps } from "@/lib/run-in-slices";
import { pairBratFiles, parseBratSteps, parseBratZipSteps } from "@/lib/formats/import/brat";
import { detectFormat, SUPPORTED_FORMATS } from "@/lib/formats/import/detect";
import { parseConllSteps } from "@/lib/formats/import/conll";
import { parseDoccanoUploadSteps } from "@/lib/formats/import/doccano";
import type { ImportFormat, ImportProblem, ParsedAnnotationSet, ParsedDocument } from "@/lib/formats/import/types";
import { parseW3cSteps } from "@/lib/formats/import/w3c";
import { readZip, ZipError } from "@/lib/formats/import/zip-reader";
import { ATTRIBUTE_RELATIONS } from "@/lib/formats/types";
import { uuidv7 } from "@/lib/ids";
import { ATTRIBUTE_SCHEMAS, extraAttributes } from "@/lib/schemas/annotation";
import { findUnstorableText } from "@/lib/schemas/text";
import { duplicateTagConflict } from "@/lib/server/annotations/duplicate-tag";
import { historySnapshot } from "@/lib/server/annotations/history";
import { lockDocumentChanges, notifyAnnotationChange } from "@/lib/server/annotations/notify";
import { documentTextProblem, sha256 } from "@/lib/server/documents/import-documents";
import { authorize, roleMay, type ProjectAccess } from "@/lib/server/authz";
import { AppError } from "@/lib/server/errors";
import { parseJsonText } from "@/lib/server/http/read-body";
import { importNative, parseNativeFile, type NativeImportReport } from "@/lib/server/import/import-native";
import { groupLinks, resolveLinks, type LinkCandidate, type LinkGroup, type LinkPlan } from "@/lib/server/import/import-links";
import { lockItems } from "@/lib/server/knowledge/canonical-items";

// Imports annotation sets made elsewhere (W3C Web Annotation, brat, doccano) into a project. First
// a report — per file and per annotation: accepted as is, re-anchored by its quote, duplicate, or
// refused with the reason — then, unless it is a dry run, the writes, all in one transaction.
// Imported annotations become the importer's own (a layer like any other, pending review); the
// report says who made them in the other tool. Files from a workbench export that name each
// span's annotator by user id (doccano's per-annotator files, brat's notes) credit the spans to
// that annotator instead, when they are a member of this project who may annotate — as doccano
// files each user's labels under them — and the history records the importer as who did it. Importing the same file again finds every
// annotation already there and writes nothing. A native (workbench) file restores a project.
// Knowledge-base references and equivalences in a file (brat's N and * lines) link the imported
// spans to items of the project's knowledge base (lib/server/import/import-links.ts).

export type ImportedFile = { name: string; bytes: Uint8Array };

type Outcome = "accepted" | "reanchored" | "duplicate" | "refused";

export type AnnotationImportReport = {
  kind: "annotations";
  dryRun: boolean;
  format: ImportFormat;
  /** doccano: the unit its offsets were read in, and whether it was detected rather than chosen. */
  offsetUnit?: { unit: OffsetUnit; detected: boolean };
  problems: ImportProblem[];
  documents: {
    key: string;
    title: string;
    /** existing: annotations go onto that document; new: the document is imported with them; missing: nothing can be placed. */
    target: "existing" | "new" | "missing";
    documentId?: string;
    reason?: string;
    /** `authorId`: whose layer an imported span went to — its creator's (a member named by user id in the file) or the importer's. */
    annotations: { key: string; label: string; exact: string; outcome: Outcome; reason?: string; start?: number; end?: number; creator?: string; authorId?: string }[];
    relations: { added: number; skipped: string[] };
  }[];
  /** `links`: imported spans linked to a knowledge-base item; `newItems`: items the import makes for them. */
  totals: Record<Outcome, number> & { newDocuments: number; relations: number; links: number; newItems: number };
};

export type ImportReport = AnnotationImportReport | (NativeImportReport & { kind: "project" });

export const MAX_FILES = 2000;
/** Annotations one import may hold (MAX_IMPORT_ANNOTATIONS): a larger set is split into several imports. */
export const maxImportAnnotations = () => {
  const value = Number(process.env.MAX_IMPORT_ANNOTATIONS);
  return Number.isInteger(value) && value > 0 ? value : 200_000;
};
/** Label names as other tools spell them: "Meeting_Visit", "meeting/visit", "PERSON". */
const labelKey = (name: string) => name.normalize("NFKC").toLowerCase().replace(/[\s_/-]+/g, " ").trim();
const decoder = new TextDecoder("utf-8", { fatal: false });

export type ImportOptions = { dryRun?: boolean; offsetUnit?: OffsetUnit };

function* doccano(files: { name: string; content: Uint8Array }[], offsetUnit: OffsetUnit | undefined): Steps<ParsedAnnotationSet & { offsetUnit: OffsetUnit; offsetUnitDetected: boolean }> {
  const read = yield* parseDoccanoUploadSteps(files, offsetUnit);
  // Offsets the person did not confirm and that could mean two places are never stored.
  if ("question" in read) throw new AppError("INVALID_INPUT", read.question, { needs: "offsetUnit", choices: ["codepoint", "utf16"] });
  return { ...(yield* withoutUnstorableText(read.set)), offsetUnit: read.offsetUnit, offsetUnitDetected: read.detected };
}

/** The uploaded files' format (their first reading: decoded, and parsed when JSON). */
function formatOf(files: ImportedFile[]): ImportFormat {
  if (files.length === 0) throw new AppError("INVALID_INPUT", "Nothing to import: add a file.");
  if (files.length > MAX_FILES) throw new AppError("TOO_LARGE", `At most ${MAX_FILES} files at once.`);
  const detected = detectFormat(files.map((f) => ({ name: f.name, content: f.bytes })));
  if (detected.format === null) throw new AppError("INVALID_INPUT", `${detected.error}. Supported: ${SUPPORTED_FORMATS}.`);
  return detected.format;
}

/** The uploaded files read, in steps (run-in-slices.ts): the direct route parses them in its request. */
function* parseFiles(files: ImportedFile[], format: ImportFormat, offsetUnit?: OffsetUnit): Steps<(ParsedAnnotationSet & { offsetUnit?: OffsetUnit; offsetUnitDetected?: boolean }) | { native: unknown }> {
  try {
    switch (format) {
      case "native":
        if (files.length !== 1) throw new AppError("INVALID_INPUT", "Import one workbench JSON file at a time.");
        return { native: parseJsonText(decoder.decode(files[0].bytes).replace(/^\uFEFF/, ""), files[0].name) };
      case "w3c":
      {
        const sets: ParsedAnnotationSet[] = [];
        for (const f of files) sets.push(yield* parseW3cSteps(f.name, f.bytes));
        return yield* merge("w3c", sets);
      }
      case "conll":
        return yield* merge("conll", yield* each(files, (f) => parseConllSteps(f.name, f.bytes)));
      case "doccano":
        return yield* doccano(files.map((f) => ({ name: f.name, content: f.bytes })), offsetUnit);
      case "brat": {
        const zips = files.filter((f) => f.name.toLowerCase().endsWith(".zip"));
        // A zip of .jsonl files is a doccano export: one <annotator>.jsonl each (ours and doccano's own).
        if (zips.length === 1 && files.length === 1) {
          const entries = readZip(zips[0].bytes);
          const jsonl = entries.filter((e) => /\.jsonl$/i.test(e.path) && !e.path.split("/").some((part) => part.startsWith(".") || part === "__MACOSX"));
          if (jsonl.length > 0 && !entries.some((e) => /\.ann$/i.test(e.path))) return yield* doccano(jsonl.map((e) => ({ name: e.path, content: e.data })), offsetUnit);
          // Our CoNLL export's zip: one <annotator>.conll each.
          const conll = entries.filter((e) => /\.conll$/i.test(e.path) && !e.path.split("/").some((part) => part.startsWith(".") || part === "__MACOSX"));
          if (conll.length > 0 && !entries.some((e) => /\.ann$/i.test(e.path))) return yield* merge("conll", yield* each(conll, (e) => parseConllSteps(e.path, e.data)));
        }
        const loose = files.filter((f) => !f.name.toLowerCase().endsWith(".zip"));
        const sets = yield* each(zips, (z) => parseBratZipSteps(z.bytes));
        if (loose.length) {
          const { pairs, problems } = pairBratFiles(loose.map((f) => ({ path: f.name, data: f.bytes })));
          sets.push(yield* parseBratSteps(pairs, problems));
        }
        return yield* merge("brat", sets);
      }
    }
  } catch (error) {
    if (error instanceof ZipError) throw new AppError(error.kind === "too-large" ? "TOO_LARGE" : "INVALID_INPUT", error.message);
    throw error;
  }
}

/** Each item's steps, one after the other. */
function* each<T, R>(items: T[], steps: (item: T) => Steps<R>): Steps<R[]> {
  const out: R[] = [];
  for (const item of items) out.push(yield* steps(item));
  return out;
}

function* merge(format: ImportFormat, sets: ParsedAnnotationSet[]): Steps<ParsedAnnotationSet> {
  return yield* withoutUnstorableText({ format, documents: sets.flatMap((s) => s.documents), problems: sets.flatMap((s) => s.problems) });
}

/** Leaves out, as problems, documents, annotations and relations with text the database cannot store (NUL, lone surrogates). */
function* withoutUnstorableText(set: ParsedAnnotationSet): Steps<ParsedAnnotationSet> {
  const problems = [...set.problems];
  // The report is only sent back (JSON escapes anything), never stored, so names go in as they are.
  const skip = (what: string, file: string, found: { at: string; problem: string }) =>
    problems.push({ file, message: `${what} has ${found.problem} in its ${found.at || "text"}, which cannot be stored; it was skipped` });
  const documents: ParsedDocument[] = [];
  // Counted over the whole set: many small documents pause as one large one does.
  let checked = 0;
  for (const doc of set.documents) {
    if (++checked % 1000 === 0) yield;
    const { annotations, relations, ...fields } = doc;
    const inDocument = findUnstorableText(fields);
    if (inDocument) {
      skip(`the document ${JSON.stringify(doc.key)}`, doc.key, inDocument);
      continue;
    }
    const kept: typeof annotations = [];
    for (const a of annotations) {
      if (++checked % 1000 === 0) yield;
      const found = findUnstorableText(a);
      if (found) skip(`the annotation ${JSON.stringify(a.key)}`, doc.key, found);
      else kept.push(a);
    }
    let keptRelations: typeof relations;
    if (relations) {
      keptRelations = [];
      for (const r of relations) {
        if (++checked % 1000 === 0) yield;
        const found = findUnstorableText(r);
        if (found) skip("a relation", doc.key, found);
        else keptRelations.push(r);
      }
    }
    documents.push({ ...doc, annotations: kept, relations: keptRelations });
  }
  return { ...set, documents, problems };
}

type PlannedAnnotation = { id: string; authorId: string; labelId: string; kind: keyof typeof ATTRIBUTE_SCHEMAS; start: number; end: number; attributes: Record<string, unknown>; note: string; key: string };
type PlannedRelation = { id: string; typeId: string; fromId: string; toId: string; authorId: string };
type PlannedDocument = { documentId: string; create?: { title: string; text: string; sourceUrl: string | null }; map: OffsetMap; annotations: PlannedAnnotation[]; relations: PlannedRelation[] };

/**
 * A member's import of annotation sets into the project of `access` (what the route calls); as
 * them, so their sets become their layer (spans a workbench export credits to a member by user id
 * go to that member's). A workbench (native) file restores a whole new project
 * instead, which an API token may not do.
 */
export async function importAnnotationFilesFor(access: ProjectAccess, files: ImportedFile[], { dryRun = false, offsetUnit }: ImportOptions = {}): Promise<ImportReport> {
  authorize(access, "curate");
  return importAnnotationFiles(access.projectId, access.userId, files, { dryRun, offsetUnit, restoresProjects: !access.token });
}

/**
 * The import engine, by project id: the route goes through importAnnotationFilesFor; the
 * operator's command line calls this directly. `restoresProjects: false` refuses a workbench
 * (native) file.
 */
export async function importAnnotationFiles(
  projectId: string,
  importerId: string,
  files: ImportedFile[],
  { dryRun = false, restoresProjects = true, offsetUnit }: ImportOptions & { restoresProjects?: boolean } = {},
): Promise<ImportReport> {
  // Run in the direct route's request: the upload's reading, its detection (decoding, one
  // JSON.parse) and its parsing (in slices) each start in a turn of their own.
  await nextTurn();
  const format = formatOf(files);
  await nextTurn();
  const parsed = await runInSlices(parseFiles(files, format, offsetUnit));
  if ("native" in parsed) {
    if (!restoresProjects) {
      throw new AppError("FORBIDDEN", "API tokens cannot restore projects; a workbench export makes a new project. Sign in to the workbench to restore it.");
    }
    const report = await importNative(parseNativeFile(parsed.native), importerId, { dryRun });
    return { ...report, kind: "project" };
  }
  const held = parsed.documents.reduce((n, d) => n + d.annotations.length, 0);
  if (held > maxImportAnnotations()) {
    throw new AppError(
      "TOO_LARGE",
      `This import holds ${held.toLocaleString("en")} annotations; one import may hold at most ${maxImportAnnotations().toLocaleString("en")}. Split it into several files and import them one after another.`,
    );
  }
  const [labels, relationTypes] = await Promise.all([
    db.label.findMany({ where: { projectId }, select: { id: true, name: true, kind: true } }),
    db.relationType.findMany({ where: { projectId }, select: { id: true, name: true, fromKind: true, toKind: true } }),
  ]);
  const labelByKey = new Map(labels.map((l) => [labelKey(l.name), l]));
  // The name as written first: two labels may differ only in case or punctuation.
  const labelByName = (name: string) => labels.find((l) => l.name === name.normalize("NFC")) ?? labelByKey.get(labelKey(name));
  const report: AnnotationImportReport = {
    kind: "annotations", dryRun, format: parsed.format, problems: parsed.problems, documents: [],
    ...(parsed.offsetUnit ? { offsetUnit: { unit: parsed.offsetUnit, detected: !!parsed.offsetUnitDetected } } : {}),
    totals: { accepted: 0, reanchored: 0, duplicate: 0, refused: 0, newDocuments: 0, relations: 0, links: 0, newItems: 0 },
  };
  const plans: PlannedDocument[] = [];
  const seenHashes = new Map<string, string>();
  const counted = new Set<string>();
  // The creators the file names by user id who are members here and may annotate get their spans.
  const creatorIds = [...new Set(parsed.documents.flatMap((d) => d.annotations.flatMap((a) => (a.creatorId ? [a.creatorId] : []))))];
  const creditable = new Set(
    creatorIds.length === 0
      ? []
      : (await db.membership.findMany({ where: { projectId, userId: { in: creatorIds } }, select: { userId: true, role: true } })).filter((m) => roleMay(m.role, "annotate")).map((m) => m.userId),
  );
  const authorOf = (a: { creatorId?: string }) => (a.creatorId && creditable.has(a.creatorId) ? a.creatorId : importerId);
  const authors = [importerId, ...creditable];
  const linkCandidates: LinkCandidate[] = [];
  const equivalences: { file: string; ids: string[] }[] = [];
  // Quotes searched for on every document of this import share one bound on the work.
  const budget = searchBudget();
  const pause = slicer();

  for (const doc of parsed.documents) {
    const target = await resolveDocument(projectId, doc, seenHashes);
    const entry: AnnotationImportReport["documents"][number] = {
      key: doc.key, title: target.title, target: target.kind, documentId: target.documentId, reason: target.reason, annotations: [], relations: { added: 0, skipped: [] },
    };
    report.documents.push(entry);
    if (target.kind === "missing") {
      for (const a of doc.annotations) entry.annotations.push({ key: a.key, label: a.label, exact: a.exact ?? "", outcome: "refused", reason: target.reason, creator: a.creatorName });
      report.totals.refused += doc.annotations.length;
      continue;
    }
    // One text in several files (a per-annotator export) is one new document.
    if (target.kind === "new" && !counted.has(target.documentId)) {
      counted.add(target.documentId);
      report.totals.newDocuments++;
    }
    const map = new OffsetMap(target.text);
    // The direct route runs this in its request: the loop below pauses every few milliseconds and
    // a text's index (for quotes searched often) is built in slices too.
    const anchoring = new AnchorContext(map, budget, { indexInSlices: true });
    const existing = target.kind === "existing"
      ? await db.annotation.findMany({ where: { documentId: target.documentId, authorId: { in: authors }, deletedAt: null, gold: false }, select: { authorId: true, labelId: true, start: true, end: true } })
      : [];
    const taken = new Set(existing.map((e) => `${e.authorId}:${e.labelId}:${e.start}:${e.end}`));
    const plan: PlannedDocument = { documentId: target.documentId, map, annotations: [], relations: [], create: target.kind === "new" ? { title: target.title, text: target.text, sourceUrl: doc.sourceUrl ?? null } : undefined };
    const byKey = new Map<string, PlannedAnnotation>();
    const equivalent = new Set((doc.equivalences ?? []).flat());
    for (const a of doc.annotations) {
      await pause();
      const label = (a.labelDisplay ? labelByName(a.labelDisplay) : undefined) ?? labelByName(a.label ?? "");
      const row = { key: a.key, label: a.labelDisplay ?? a.label, exact: a.exact ?? "", creator: a.creatorName };
      if (!label) {
        entry.annotations.push({ ...row, outcome: "refused", reason: `this project has no label ${JSON.stringify(row.label ?? "")} (its labels: ${labels.map((l) => l.name).join(", ")})` });
        report.totals.refused++;
        continue;
      }
      const placed = anchor(anchoring, a, a.offsetUnit);
      await anchoring.buildWantedIndexes();
      if (placed.status === "refused") {
        entry.annotations.push({ ...row, outcome: "refused", reason: placed.reason });
        report.totals.refused++;
        continue;
      }
      const authorId = authorOf(a);
      const spanKey = `${authorId}:${label.id}:${placed.start}:${placed.end}`;
      if (taken.has(spanKey)) {
        const whose = authorId === importerId ? "you already have" : `${a.creatorName ?? "its annotator"} already has`;
        // An import never changes what is already there, its knowledge-base link included: say so rather than drop it quietly.
        const unlinked = a.references?.length ? `; its reference ${a.references.map((r) => r.id).join(", ")} was not linked (link it in the knowledge base)` : "";
        entry.annotations.push({ ...row, exact: placed.exact, start: placed.start, end: placed.end, authorId, outcome: "duplicate", reason: `${whose} this span with this label here${unlinked}` });
        report.totals.duplicate++;
        continue;
      }
      taken.add(spanKey);
      const { attributes, leftOut } = attributesFor(label.kind, a.attributes, parsed.format === "brat");
      const planned: PlannedAnnotation = { id: uuidv7(), authorId, labelId: label.id, kind: label.kind, start: placed.start, end: placed.end, attributes, note: a.note ?? "", key: a.key };
      plan.annotations.push(planned);
      byKey.set(a.key, planned);
      if (a.references?.length || equivalent.has(a.key)) linkCandidates.push({ id: planned.id, kind: label.kind, exact: placed.exact, references: a.references ?? [] });
      const notes = [placed.status === "reanchored" ? placed.reason : null, leftOut.length ? `attributes left out (${leftOut.join("; ")})` : null].filter(Boolean);
      entry.annotations.push({ ...row, exact: placed.exact, start: placed.start, end: placed.end, authorId, outcome: placed.status, reason: notes.join("; ") || undefined });
      report.totals[placed.status]++;
    }
    for (const r of doc.relations ?? []) {
      const from = byKey.get(r.fromKey);
      const to = byKey.get(r.toKey);
      if (!from || !to) {
        entry.relations.skipped.push(`${r.type} ${r.fromKey} → ${r.toKey}: one end was not imported`);
        continue;
      }
      // A link our attributes hold (claimant, location, participant), or one of the project's relation types.
      const relation = ATTRIBUTE_RELATIONS.find((x) => x.type === r.type.toLowerCase());
      const typed = relation ? undefined : relationTypeFor(relationTypes, r, from.kind, to.kind);
      const problem = relation
        ? !ATTRIBUTE_SCHEMAS[from.kind].shape[relation.attribute as never] ? `${r.fromKey} is ${article(from.kind)}, which has no ${relation.type}` : null
        : "problem" in typed! ? typed.problem
        : null;
      if (problem) {
        entry.relations.skipped.push(problem);
        continue;
      }
      if (typed && "id" in typed) plan.relations.push({ id: uuidv7(), typeId: typed.id, fromId: from.id, toId: to.id, authorId: from.authorId });
      else if (relation!.attribute === "participantIds") from.attributes.participantIds = [...((from.attributes.participantIds as string[]) ?? []), to.id];
      else from.attributes[relation!.attribute] = to.id;
      entry.relations.added++;
      report.totals.relations++;
    }
    for (const keys of doc.equivalences ?? []) {
      const ids = keys.flatMap((k) => (byKey.has(k) ? [byKey.get(k)!.id] : []));
      if (ids.length >= 2) equivalences.push({ file: doc.key, ids });
    }
    if (plan.annotations.length || plan.create) plans.push(plan);
  }

  const { groups, problems: groupProblems } = groupLinks(linkCandidates, equivalences);
  const links = await resolveLinks(db, projectId, groups);
  report.problems.push(...groupProblems, ...links.problems);
  report.totals.links = links.linkOf.size;
  report.totals.newItems = links.create.length;
  if (!dryRun) await write(projectId, importerId, plans, groups);
  return report;
}

const article = (kind: string) => (kind === "ENTITY" || kind === "EVENT" ? "an " : "a ") + kind.toLowerCase();

type RelationTypeRow = { id: string; name: string; fromKind: string; toKind: string };

/**
 * The project's relation type for a relation in a file: by the name as shown, then as written, then
 * spelled differently (case, "_", "-"), among the types that link these kinds of annotation — a
 * project may have an entity-to-entity "Part-of" beside the event-to-event "part of".
 */
function relationTypeFor(types: RelationTypeRow[], r: { type: string; typeDisplay?: string }, fromKind: string, toKind: string): RelationTypeRow | { problem: string } {
  const names = [r.typeDisplay, r.type].filter((n): n is string => !!n).map((n) => n.normalize("NFC"));
  const fits = (t: RelationTypeRow) => t.fromKind === fromKind && t.toKind === toKind;
  const exact = types.filter((t) => names.includes(t.name));
  const similar = types.filter((t) => names.some((n) => labelKey(n) === labelKey(t.name)));
  const found = exact.find(fits) ?? similar.find(fits);
  if (found) return found;
  const shown = JSON.stringify(names[0]);
  const named = exact[0] ?? similar[0];
  if (!named) return { problem: `this project has no relation type ${shown}` };
  return { problem: `"${named.name}" links ${article(named.fromKind)} to ${article(named.toKind)}, not ${article(fromKind)} to ${article(toKind)}` };
}

/** Other tools' spelling of an attribute name: "Stance", "canonical_name", "Canonical-Name". */
const attributeKey = (name: string) => name.toLowerCase().replace(/[\s_-]+/g, "");

/**
 * The attributes our scheme knows for this kind, matched by name whatever the case, each checked on
 * its own so one bad value does not lose the rest; links are set from relations instead. With
 * `keepOthers` (brat's A/M lines), names the kind does not have are kept as they came under
 * `extra` (a flag or a short value), rather than dropped or flattened into the note.
 */
function attributesFor(kind: keyof typeof ATTRIBUTE_SCHEMAS, incoming: Record<string, unknown>, keepOthers = false) {
  const shape = ATTRIBUTE_SCHEMAS[kind].shape as Record<string, { safeParse(v: unknown): { success: boolean; data?: unknown; error?: { issues: { message: string }[] } } }>;
  const attributes: Record<string, unknown> = {};
  const leftOut: string[] = [];
  for (const [name, value] of Object.entries(incoming)) {
    const key = Object.keys(shape).find((k) => attributeKey(k) === attributeKey(name));
    if (ATTRIBUTE_RELATIONS.some((r) => r.attribute === key)) continue;
    if (!key && keepOthers) {
      const extra = { ...((attributes.extra as Record<string, unknown>) ?? {}), [name]: value };
      const checked = extraAttributes.safeParse(extra);
      if (checked.success) attributes.extra = checked.data;
      else leftOut.push(`${name}: ${checked.error.issues.map((i) => i.message).join(", ")}`);
      continue;
    }
    if (!key) {
      leftOut.push(`${name}: a ${kind.toLowerCase()} has no such attribute`);
      continue;
    }
    const checked = shape[key].safeParse(value);
    if (checked.success) attributes[key] = checked.data;
    else leftOut.push(`${name}: ${checked.error!.issues.map((i) => i.message).join(", ")}`);
  }
  return { attributes, leftOut };
}

const inDeletedDocuments = (title: string) => `"${title}" is in this project's deleted documents: restore it first`;

async function resolveDocument(projectId: string, doc: ParsedDocument, seen: Map<string, string>) {
  if (doc.documentId) {
    const found = await db.document.findFirst({ where: { id: doc.documentId, projectId }, select: { id: true, title: true, text: true, deletedAt: true } });
    if (found?.deletedAt) return { kind: "missing" as const, documentId: undefined, title: found.title, text: "", reason: inDeletedDocuments(found.title) };
    if (found) return { kind: "existing" as const, documentId: found.id, title: found.title, text: found.text };
  }
  if (doc.text === undefined) {
    // A file from another project or instance names the text by content, or where it was published.
    const live = { projectId, deletedAt: null };
    const byHash = doc.contentHash ? await db.document.findFirst({ where: { ...live, contentHash: doc.contentHash }, select: { id: true, title: true, text: true } }) : null;
    const byUrl = byHash || !doc.sourceUrl ? [] : await db.document.findMany({ where: { ...live, sourceUrl: doc.sourceUrl }, select: { id: true, title: true, text: true }, take: 2 });
    const found = byHash ?? (byUrl.length === 1 ? byUrl[0] : null);
    if (found) return { kind: "existing" as const, documentId: found.id, title: found.title, text: found.text };
    const why = byUrl.length > 1 ? `, and several of its documents come from ${doc.sourceUrl}` : doc.contentHash || doc.sourceUrl ? ", nor its text (by content or source URL)" : "";
    return { kind: "missing" as const, documentId: undefined, title: doc.title ?? doc.key, text: "", reason: `the document ${JSON.stringify(doc.key)} is not in this project${why}, and the file does not carry its text` };
  }
  const text = canonicalizeText(doc.text);
  const hash = sha256(text);
  const found = await db.document.findFirst({ where: { projectId, contentHash: hash }, select: { id: true, title: true, deletedAt: true } });
  if (found?.deletedAt) return { kind: "missing" as const, documentId: undefined, title: found.title, text: "", reason: inDeletedDocuments(found.title) };
  if (found) return { kind: "existing" as const, documentId: found.id, title: found.title, text };
  const problem = documentTextProblem(text);
  if (problem) return { kind: "missing" as const, documentId: undefined, title: doc.title ?? doc.key, text: "", reason: problem.reason.replace(/^the text/, "its text") };
  // The same text twice in one upload becomes one document.
  const documentId = seen.get(hash) ?? uuidv7();
  seen.set(hash, documentId);
  return { kind: "new" as const, documentId, title: (doc.title?.trim() || firstLine(text) || doc.key).slice(0, 300), text };
}

type AnnotationRow = {
  id: string; projectId: string; documentId: string; labelId: string; authorId: string; start: number; end: number;
  exact: string; prefix: string; suffix: string; attributes: Prisma.InputJsonObject; note: string; canonicalId: string | null;
};

// Rows per statement: preparing one (its arrays, the history snapshots) holds the thread about 25 ms.
const INSERT_BATCH = 1_000;

/**
 * The annotations and their CREATE history entries, by INSERT … SELECT FROM unnest(arrays).
 * Prisma's createMany compiles and checks every row on the server's one thread: 20,000 imported
 * annotations held it for about 10 s (the stall benchmark's w3c-import row).
 */
async function insertAnnotations(tx: Prisma.TransactionClient, importerId: string, rows: AnnotationRow[]) {
  const column = <K extends keyof AnnotationRow>(key: K) => rows.map((r) => r[key]);
  await tx.$executeRaw`
    INSERT INTO "Annotation" (id, "projectId", "documentId", "labelId", "authorId", start, "end", exact, prefix, suffix, attributes, note, "canonicalId", "updatedAt")
    SELECT t.id, t."projectId", t."documentId", t."labelId", t."authorId", t.s, t.e, t.exact, t.prefix, t.suffix, t.attributes::jsonb, t.note, t."canonicalId", now()
      FROM unnest(${column("id")}::uuid[], ${column("projectId")}::uuid[], ${column("documentId")}::uuid[], ${column("labelId")}::uuid[], ${column("authorId")}::uuid[],
                  ${column("start")}::int[], ${column("end")}::int[], ${column("exact")}::text[], ${column("prefix")}::text[], ${column("suffix")}::text[],
                  ${rows.map((r) => JSON.stringify(r.attributes))}::text[], ${column("note")}::text[], ${column("canonicalId")}::uuid[])
        AS t(id, "projectId", "documentId", "labelId", "authorId", s, e, exact, prefix, suffix, attributes, note, "canonicalId")`;
  await tx.$executeRaw`
    INSERT INTO "AnnotationHistory" (id, "annotationId", "actorId", action, version, after)
    SELECT t.id, t."annotationId", ${importerId}::uuid, 'CREATE'::"HistoryAction", 1, t.after::jsonb
      FROM unnest(${rows.map(() => uuidv7())}::uuid[], ${column("id")}::uuid[], ${rows.map((r) => JSON.stringify(historySnapshot({ ...r, version: 1 })))}::text[])
        AS t(id, "annotationId", after)`;
}

/**
 * The groups' items, inside the import's transaction: one import at a time per project decides
 * which items exist (two imports naming one new reference make one item), and the items linked to
 * are locked before any document (the knowledge base's lock order).
 */
async function writeLinks(tx: Prisma.TransactionClient, projectId: string, groups: LinkGroup[]): Promise<LinkPlan> {
  await tx.$queryRaw`SELECT pg_advisory_xact_lock(hashtext(${`import-links:${projectId}`}))::text`;
  const links = await resolveLinks(tx, projectId, groups);
  const locked = await lockItems(tx, projectId, links.existing);
  if (links.existing.some((id) => !locked.has(id))) throw new AppError("CONFLICT", "The knowledge base changed during the import (an item was merged or deleted); import again.");
  if (links.create.length) await tx.canonicalItem.createMany({ data: links.create.map((item) => ({ ...item, projectId })) });
  for (const [id, more] of links.addReferences) await tx.canonicalItem.update({ where: { id }, data: { externalIds: { push: more } } });
  return links;
}

/**
 * The database refused one of the import's tags as a duplicate (trigger annotation_no_duplicate_tag):
 * the same person tagged the same span with the same label after the import looked at what was
 * there. The transaction wrote nothing; the refusal names the annotation in the way, its author
 * and document, and says what importing again does.
 */
async function tagMadeDuringImport(error: unknown): Promise<AppError | null> {
  const conflict = duplicateTagConflict(error);
  if (!conflict) return null;
  const existing = (conflict.details as { existing?: { id: string; label: string; quote: string } } | undefined)?.existing;
  const found = existing
    ? await db.annotation.findUnique({ where: { id: existing.id }, select: { author: { select: { name: true } }, document: { select: { title: true } } } })
    : null;
  if (!existing || !found) return new AppError("CONFLICT", `Nothing was imported: ${conflict.message}`, conflict.details);
  const quote = existing.quote.length > 80 ? `${existing.quote.slice(0, 79)}…` : existing.quote;
  return new AppError(
    "CONFLICT",
    `Nothing was imported: while the import was checked, ${found.author.name} tagged “${quote}” as ${existing.label} in "${found.document.title}" (annotation ${existing.id}), ` +
      "a tag the import also makes for them, and this project does not allow the same tag twice on one span. Import again: the report will list that span as already there.",
    conflict.details,
  );
}

async function write(projectId: string, importerId: string, plans: PlannedDocument[], groups: LinkGroup[]) {
  await db.$transaction(
    async (tx) => {
      const { linkOf } = groups.length ? await writeLinks(tx, projectId, groups) : { linkOf: new Map<string, string>() };
      const created = new Set<string>();
      for (const plan of plans) {
        if (plan.create && !created.has(plan.documentId)) {
          created.add(plan.documentId);
          const { text, title, sourceUrl } = plan.create;
          await tx.document.create({
            data: { id: plan.documentId, projectId, title, text, contentHash: sha256(text), length: codePointLength(text), sourceUrl, createdById: importerId },
          });
        }
        if (plan.annotations.length === 0) continue;
        await lockDocumentChanges(tx, plan.documentId);
        const rows = plan.annotations.map((a) => ({
          id: a.id, projectId, documentId: plan.documentId, labelId: a.labelId, authorId: a.authorId, start: a.start, end: a.end,
          ...quoteOf(plan.map, a), attributes: a.attributes as Prisma.InputJsonObject, note: a.note, canonicalId: linkOf.get(a.id) ?? null,
        }));
        for (let i = 0; i < rows.length; i += INSERT_BATCH) await insertAnnotations(tx, importerId, rows.slice(i, i + INSERT_BATCH));
        await tx.relation.createMany({ data: plan.relations.map((r) => ({ ...r, projectId, documentId: plan.documentId })) });
        await notifyAnnotationChange(tx, plan.documentId, rows.at(-1)!.id);
      }
    },
    { timeout: 5 * 60_000, maxWait: 10_000 },
  ).catch(async (error: unknown) => {
    throw (await tagMadeDuringImport(error)) ?? error;
  });
}
