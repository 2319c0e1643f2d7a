// ?offset=&limit= for a list answered a page at a time (every value a string, as in a URL; an
// empty field is the default). The limit has a default and a maximum per list, so no single
// request reads a whole project.
import { z } from "zod";

const optional = <S extends z.ZodType>(schema: S) => z.preprocess((v) => (v === "" || v === null ? undefined : v), schema.optional());

/** Offset 0 and `fallback` rows unless asked otherwise; never more than `max` rows. */
export const pageQuery = (fallback: number, max: number) =>
  z.object({
    offset: optional(z.coerce.number().int({ error: "offset is a whole number" }).min(0, { error: "offset is 0 or more" }).max(1_000_000, { error: "offset is at most 1,000,000" }))
      .transform((n) => n ?? 0)
      .meta({ description: "First row to answer (0)" }),
    limit: optional(z.coerce.number().int({ error: "limit is a whole number" }).min(1, { error: "limit is at least 1" }).max(max, { error: `limit is at most ${max}` }))
      .transform((n) => n ?? fallback)
      .meta({ description: `Rows in this answer (${fallback}, at most ${max})` }),
  });
export type PageQuery = { offset: number; limit: number };

/** The paging fields of an answer: where this page sits, the total, and the next page's offset (null at the end). */
export const pageOf = ({ offset, limit }: PageQuery, shown: number, total: number) => ({
  total,
  offset,
  limit,
  nextOffset: offset + shown < total ? offset + shown : null,
});

/** Rows per answer (default and maximum) of each list read a page at a time. */
export const PAGE_SIZES = {
  /** Documents of the assignment board. */
  assignments: { fallback: 100, max: 500 },
  /** Canonical claims of the claim tracker (each with up to CLAIM_MENTIONS_SHOWN mentions). */
  claims: { fallback: 20, max: 100 },
  /** Canonical events of the timeline, dated then undated (each with up to EVENT_MENTIONS_SHOWN mentions). */
  timeline: { fallback: 100, max: 500 },
  /** Mentions of one knowledge-base item. */
  itemMentions: { fallback: 100, max: 500 },
} as const;

export const assignmentsQuery = pageQuery(PAGE_SIZES.assignments.fallback, PAGE_SIZES.assignments.max);
export const claimsQuery = pageQuery(PAGE_SIZES.claims.fallback, PAGE_SIZES.claims.max);
export const itemMentionsQuery = pageQuery(PAGE_SIZES.itemMentions.fallback, PAGE_SIZES.itemMentions.max);
