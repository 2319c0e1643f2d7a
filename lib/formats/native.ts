// The workbench's own format: lossless, and the backup format. One JSON object:
//
//   { "format": "annotation-workbench", "version": 1, "exportedAt",
//     "project", "labels", "users", "members",
//     "relationTypes", "canonicalItems" (the knowledge base),
//     "documents": [ { …document, "annotations": [ { …annotation, "reviews", "comments", "history" } ],
//                      "relations", "suggestions", "curationDecisions", "assignments" }, … ] }
//
// Every column of every row is kept with its id, so importing into an empty instance reproduces
// the project, and importing the same file again finds it already there. Deleted annotations
// (tombstones) are kept too. Relations live in the annotations' attributes (claimantId,
// locationId, participantIds) and so travel with them. Users carry id, name and email only:
// password hashes never leave the instance. The documents array is written one document at a
// time, so the export streams.
import { z } from "zod";
import { isWebUrl, WEB_URL_RULE } from "@/lib/documents/source-url";
import { claimAttributes, entityAttributes, eventAttributes } from "@/lib/schemas/annotation";
import type { ExportSummary, TextExportWriter } from "@/lib/formats/writer";
import { runAtOnce, type Steps } from "@/lib/run-in-slices";

export const NATIVE_FORMAT = "annotation-workbench";
export const NATIVE_VERSION = 1;

const uuid = z.uuid();
const date = z.coerce.date();
const role = z.enum(["OWNER", "CURATOR", "ANNOTATOR", "VIEWER"]);

