// A document's details as a curator corrects them after import (the text itself never changes:
// annotations point into it). Shared by the API, the edit form and the CSV bulk update.
import { z } from "zod";
import { normalizePublishedOn } from "@/lib/documents/find-dates";
import { isWebUrl, WEB_URL_RULE } from "@/lib/documents/source-url";
import { unstorableText } from "@/lib/schemas/text";

const storable = (max: number) =>
  z
    .string()
    .max(max, { error: `at most ${max} characters` })
    .refine((v) => !unstorableText(v), { error: "contains characters text cannot hold (NUL or invalid Unicode)" })
    .transform((v) => v.trim());

export const MAX_TAGS = 50;
export const DOCUMENT_FIELDS = ["title", "publisher", "author", "publishedOn", "sourceUrl", "language", "tags"] as const;
export type DocumentField = (typeof DOCUMENT_FIELDS)[number];

/** Each field optional; "" (or []) clears a value, except the title, which a document always has. */
export const documentDetailsSchema = z
  .object({
    title: storable(300).refine((v) => v.length > 0, { error: "a document needs a title" }),
    publisher: storable(300),
    author: storable(300),
    language: storable(35).refine((v) => v === "" || /^[a-z]{2,3}(-[a-z0-9]{2,8})*$/i.test(v), { error: 'a language code like "en", "ko" or "pt-BR"' }),
    sourceUrl: storable(2000).refine((v) => v === "" || isWebUrl(v), { error: WEB_URL_RULE }),
    publishedOn: storable(40)
      .refine((v) => !(normalizePublishedOn(v) instanceof Error), { error: "not a date like 2019, 2019-04 or 2019-04-25" })
      .transform((v) => (normalizePublishedOn(v) as string | undefined) ?? ""),
    tags: z
      .array(storable(60).refine((v) => v.length > 0, { error: "a tag cannot be empty" }))
      .max(MAX_TAGS, { error: `at most ${MAX_TAGS} tags` })
      .transform((tags) => [...new Set(tags)]),
    text: z.never({ error: "a document's text cannot be changed once imported: annotations point into it. Import the corrected text as a new document." }),
  })
  .partial()
  .strict();
export type DocumentDetails = z.output<typeof documentDetailsSchema>;
