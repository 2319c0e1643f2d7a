// The attributes each label kind defines (lib/schemas/annotation.ts), with the names people read
// them by, so a review card or a feedback item names them as the annotation form does.
import type { ATTRIBUTE_SCHEMAS } from "@/lib/schemas/annotation";

type Kind = keyof typeof ATTRIBUTE_SCHEMAS;
/** `link`: the value is the id (or ids) of another annotation of the same document. */
export type AttributeField = { key: string; name: string; link?: "one" | "many" };

export const ATTRIBUTE_FIELDS: Record<Kind, AttributeField[]> = {
  CLAIM: [
    { key: "claimantId", name: "Claimant", link: "one" },
    { key: "claimantText", name: "Claimant (free text)" },
    { key: "stance", name: "Stance toward the subject" },
    { key: "modality", name: "Modality" },
  ],
  EVENT: [
    { key: "date", name: "Date" },
    { key: "locationId", name: "Location", link: "one" },
    { key: "participantIds", name: "Participants", link: "many" },
  ],
  ENTITY: [{ key: "canonicalName", name: "Canonical name" }],
};

/** The ids of other annotations an annotation's attributes point at. */
export function linkedIds(kind: Kind, attributes: Record<string, unknown>): string[] {
  return ATTRIBUTE_FIELDS[kind].flatMap((f) => {
    const v = attributes[f.key];
    if (!f.link) return [];
    if (typeof v === "string") return [v];
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
  });
}

export type ShownAttribute = { key: string; name: string; values: string[] };

/**
 * The attributes in the kind's order with readable values: links as the linked annotation's
 * quote (`quoteOf`), anything the kind does not define (an older import) under its own key.
 */
export function showAttributes(kind: Kind, attributes: Record<string, unknown>, quoteOf: (id: string) => string | undefined): ShownAttribute[] {
  const fields = ATTRIBUTE_FIELDS[kind];
  const known = new Set(fields.map((f) => f.key));
  const text = (v: unknown) => (typeof v === "string" ? v : JSON.stringify(v));
  const shown: ShownAttribute[] = [];
  for (const f of fields) {
    const v = attributes[f.key];
    if (v === undefined || v === null || v === "" || (Array.isArray(v) && v.length === 0)) continue;
    const raw = Array.isArray(v) ? v : [v];
    const values = f.link ? raw.map((id) => { const q = quoteOf(String(id)); return q === undefined ? "(an annotation removed or not shown to you)" : `“${q}”`; }) : raw.map(text);
    shown.push({ key: f.key, name: f.name, values });
  }
  for (const [key, v] of Object.entries(attributes)) {
    if (key === EXTRA && v && typeof v === "object" && !Array.isArray(v)) shown.push(...showExtra(v as Record<string, unknown>));
    else if (!known.has(key) && v !== undefined && v !== null) shown.push({ key, name: key, values: (Array.isArray(v) ? v : [v]).map(text) });
  }
  return shown;
}

/** Where attributes from other tools that the label scheme lacks are kept (lib/schemas/annotation.ts `extraAttributes`). */
export const EXTRA = "extra";

/**
 * Extra attributes by their own names, in alphabetical order (PostgreSQL's jsonb keeps keys in an
 * order of its own, not the file's): a flag (brat's binary attribute) as "yes".
 */
export function showExtra(extra: Record<string, unknown>): ShownAttribute[] {
  return Object.entries(extra).sort(([a], [b]) => a.localeCompare(b)).map(([name, v]) => ({ key: `${EXTRA}.${name}`, name, values: [v === true ? "yes" : typeof v === "string" ? v : JSON.stringify(v)] }));
}