export const nativeHeaderSchema = z.object({
  format: z.literal(NATIVE_FORMAT),
  version: z.literal(NATIVE_VERSION, { error: `only version ${NATIVE_VERSION} of the workbench format can be read` }),
  exportedAt: z.string().optional(),
  project: z.object({
    id: uuid, name: z.string().min(1).max(200), description: z.string().max(5000), peerReview: z.boolean(),
    agreementThreshold: z.number().int().min(1).max(50), createdAt: date,
  }),
  labels: z.array(z.object({
    // A colour goes into style attributes: a hex colour only, never more CSS.
    id: uuid, name: z.string().min(1).max(60), kind: z.enum(["CLAIM", "EVENT", "ENTITY"]),
    color: z.string().toLowerCase().regex(/^#[0-9a-f]{6}$/, { error: "a label colour is a hex colour like #fcd34d" }),
    hotkey: z.string().max(1).nullable(), description: z.string().max(1000), position: z.number().int(), createdAt: date,
  })).max(1000),
  // Added after version 1 first shipped: files without them read as "none".
  relationTypes: z.array(z.object({
    id: uuid, name: z.string().min(1).max(60), fromKind: z.enum(["CLAIM", "EVENT", "ENTITY"]), toKind: z.enum(["CLAIM", "EVENT", "ENTITY"]),
    description: z.string().max(1000), position: z.number().int(), createdAt: date,
  })).max(1000).default([]),
  canonicalItems: z.array(z.object({
    id: uuid, kind: z.enum(["CLAIM", "EVENT", "ENTITY"]), name: z.string().min(1).max(300), aliases: z.array(z.string().max(300)).max(1000),
    // Files from before knowledge-base items kept references into other knowledge bases have none.
    externalIds: z.array(z.string().min(1).max(300)).max(1000).default([]),
    date: z.string().max(10).nullable(), description: z.string().max(5000), createdAt: date, updatedAt: date,
  })).max(1_000_000).default([]),
  users: z.array(z.object({ id: uuid, name: z.string().max(200), email: z.string().max(320) })).max(100_000),
  members: z.array(z.object({ userId: uuid, role, createdAt: date })).max(100_000),
});

const review = z.object({
  id: uuid, reviewerId: uuid, decision: z.enum(["ACCEPTED", "REJECTED"]), comment: z.string(), annotationVersion: z.number().int(),
  createdAt: date, updatedAt: date,
});
const comment = z.object({
  id: uuid, authorId: uuid, parentId: uuid.nullable(), body: z.string().max(20_000), resolved: z.boolean(),
  seenByAnnotationAuthor: z.boolean(), createdAt: date,
});
const historyEntry = z.object({
  id: uuid, actorId: uuid, action: z.enum(["CREATE", "UPDATE", "DELETE", "REVIEW", "ADJUDICATE"]), version: z.number().int(),
  before: z.unknown().nullable(), after: z.unknown().nullable(), createdAt: date,
});

// The attributes any kind of annotation may carry, typed as the API checks them: pages show them
// (the claimant as text, participants as a list), so a file cannot put an object where text goes.
// Not checked against the label's kind: a label's kind can change after its annotations were made.
const nativeAttributes = z.object({ ...claimAttributes.shape, ...eventAttributes.shape, ...entityAttributes.shape }).loose();

export const nativeAnnotationSchema = z.object({
  id: uuid, labelId: uuid, authorId: uuid, start: z.number().int().min(0), end: z.number().int().min(1), exact: z.string(),
  prefix: z.string(), suffix: z.string(), attributes: nativeAttributes, note: z.string(), version: z.number().int().min(1),
  reviewState: z.enum(["PENDING", "ACCEPTED", "REJECTED"]), gold: z.boolean(), goldSources: z.array(uuid), canonicalId: uuid.nullable().default(null),
  deletedAt: date.nullable(), createdAt: date, updatedAt: date,
  reviews: z.array(review), comments: z.array(comment), history: z.array(historyEntry),
});

const suggestionDecision = z.object({
  userId: uuid, verdict: z.enum(["ACCEPTED", "REJECTED"]), labelId: uuid.nullable(), annotationId: uuid.nullable(), createdAt: date,
});

export const nativeDocumentSchema = z.object({
  id: uuid, title: z.string().max(1000), text: z.string(), rawText: z.string().nullable(), contentHash: z.string(),
  length: z.number().int(), fileName: z.string().nullable(), sourceUrl: z.string().refine(isWebUrl, { error: `a source URL ${WEB_URL_RULE}` }).nullable(), publisher: z.string().nullable(),
  publishedOn: z.string().nullable(), language: z.string().nullable(), createdById: uuid.nullable(), createdAt: date,
  // Added after format version 1's first files: absent in older backups.
  author: z.string().max(1000).nullable().default(null), originalHtml: z.string().nullable().default(null),
  annotations: z.array(nativeAnnotationSchema),
  curationDecisions: z.array(z.object({
    id: uuid, candidateKey: z.string(), decision: z.enum(["MERGED", "TAKEN", "EDITED", "REJECTED"]), decidedById: uuid, createdAt: date,
  })),
  assignments: z.array(z.object({ userId: uuid, assignedById: uuid.nullable(), finishedAt: date.nullable(), createdAt: date })),
  relations: z.array(z.object({
    id: uuid, typeId: uuid, fromId: uuid, toId: uuid, authorId: uuid, deletedAt: date.nullable(), createdAt: date,
  })).default([]),
  suggestions: z.array(z.object({
    id: uuid, canonicalId: uuid, start: z.number().int().min(0), end: z.number().int().min(1), exact: z.string(), createdAt: date,
    // Each person's accept or reject. Older files have one decision for everyone instead
    // (status, decidedById, annotationId): read as that person's own.
    decisions: z.array(suggestionDecision).optional(),
    status: z.enum(["OPEN", "ACCEPTED", "REJECTED"]).optional(), decidedById: uuid.nullable().optional(), annotationId: uuid.nullable().optional(),
  }).transform(({ status, decidedById, annotationId, decisions, ...s }) => ({
    ...s,
    decisions: decisions ?? (status && status !== "OPEN" && decidedById
      ? [{ userId: decidedById, verdict: status, labelId: null, annotationId: annotationId ?? null, createdAt: s.createdAt }]
      : []),
  }))).default([]),
});

export const nativeFileSchema = nativeHeaderSchema.extend({ documents: z.array(nativeDocumentSchema) });

export type NativeHeader = z.input<typeof nativeHeaderSchema>;
export type NativeDocument = z.input<typeof nativeDocumentSchema>;
export type NativeFile = z.output<typeof nativeFileSchema>;

export type NativeSummary = ExportSummary & { reviews: number; comments: number; history: number };

/** Streams the native format: header fields, then the documents one by one. */
export function createNativeWriter(header: Omit<NativeHeader, "format" | "version">): Omit<TextExportWriter<NativeSummary>, "batch" | "batchSteps"> & {
  document(d: NativeDocument): string;
  /** document() in steps (run-in-slices.ts), in pieces: a request writes a long document's annotations a slice at a time. */
  documentSteps(d: NativeDocument): Steps<string[]>;
} {
  const summary: NativeSummary = { documents: 0, annotations: 0, reviews: 0, comments: 0, history: 0 };
  const head = JSON.stringify({ format: NATIVE_FORMAT, version: NATIVE_VERSION, ...header }, null, 0);
  return {
    kind: "text",
    contentType: "application/json; charset=utf-8",
    extension: "json",
    summary: () => ({ ...summary }),
    // The header object, reopened to append the documents array.
    header: () => `${head.slice(0, -1)},"documents":[\n`,
    document: (d) => runAtOnce(documentSteps(d)).join(""),
    documentSteps,

    footer: () => "\n]}\n",
  };

  function* documentSteps(d: NativeDocument): Steps<string[]> {
    summary.annotations += d.annotations.length;
    for (const a of d.annotations) {
      summary.reviews += a.reviews.length;
      summary.comments += a.comments.length;
      summary.history += a.history.length;
    }
    // The same JSON as JSON.stringify(d), its annotations written a thousand at a time in their place.
    const json = JSON.stringify({ ...d, annotations: ANNOTATIONS_HERE });
    const at = json.indexOf(JSON.stringify(ANNOTATIONS_HERE));
    const pieces = [`${summary.documents++ ? ",\n" : ""}${json.slice(0, at)}[`];
    for (let i = 0; i < d.annotations.length; i += 1000) {
      pieces.push(`${i ? "," : ""}${JSON.stringify(d.annotations.slice(i, i + 1000)).slice(1, -1)}`);
      yield;
    }
    pieces.push(`]${json.slice(at + JSON.stringify(ANNOTATIONS_HERE).length)}`);
    return pieces;
  }
}

/** Stands for a document's annotations in its JSON until they are put in: no stored text holds a NUL (PostgreSQL refuses it). */
const ANNOTATIONS_HERE = "\u0000annotations\u0000";
