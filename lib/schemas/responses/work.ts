import { z } from "zod";
import { annotation } from "@/lib/schemas/responses/annotations";
import { count, isoDateTime, kindSchema, orNull, personRef, reviewStateSchema } from "@/lib/schemas/responses/common";

// Answers of curation, figures, recommenders, search, import and export.

const figuresStatus = {
  computedAt: isoDateTime.nullable(),
  ageSeconds: z.number().int().nullable(),
  stale: z.boolean().meta({ description: "The inputs changed since the figures were computed" }),
  computing: z.boolean(),
  progress: z.object({ done: count, total: count }).nullable(),
};
/**
 * Figures computed by the background job: its status, and the figures' own fields at the top level
 * once a computation finished (absent before). The figures are described by their top-level keys.
 */
const figures = (fields: Record<string, z.ZodType>, description: string) =>
  z.object({ ...figuresStatus, ...Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, v.optional()])) }).meta({ description });
export const projectAgreement = figures(
  {
    annotators: z.record(z.string(), z.string()), overall: z.record(z.string(), z.unknown()), independence: z.unknown(), documents: z.array(z.record(z.string(), z.unknown())),
    documentsTotal: z.number().int().min(0).meta({ description: "Documents with figures in all; `documents` is the page from `documentsOffset`" }),
    documentsOffset: z.number().int().min(0),
  },
  "Fleiss' kappa, Krippendorff's alpha, pairwise kappa and span F1 (overall), and the same per document",
);
export const documentAgreement = figures(
  { annotators: z.record(z.string(), z.string()), independence: z.unknown(), figures: z.record(z.string(), z.unknown()), disagreements: z.array(z.unknown()) },
  "One document's agreement figures and its regions of lowest agreement",
);
export const progress = figures(
  {
    annotators: z.array(z.record(z.string(), z.unknown())),
    documents: z.array(z.record(z.string(), z.unknown())),
    labels: z.array(z.record(z.string(), z.unknown())),
    reviewStates: z.record(reviewStateSchema, count),
  },
  "Progress per annotator and document, labels, review states and agreement over time",
);

export const curationView = z.object({
  threshold: z.number(),
  goldCount: count,
  mergeable: count,
  clusters: z.array(
    z.object({
      start: z.number().int(),
      end: z.number().int(),
      state: z.enum(["settled", "consensus", "disagreement"]),
      candidates: z.array(
        z.object({
          key: z.string(),
          start: z.number().int(),
          end: z.number().int(),
          labelId: z.string(),
          exact: z.string(),
          authors: z.array(z.string()),
          annotationIds: z.array(z.string()),
          attributes: z.unknown(),
          status: z.enum(["gold", "rejected", "removed", "agreed", "open"]),
        }),
      ),
    }),
  ),
  versions: z.record(
    z.string(),
    z.object({ id: z.string(), authorId: z.string(), attributes: z.record(z.string(), z.string()), canonical: z.object({ id: z.string(), name: z.string() }).nullable(), relations: z.array(z.string()), note: z.string() }),
  ),
});
export const adjudicated = z.object({ gold: orNull(annotation) });
export const merged = z.object({ merged: count });

const runReport = z.object({ ok: z.boolean(), documents: count, proposals: count, dropped: z.array(z.object({ reason: z.string(), count })), error: z.string().optional() });
export const recommender = z
  .object({
    id: z.string(),
    name: z.string(),
    kind: z.enum(["STRING_MATCHER", "ENGLISH_NER", "LABEL_STUDIO", "OPENAI", "KNOWLEDGE_BASE"]),
    enabled: z.boolean(),
    trigger: z.enum(["ON_IMPORT", "ON_DEMAND"]),
    labelIds: z.array(z.string()),
    minScore: z.number(),
    url: z.string().nullable(),
    model: z.string().nullable(),
    hasApiKey: z.boolean().meta({ description: "Whether a key is stored; the key itself is never answered" }),
    mapping: z.object({ people: z.string().nullable().optional(), places: z.string().nullable().optional(), organizations: z.string().nullable().optional() }).nullable(),
    lastRunAt: isoDateTime.nullable(),
    lastRun: runReport.nullable(),
  })
  .meta({ id: "Recommender" });
export const recommenderList = z.object({
  recommenders: z.array(
    recommender.extend({ stats: z.array(z.object({ labelId: z.string(), proposals: count.nullable(), accepted: count, rejected: count, precision: z.number().nullable() })) }),
  ),
});
export const recommenderRun = runReport;

