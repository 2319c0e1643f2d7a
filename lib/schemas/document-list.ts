// The document list's query: paging, sorting by any column, filters. Read from the page's URL and
// the API's query string alike (every value a string; an empty field is no filter).
import { z } from "zod";

const optional = <S extends z.ZodType>(schema: S) => z.preprocess((v) => (v === "" ? undefined : v), schema.optional());
const partialDate = z.string().trim().regex(/^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$/, { error: "use a date like 2019, 2019-04 or 2019-04-25" });

export const DOCUMENT_SORTS = ["title", "publisher", "publishedOn", "createdAt", "length", "annotations"] as const;
export type DocumentSort = (typeof DOCUMENT_SORTS)[number];
export const DOCUMENT_STATUSES = ["unassigned", "todo", "finished"] as const;

export const documentListQuery = z
  .object({
    q: optional(z.string().trim().max(200, { error: "at most 200 characters" })),
    publisher: optional(z.string().trim().max(300)),
    tag: optional(z.string().trim().max(60)),
    from: optional(partialDate),
    to: optional(partialDate),
    // An annotator's id: the documents assigned to them.
    assignee: optional(z.uuid({ error: "must be a member's id" })),
    // unassigned: nobody's; todo: someone has not finished it; finished: everyone assigned finished it.
    status: optional(z.enum(DOCUMENT_STATUSES, { error: `status is one of ${DOCUMENT_STATUSES.join(", ")}` })),
    sort: optional(z.enum(DOCUMENT_SORTS, { error: `sort is one of ${DOCUMENT_SORTS.join(", ")}` })).transform((s) => s ?? "createdAt"),
    dir: optional(z.enum(["asc", "desc"])).transform((d) => d ?? "asc"),
    limit: optional(z.coerce.number().int().min(1).max(200)).transform((n) => n ?? 50),
    offset: optional(z.coerce.number().int().min(0).max(1_000_000)).transform((n) => n ?? 0),
  })
  .refine((s) => !s.from || !s.to || s.from.slice(0, Math.min(s.from.length, s.to.length)) <= s.to.slice(0, Math.min(s.from.length, s.to.length)), {
    path: ["to"],
    error: "the end date is before the start date",
  });
export type DocumentListQuery = z.infer<typeof documentListQuery>;
