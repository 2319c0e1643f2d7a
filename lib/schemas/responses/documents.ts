import { z } from "zod";
import { count, isoDateTime, pageFields, personRef, roleSchema } from "@/lib/schemas/responses/common";

const details = {
  title: z.string(),
  publisher: z.string().nullable(),
  author: z.string().nullable(),
  publishedOn: z.string().nullable().meta({ description: "A full or partial date: 2019, 2019-04 or 2019-04-25" }),
  sourceUrl: z.string().nullable(),
  language: z.string().nullable(),
  tags: z.array(z.string()),
};
export const documentView = z
  .object({
    id: z.string(),
    projectId: z.string(),
    projectName: z.string(),
    role: roleSchema,
    ...details,
    text: z.string().meta({ description: "The canonical text (NFC, LF line ends); offsets are code points into it" }),
    length: count,
    contentHash: z.string(),
    fileName: z.string().nullable(),
    createdAt: isoDateTime,
    rawText: z.string().nullable().optional().meta({ description: "With ?raw=1: the text as imported, before trimming" }),
    originalHtml: z.string().nullable().optional().meta({ description: "With ?raw=1: the web page an HTML import was read from" }),
    trimmed: z.boolean().optional(),
  })
  .meta({ id: "Document" });

const fieldChange = z.object({ from: z.union([z.string(), z.array(z.string())]).nullable(), to: z.union([z.string(), z.array(z.string())]).nullable() });
export const detailChanges = z.record(z.enum(["title", "publisher", "author", "publishedOn", "sourceUrl", "language", "tags"]), fieldChange).meta({ id: "DocumentDetailChanges" });
export const documentDetailsUpdated = z.object({ document: z.object({ id: z.string(), ...details }), changes: detailChanges });
export const documentRevisions = z.object({
  revisions: z.array(z.object({ id: z.string(), createdAt: isoDateTime, via: z.string(), by: personRef.nullable(), changes: detailChanges })),
});
export const documentDeleted = z.object({ deletedAt: isoDateTime, restorableUntil: isoDateTime });
export const documentRestored = z.object({ id: z.string(), title: z.string(), annotations: count });
export const deletedDocuments = z.object({
  documents: z.array(z.object({ id: z.string(), title: z.string(), length: count, annotations: count, deletedAt: isoDateTime, restorableUntil: isoDateTime, deletedBy: personRef.nullable() })),
});

export const documentPage = z.object({
  documents: z.array(
    z.object({
      id: z.string(),
      fileName: z.string().nullable(),
      ...details,
      length: count,
      createdAt: isoDateTime,
      annotationCount: count,
      assignees: count,
      finished: count,
    }),
  ),
  total: count,
  nextOffset: z.number().int().nullable(),
});

const optionalMeta = { sourceUrl: z.string().optional(), publisher: z.string().optional(), publishedOn: z.string().optional(), language: z.string().optional(), author: z.string().optional() };
export const documentImport = z.object({
  imported: count,
  duplicates: count,
  dryRun: z.boolean(),
  report: z.array(
    z.object({
      name: z.string(),
      outcome: z.enum(["ready", "imported", "duplicate", "refused"]),
      reason: z.string().optional(),
      documentId: z.string().optional(),
      title: z.string().optional(),
      length: count.optional(),
      furniture: z.object({ removed: z.string(), removedLines: count, reasons: z.array(z.string()), trimmed: z.boolean() }).optional(),
      header: z.object({ lines: z.array(z.object({ text: z.string(), reason: z.string() })), reasons: z.array(z.string()), trimmed: z.boolean() }).optional(),
      meta: z.object({ title: z.string(), ...optionalMeta }).optional(),
      evidence: z.object({ title: z.string().optional(), ...optionalMeta }).optional(),
    }),
  ),
});
export const detailsCsvUpdate = z.object({
  dryRun: z.boolean(),
  rows: count,
  matched: count,
  changed: z.array(z.object({ row: z.number().int(), documentId: z.string(), title: z.string(), changes: detailChanges })),
  unchanged: count,
  problems: z.array(z.string()),
});

export const finished = z.object({ documentId: z.string(), finished: z.boolean(), finishedAt: isoDateTime.nullable() });
export const assignmentBoard = z.object({
  members: z.array(z.object({ userId: z.string(), name: z.string(), role: roleSchema })),
  documents: z.array(z.object({ id: z.string(), title: z.string(), assignees: z.array(z.object({ userId: z.string(), finished: z.boolean(), finishedAt: isoDateTime.nullable() })) })),
  ...pageFields,
});
export const assigneesSet = z.object({ documentId: z.string(), assignees: z.array(z.object({ userId: z.string(), finished: z.boolean() })) });
export const assignmentsSpread = z.object({ created: count, assignments: z.array(z.object({ documentId: z.string(), userId: z.string() })) });
export const myAssignments = z.object({
  documents: z.array(
    z.object({
      documentId: z.string(),
      title: z.string(),
      publishedOn: z.string().nullable(),
      length: count,
      myAnnotations: count,
      assignedAt: isoDateTime,
      finished: z.boolean(),
      finishedAt: isoDateTime.nullable(),
    }),
  ),
});