const marks = z.array(z.object({ start: z.number().int(), end: z.number().int() }));
const snippet = z.object({ text: z.string(), marks, truncatedBefore: z.boolean(), truncatedAfter: z.boolean() });
export const searchResults = z.object({
  notice: z.string().optional(),
  documents: z
    .object({
      total: count,
      nextOffset: z.number().int().nullable(),
      items: z.array(
        z.object({
          id: z.string(),
          title: z.string(),
          publisher: z.string().nullable(),
          publishedOn: z.string().nullable(),
          rank: z.number(),
          titleMarks: marks,
          matchCount: count,
          lines: z.array(z.object({ start: z.number().int(), end: z.number().int(), before: z.string(), match: z.string(), after: z.string(), contextStart: z.number().int(), contextEnd: z.number().int(), marks })),
        }),
      ),
    })
    .optional(),
  annotations: z
    .object({
      total: count,
      nextOffset: z.number().int().nullable(),
      items: z.array(
        z.object({
          id: z.string(),
          documentId: z.string(),
          documentTitle: z.string(),
          publishedOn: z.string().nullable(),
          start: z.number().int(),
          end: z.number().int(),
          exact: z.string(),
          prefix: z.string(),
          suffix: z.string(),
          label: z.object({ id: z.string(), name: z.string(), kind: kindSchema, color: z.string() }),
          author: personRef,
          reviewState: reviewStateSchema,
          gold: z.boolean(),
          rank: z.number(),
          quote: snippet,
          note: snippet.nullable(),
          attributes: z.array(z.object({ key: z.string(), value: snippet })),
        }),
      ),
    })
    .optional(),
});

const projectImportCounts = z.object({
  documents: count,
  annotations: count,
  reviews: count,
  comments: count,
  history: count,
  curationDecisions: count,
  assignments: count,
  relations: count,
});
export const projectImport = z.object({
  dryRun: z.boolean(),
  status: z.enum(["created", "ready", "already-present"]),
  project: z.object({ id: z.string(), name: z.string() }),
  counts: projectImportCounts,
  importedAuthors: count.optional(),
  users: z.object({ matched: count, created: count }).optional(),
});
export const annotationImport = z.union([
  z.object({
    kind: z.literal("annotations"),
    dryRun: z.boolean(),
    format: z.enum(["native", "w3c", "brat", "doccano", "conll"]),
    offsetUnit: z.object({ unit: z.enum(["codepoint", "utf16"]), detected: z.boolean() }).optional(),
    problems: z.array(z.object({ file: z.string(), line: z.number().int().optional(), message: z.string() })),
    documents: z.array(
      z.object({
        key: z.string(),
        title: z.string(),
        target: z.enum(["existing", "new", "missing"]),
        documentId: z.string().optional(),
        reason: z.string().optional(),
        annotations: z.array(
          z.object({
            key: z.string(),
            label: z.string(),
            exact: z.string(),
            outcome: z.enum(["accepted", "reanchored", "duplicate", "refused"]),
            reason: z.string().optional(),
            start: z.number().int().optional(),
            end: z.number().int().optional(),
            creator: z.string().optional(),
            authorId: z.string().optional(),
          }),
        ),
        relations: z.object({ added: count, skipped: z.array(z.string()) }),
      }),
    ),
    totals: z.object({ accepted: count, reanchored: count, duplicate: count, refused: count, newDocuments: count, relations: count }),
  }),
  projectImport.extend({ kind: z.literal("project") }),
]);

export const exportSummary = z.object({
  format: z.enum(["native", "w3c", "jsonl", "jsonl-rich", "csv", "brat", "conll"]),
  fileName: z.string(),
  bytes: count,
  summary: z.object({
    documents: count,
    annotations: count,
    layout: z.enum(["gold", "annotators", "annotators-and-gold", "mixed"]).optional(),
    layers: z
      .array(
        z.object({
          layer: z.enum(["gold", "annotator"]),
          annotator: personRef.optional(),
          annotations: count,
          file: z.string().optional(),
          written: z.object({ documents: count, annotations: count }).optional(),
        }),
      )
      .optional(),
    warning: z.string().optional(),
  }),
});

const jobState = z.enum(["QUEUED", "RUNNING", "DONE", "FAILED"]).meta({ description: "QUEUED: waiting for the job runner; RUNNING; DONE; FAILED (see error)" });

/** An export made by the job runner (POST /api/projects/[id]/exports). */
export const exportJob = z.object({
  id: z.string(),
  projectId: z.string(),
  state: jobState,
  check: z.boolean().meta({ description: "Only a count of what the export would hold; no file is kept" }),
  options: z.record(z.string(), z.string()),
  fileName: orNull(z.string()),
  bytes: count.meta({ description: "Bytes written so far; the file's size once DONE" }),
  annotations: orNull(count),
  summary: z.unknown().meta({ description: "Once DONE: what GET …/export/summary answers as `summary`" }),
  error: orNull(z.string()),
  createdAt: isoDateTime,
  startedAt: orNull(isoDateTime),
  finishedAt: orNull(isoDateTime),
  expiresAt: isoDateTime,
  fileUrl: orNull(z.string()).meta({ description: "Where to download the file once DONE (not for checks)" }),
}).meta({ id: "ExportJob" });
export const exportJobList = z.object({ exports: z.array(exportJob) });

/** An annotation-set import run by the job runner (POST /api/projects/[id]/imports). */
export const importJob = z.object({
  id: z.string(),
  projectId: z.string(),
  state: jobState,
  dryRun: z.boolean(),
  files: count,
  bytes: count,
  report: orNull(annotationImport).meta({ description: "Once DONE: what POST …/annotation-import answers" }),
  error: orNull(z.string()),
  createdAt: isoDateTime,
  finishedAt: orNull(isoDateTime),
}).meta({ id: "ImportJob" });
