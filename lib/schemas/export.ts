import { z } from "zod";

export const EXPORT_FORMATS = ["native", "w3c", "jsonl", "jsonl-rich", "csv", "brat", "conll"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

const list = <T extends z.ZodType<string>>(item: T) =>
  z.preprocess(
    (s) => (typeof s === "string" ? s.split(",").map((x) => x.trim()).filter(Boolean) : s),
    z.array(item).min(1).max(10_000),
  );

/** What to export: the query string of GET /api/projects/[id]/export and the CLI's flags. */
export const exportOptionsSchema = z.object({
  format: z.enum(EXPORT_FORMATS, { error: `format must be one of: ${EXPORT_FORMATS.join(", ")}` }),
  /** Comma-separated document ids; default all. */
  documents: list(z.uuid({ error: "documents must be document ids" })).optional(),
  /** Comma-separated annotator (user) ids; default everyone. Does not restrict the gold layer. */
  annotators: list(z.uuid({ error: "annotators must be user ids" })).optional(),
  /** Annotators' layers, the curated gold layer, or both. */
  layer: z.enum(["annotators", "gold", "all"]).default("all"),
  /** `accepted`: only annotations whose review state is accepted (gold annotations are curated, so they count as accepted). */
  review: z.enum(["all", "accepted"]).default("all"),
  /** Comma-separated label kinds; default all. */
  kinds: list(z.enum(["CLAIM", "EVENT", "ENTITY"], { error: "kinds are CLAIM, EVENT, ENTITY" })).optional(),
  /** Offsets in code points (the default, W3C and Python) or UTF-16 units (JavaScript, Java); JSONL only. */
  offsets: z.enum(["codepoint", "utf16"]).default("codepoint"),
  /** CSV: start with a UTF-8 byte-order mark so spreadsheet programs detect UTF-8. */
  bom: z.enum(["0", "1", "true", "false"]).transform((v) => v === "1" || v === "true").default(false),
});

export type ExportOptions = z.infer<typeof exportOptionsSchema>;
export type ExportFilter = Pick<ExportOptions, "documents" | "annotators" | "layer" | "review" | "kinds">;
