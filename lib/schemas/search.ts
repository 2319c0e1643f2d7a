import { z } from "zod";

// The query of GET /api/projects/[id]/search and of the search page's URL, and its answer.

/** A publication date as documents store it: 2019, 2019-04 or 2019-04-25. */
const partialDate = z
  .string()
  .trim()
  .regex(/^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$/, { error: "use an ISO date: 2019, 2019-04 or 2019-04-25" });

/** The first and last day a partial date can mean: 2019-04 → 2019-04-01 … 2019-04-31. */
export function dateBounds(date: string): { first: string; last: string } {
  if (date.length === 4) return { first: `${date}-01-01`, last: `${date}-12-31` };
  if (date.length === 7) return { first: `${date}-01`, last: `${date}-31` };
  return { first: date, last: date };
}

// A form or URL sends an empty field for "no filter".
const optional = <S extends z.ZodType>(schema: S) => z.preprocess((v) => (v === "" ? undefined : v), schema.optional());

export const SEARCH_SCOPES = ["all", "documents", "annotations"] as const;
export const MAX_SEARCH_LENGTH = 200;

export const searchQuerySchema = z
  .object({
    // Control characters (NUL cannot even be stored in PostgreSQL text) count as spaces.
    q: z
      .string({ error: "type something to search for" })
      .transform((q) => q.replace(/[\u0000-\u001f\u007f]/g, " ").trim())
      .pipe(z.string().min(1, { error: "type something to search for" }).max(MAX_SEARCH_LENGTH, { error: `at most ${MAX_SEARCH_LENGTH} characters` })),
    scope: optional(z.enum(SEARCH_SCOPES)).transform((s) => s ?? "all"),
    labelId: optional(z.uuid({ error: "must be a label id" })),
    authorId: optional(z.uuid({ error: "must be a user id" })),
    reviewState: optional(z.enum(["PENDING", "ACCEPTED", "REJECTED"])),
    dateFrom: optional(partialDate),
    dateTo: optional(partialDate),
    limit: optional(z.coerce.number().int().min(1).max(100)).transform((n) => n ?? 20),
    // Where the next page starts, per result group: the `nextOffset` of the previous answer.
    offset: optional(z.coerce.number().int().min(0).max(100_000)).transform((n) => n ?? 0),
  })
  .refine((s) => !s.dateFrom || !s.dateTo || dateBounds(s.dateFrom).first <= dateBounds(s.dateTo).last, {
    path: ["dateTo"],
    error: "the end date is before the start date",
  });

export type SearchQuery = z.infer<typeof searchQuerySchema>;
export type SearchScope = (typeof SEARCH_SCOPES)[number];

/** A range of code points, end exclusive: absolute in a document, relative in an excerpt. */
export type Mark = { start: number; end: number };

/** A keyword-in-context line: the match with up to ~60 code points of the text on each side. */
export type KwicLine = {
  /** The match, code points into the document's text. */
  start: number;
  end: number;
  before: string;
  match: string;
  after: string;
  /** Where `before` starts and `after` ends, code points into the text. */
  contextStart: number;
  contextEnd: number;
  /** Every match within the line (this one included), code points into the text. */
  marks: Mark[];
};

/** A short text (a note, an attribute value, a quote) with its matches marked. */
export type Excerpt = { text: string; marks: Mark[]; truncatedBefore: boolean; truncatedAfter: boolean };

export type DocumentHit = {
  id: string;
  title: string;
  publisher: string | null;
  publishedOn: string | null;
  rank: number;
  /** Matches in the title, code points into the title. */
  titleMarks: Mark[];
  /** How many places in the text match (neighbouring words count once). */
  matchCount: number;
  /** A few keyword-in-context lines, in text order. */
  lines: KwicLine[];
};

export type AnnotationHit = {
  id: string;
  documentId: string;
  documentTitle: string;
  publishedOn: string | null;
  start: number;
  end: number;
  exact: string;
  prefix: string;
  suffix: string;
  label: { id: string; name: string; kind: "CLAIM" | "EVENT" | "ENTITY"; color: string };
  author: { id: string; name: string };
  reviewState: "PENDING" | "ACCEPTED" | "REJECTED";
  gold: boolean;
  rank: number;
  /** The quote (whole, or around the match when long) with matching words marked. */
  quote: Excerpt;
  /** The note, when the search matched in it. */
  note: Excerpt | null;
  /** Attribute values the search matched in. */
  attributes: { key: string; value: Excerpt }[];
};

export type SearchPage<T> = { total: number; nextOffset: number | null; items: T[] };

export type SearchResult = {
  /** Set when nothing could be searched for (only stop words, or no words at all). */
  notice?: string;
  documents?: SearchPage<DocumentHit>;
  annotations?: SearchPage<AnnotationHit>;
};
