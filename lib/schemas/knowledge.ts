import { z } from "zod";
import { PAGE_SIZES, pageQuery } from "@/lib/schemas/page-query";

// The project's knowledge base: canonical entities, events and claims that annotations link to,
// and the suggestions made from their names.

const uuid = z.uuid({ error: "must be a UUID" });

export const labelKindSchema = z.enum(["ENTITY", "EVENT", "CLAIM"], { error: "kind is ENTITY, EVENT or CLAIM" });

/** 2019, 2019-04 or 2019-04-25 — the same partial ISO dates as an event annotation's `date`. */
export const partialDateSchema = z
  .string()
  .trim()
  .regex(/^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$/, { error: "use an ISO date: 2019, 2019-04 or 2019-04-25" });

const name = z.string().trim().min(1, { error: "A name is required" }).max(300);
const aliases = z.array(z.string().trim().min(1, { error: "An alias cannot be empty" }).max(300)).max(100, { error: "At most 100 aliases" });
const description = z.string().trim().max(5000);

export const createCanonicalItemSchema = z
  .object({
    kind: labelKindSchema,
    name,
    aliases: aliases.default([]),
    /** Events only. */
    date: partialDateSchema.nullish(),
    description: description.default(""),
  })
  .refine((item) => item.kind === "EVENT" || !item.date, { error: "Only events have a date", path: ["date"] });

/** Fields to change; `date: null` removes an event's date. */
export const updateCanonicalItemSchema = z.object({
  name: name.optional(),
  aliases: aliases.optional(),
  date: partialDateSchema.nullish(),
  description: description.optional(),
});

export const listCanonicalItemsQuery = z.object({ kind: labelKindSchema.optional() });

/** PUT /api/annotations/[id]/canonical — link an annotation to an item, or unlink it with null. */
export const linkCanonicalSchema = z.object({ canonicalId: uuid.nullable() });

export const candidatesQuery = z.object({
  q: z.string().trim().min(1, { error: "q (the text to match) is required" }).max(200, { error: "q is a name to look up: at most 200 characters" }),
  kind: labelKindSchema.optional(),
  limit: z.coerce.number().int().min(1).max(50).default(10),
});

export const mergeCanonicalItemsSchema = z.object({
  otherIds: z.array(uuid).min(1, { error: "Choose at least one item to merge into this one" }).max(100),
});

export const splitCanonicalItemSchema = z.object({
  annotationIds: z.array(uuid).min(1, { error: "Choose at least one mention to split off" }).max(10_000),
  name,
  aliases: aliases.default([]),
  date: partialDateSchema.nullish(),
});

export const suggestMentionsSchema = z.object({
  /** Default: every document of the project. */
  documentIds: z.array(uuid).min(1).max(100_000).optional(),
});

export const decideSuggestionSchema = z.object({
  decision: z.enum(["accept", "reject"], { error: "decision is accept or reject" }),
  /** Accept only: the label of the new annotation; default the label it is offered with. */
  labelId: uuid.optional(),
});

export const timelineQuery = z.object({
  /** A canonical entity: only events it took part in. */
  participant: uuid.optional(),
  ...pageQuery(PAGE_SIZES.timeline.fallback, PAGE_SIZES.timeline.max).shape,
});
