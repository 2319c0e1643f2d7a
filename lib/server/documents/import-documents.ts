import "server-only";
import type { ProjectAccess } from "@/lib/server/authz";
import crypto from "node:crypto";
import { db } from "@/lib/db";
import { canonicalizeText, codePointLength, firstLine } from "@/lib/anchoring/canonical-text";
import type { DocumentDraft, DocumentMeta, DraftRefusal } from "@/lib/documents/parse-upload";
import { proposeMetadata } from "@/lib/documents/detect-metadata";
import { applyTrim, planTrim } from "@/lib/documents/trim-furniture";
import { AppError } from "@/lib/server/errors";
import { queueSuggestionsOnImport, wantsSuggestions } from "@/lib/server/documents/suggest-on-import";

export const maxDocumentBytes = () => Number(process.env.MAX_DOCUMENT_BYTES ?? 5 * 1024 * 1024);

/** Which furniture to cut: everything found (true), nothing (false), or per file — a name cuts both ends. */
export type TrimChoice = boolean | (string | { name: string; head?: boolean; tail?: boolean })[];
export type ImportOptions = { trim: TrimChoice; dryRun: boolean; meta?: Record<string, DocumentMeta> };

export type ImportReportItem = {
  name: string;
  outcome: "imported" | "ready" | "duplicate" | "refused";
  reason?: string;
  documentId?: string;
  title?: string;
  length?: number;
  /** Site furniture found at the end of the text, and whether it is (to be) removed. */
  furniture?: { removed: string; removedLines: number; reasons: string[]; trimmed: boolean };
  /** Site furniture found at the top (datelines, labels, navigation), and whether it is (to be) removed. */
  header?: { lines: { text: string; reason: string }[]; reasons: string[]; trimmed: boolean };
  /** The metadata the document gets: the person's corrections, else what the file states, else what the text suggests. */
  meta?: DocumentMeta & { title: string };
  /** Where each value came from. */
  evidence?: Partial<Record<keyof DocumentMeta, string>>;
};

export type ImportResult = { imported: number; duplicates: number; dryRun: boolean; report: ImportReportItem[] };

