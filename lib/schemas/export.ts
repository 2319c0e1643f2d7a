import { z } from "zod";
import type { Visibility } from "@/lib/server/authz";

export const EXPORT_FORMATS = ["native", "w3c", "jsonl", "jsonl-rich", "csv", "brat", "conll"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/**
 * Which layers an export holds, and whether they stay apart:
 * - `annotators` (default): each annotator's layer on its own — one file or folder per annotator
 *   in the formats that cannot name an annotator per span (doccano, CoNLL, brat), an annotator
 *   column or creator on every record in the others;
 * - `gold`: the curated gold layer only;
 * - `annotators-and-gold`: the annotators' layers apart, and the gold layer as one more;
 * - `mixed`: every layer in one file, as before layers were kept apart. Spans may repeat with
 *   conflicting labels; the summary says so.
 */
export const EXPORT_LAYERS = ["annotators", "gold", "annotators-and-gold", "mixed"] as const;
export type ExportLayers = (typeof EXPORT_LAYERS)[number];

export const MIXED_LAYERS_WARNING =
  "Every layer is mixed into one file: where annotators marked the same text, its spans repeat, possibly with conflicting labels, and formats without an annotator field cannot tell whose each span is.";

const list = <T extends z.ZodType<string>>(item: T) =>
  z.preprocess(
    (s) => (typeof s === "string" ? s.split(",").map((x) => x.trim()).filter(Boolean) : s),
    z.array(item).min(1).max(10_000),
  );

/** What to export: the query string of GET /api/projects/[id]/export and the CLI's flags. */
export const exportOptionsSchema = z
  .object({
    format: z.enum(EXPORT_FORMATS, { error: `format must be one of: ${EXPORT_FORMATS.join(", ")}` }),
    /** Comma-separated document ids; default all. */
    documents: list(z.uuid({ error: "documents must be document ids" })).optional(),
    /** Comma-separated annotator (user) ids; default everyone. Does not restrict the gold layer. */
    annotators: list(z.uuid({ error: "annotators must be user ids" })).optional(),
    layers: z.enum(EXPORT_LAYERS, { error: `layers must be one of: ${EXPORT_LAYERS.join(", ")}` }).default("annotators"),
    /**
     * Replaced by `layers`; named here only to refuse it with a pointer, since its old default
     * (everything mixed) is no longer what an export means without it.
     */
    layer: z.unknown().optional(),
    /** `accepted`: only annotations whose review state is accepted (gold annotations are curated, so they count as accepted). */
    review: z.enum(["all", "accepted"], { error: "review must be all or accepted" }).default("all"),
    /** Comma-separated label kinds; default all. */
    kinds: list(z.enum(["CLAIM", "EVENT", "ENTITY"], { error: "kinds are CLAIM, EVENT, ENTITY" })).optional(),
    /** Offsets in code points (the default, W3C and Python) or UTF-16 units (JavaScript, Java); JSONL only. */
    offsets: z.enum(["codepoint", "utf16"], { error: "offsets must be codepoint or utf16" }).default("codepoint"),
    /** CSV: start with a UTF-8 byte-order mark so spreadsheet programs detect UTF-8. */
    bom: z.enum(["0", "1", "true", "false"], { error: "bom must be 0, 1, true or false" }).transform((v) => v === "1" || v === "true").default(false),
    /** W3C: carry each document's text (once, in its first annotation's target as `wb:text`), so the file imports where the text is not. */
    embedText: z.enum(["0", "1", "true", "false"], { error: "embedText must be 0, 1, true or false" }).transform((v) => v === "1" || v === "true").default(false),
    /** CSV: guard=false leaves formula-like text unguarded (no leading apostrophe), for pandas/R rather than spreadsheets. */
    guard: z.enum(["0", "1", "true", "false"], { error: "guard must be 0, 1, true or false" }).transform((v) => v === "1" || v === "true").default(true),
  })
  .superRefine((value, ctx) => {
    if (value.layer !== undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["layer"],
        message: `layer was replaced by layers (${EXPORT_LAYERS.join(", ")}): layers=annotators keeps each annotator apart, layers=mixed puts every layer in one file as layer=all did`,
      });
    }
  })
  .transform(({ layer: _replaced, ...options }) => options);

export type ExportOptions = z.infer<typeof exportOptionsSchema>;

/**
 * What one read over the database selects: the annotators' layers, the gold layer or both (the
 * layout — apart or mixed — is the writer's business), optionally one annotator's layer only.
 */
export type ExportFilter = Pick<ExportOptions, "documents" | "annotators" | "review" | "kinds"> & {
  layer: "annotators" | "gold" | "all";
  /** One annotator's layer (with layer "annotators"): a per-annotator file's pass. */
  author?: string;
  /** Only documents holding at least one annotation the filter keeps: a layer's own file. */
  annotatedOnly?: boolean;
  /** What the member exporting may see (lib/server/authz.ts); absent for the operator's backup. */
  sees?: Visibility;
};

/** The layers `options` selects, as the database reads them. */
export function exportFilterOf(options: ExportOptions): ExportFilter {
  const layer = options.layers === "gold" ? "gold" : options.layers === "annotators" ? "annotators" : "all";
  return { documents: options.documents, annotators: options.annotators, review: options.review, kinds: options.kinds, layer };
}