/** The content hash stored with a document's canonical text (one copy of a text per project). */
export const sha256 = (text: string) => crypto.createHash("sha256").update(text, "utf8").digest("hex");
const megabytes = (bytes: number) =>
  bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${(bytes / 1024).toFixed(1)} kB`;

type Prepared = ImportReportItem & {
  row?: { title: string; text: string; rawText: string | null; originalHtml: string | null; contentHash: string; length: number; fileName: string | null } & DocumentMeta;
};

const META_KEYS = ["title", "publisher", "publishedOn", "sourceUrl", "language", "author"] as const satisfies readonly (keyof DocumentMeta)[];

/**
 * Why a canonical text cannot be a document (over the size limit, or empty), or null. Every way a
 * document enters — upload, annotation-set import, restore — asks this same question.
 */
export function documentTextProblem(canonical: string): { reason: string; tooLarge: boolean } | null {
  const limit = maxDocumentBytes();
  const bytes = Buffer.byteLength(canonical, "utf8");
  if (bytes > limit) return { reason: `the text is ${megabytes(bytes)}, over the limit of ${megabytes(limit)} per document`, tooLarge: true };
  if (!canonical.trim()) return { reason: "the text is empty", tooLarge: false };
  return null;
}

/** The cut each file gets (a lookup built once per import, not a search per file). */
function trimChooser(trim: TrimChoice): (name: string) => { head: boolean; tail: boolean } {
  if (typeof trim === "boolean") return () => ({ head: trim, tail: trim });
  const chosen = new Map(trim.map((t) => (typeof t === "string" ? [t, { head: true, tail: true }] : [t.name, { head: !!t.head, tail: !!t.tail }])));
  return (name) => chosen.get(name) ?? { head: false, tail: false };
}

function prepare(draft: DocumentDraft | DraftRefusal, options: ImportOptions, trimFor: ReturnType<typeof trimChooser>): Prepared {
  if ("reason" in draft) return { name: draft.name, outcome: "refused", reason: draft.reason };
  const canonical = canonicalizeText(draft.text);
  const problem = documentTextProblem(canonical);
  if (problem) return { name: draft.name, outcome: "refused", reason: problem.reason };
  const plan = planTrim(canonical);
  const choice = trimFor(draft.name);
  const cut = { head: choice.head && !!plan.head, tail: choice.tail && !!plan.tail };
  const text = applyTrim(canonical, plan, cut);
  if (!text.trim()) return { name: draft.name, outcome: "refused", reason: "nothing is left once the site furniture is cut" };
  // What the site's own lines say (who published it) counts even when they are cut.
  const siteLines = [...(plan.head?.lines.map((l) => l.text) ?? []), plan.tail?.removed ?? ""].join("\n");
  const proposed = proposeMetadata(text, siteLines);
  const stated = Object.fromEntries(Object.entries(draft.meta).filter(([, v]) => typeof v === "string" && v.trim())) as DocumentMeta;
  const corrected = options.meta?.[draft.name] ?? {};
  const meta: DocumentMeta = {};
  const evidence: ImportReportItem["evidence"] = {};
  for (const key of META_KEYS) {
    const [value, from] =
      corrected[key] !== undefined
        ? [corrected[key], "your correction"]
        : stated[key] !== undefined
          ? [stated[key], draft.evidence?.[key] ?? "the file"]
          : [proposed.meta[key as keyof typeof proposed.meta], proposed.evidence[key as keyof typeof proposed.evidence]];
    const clean = value === undefined ? undefined : canonicalizeText(value).trim();
    if (clean) {
      meta[key] = key === "title" ? clean.slice(0, 300) : clean;
      if (from) evidence[key] = from;
    }
  }
  const title = meta.title || firstLine(text) || draft.name;
  return {
    name: draft.name,
    outcome: "ready",
    title,
    length: codePointLength(text),
    furniture: plan.tail ? { removed: plan.tail.removed, removedLines: plan.tail.removedLines, reasons: plan.tail.reasons, trimmed: cut.tail } : undefined,
    header: plan.head ? { lines: plan.head.lines, reasons: plan.head.reasons, trimmed: cut.head } : undefined,
    meta: { ...meta, title },
    evidence,
    row: {
      text,
      rawText: cut.head || cut.tail ? canonical : null,
      originalHtml: draft.html ?? null,
      contentHash: sha256(text),
      length: codePointLength(text),
      fileName: draft.fileName,
      ...meta,
      title,
    },
  };
}

/**
 * Imports documents all-or-nothing: if any draft is refused, nothing is written and the report
 * names every file with its outcome. Texts already in the project (same hash) are reported as
 * duplicates and skipped.
 */
export async function importDocuments(
  access: ProjectAccess,
  drafts: (DocumentDraft | DraftRefusal)[],
  options: ImportOptions,
): Promise<ImportResult> {
  const { projectId, userId } = access;
  if (drafts.length === 0) throw new AppError("INVALID_INPUT", "Nothing to import: add at least one file or some text.");
  const names = new Set(drafts.map((d) => d.name));
  const stray = Object.keys(options.meta ?? {}).find((name) => !names.has(name));
  if (stray !== undefined) throw new AppError("INVALID_INPUT", `Metadata was given for "${stray}", which is not in this import.`);
  const trimFor = trimChooser(options.trim);
  const prepared = drafts.map((d) => prepare(d, options, trimFor));
  const strip = (items: Prepared[]): ImportReportItem[] => items.map(({ row: _row, ...item }) => item);

  const refused = prepared.filter((p) => p.outcome === "refused");
  if (refused.length > 0) {
    const tooLarge = drafts.some((d) => "tooLarge" in d && d.tooLarge) || refused.some((p) => p.reason?.includes("over the limit"));
    throw new AppError(
      tooLarge ? "TOO_LARGE" : "INVALID_INPUT",
      `${refused.length} of ${prepared.length} item(s) could not be imported, so nothing was imported: ` +
        refused.map((p) => `${p.name}: ${p.reason}`).join("; "),
      { report: strip(prepared) },
    );
  }

  const hashes = prepared.map((p) => p.row!.contentHash);
  const existing = await db.document.findMany({
    where: { projectId, contentHash: { in: hashes } },
    select: { contentHash: true, title: true, deletedAt: true },
  });
  const known = new Map(
    existing.map((d) => [d.contentHash, d.deletedAt ? `already in the project as "${d.title}", now in Deleted documents: restore it instead` : `already in the project as "${d.title}"`]),
  );
  for (const item of prepared) {
    const seen = known.get(item.row!.contentHash);
    if (seen) {
      item.outcome = "duplicate";
      item.reason = seen;
    } else {
      known.set(item.row!.contentHash, `same text as ${item.name} in this import`);
    }
  }

  const toCreate = prepared.filter((p) => p.outcome === "ready");
  if (!options.dryRun && toCreate.length > 0) {
    // Mentions of entities the knowledge base already knows become suggestions in the viewer, and
    // model servers set to run on import propose: a job after the commit (suggest-on-import.ts),
    // not this request. The documents are marked until it has run, so the viewer asks again.
    const suggest = await wantsSuggestions(projectId);
    let createdRows: { id: string }[];
    try {
      createdRows = await db.$transaction(
        toCreate.map((item) =>
          db.document.create({ data: { ...item.row!, projectId, createdById: userId, suggestionsQueuedAt: suggest ? new Date() : null }, select: { id: true } }),
        ),
      );
    } catch (error) {
      if ((error as { code?: string }).code === "P2002") {
        throw new AppError("CONFLICT", "Someone imported one of these texts at the same moment; nothing was imported. Try again.");
      }
      throw error;
    }
    createdRows.forEach((row, i) => {
      toCreate[i].documentId = row.id;
      toCreate[i].outcome = "imported";
    });
    if (suggest) await queueSuggestionsOnImport(access, createdRows.map((r) => r.id));
  }
  return {
    imported: options.dryRun ? 0 : toCreate.length,
    duplicates: prepared.filter((p) => p.outcome === "duplicate").length,
    dryRun: options.dryRun,
    report: strip(prepared),
  };
}
