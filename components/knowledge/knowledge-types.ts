// What the knowledge-base pages hand to their client components (plain JSON-safe shapes).
export type ItemKind = "ENTITY" | "EVENT" | "CLAIM";

export const KIND_HEADINGS: Record<ItemKind, string> = { ENTITY: "Entities", EVENT: "Events", CLAIM: "Claims" };
export const KIND_WORDS: Record<ItemKind, string> = { ENTITY: "entity", EVENT: "event", CLAIM: "claim" };

export type ItemSummary = {
  id: string;
  kind: ItemKind;
  name: string;
  aliases: string[];
  date: string | null;
  description: string;
  mentionCount: number;
  documentCount: number;
};

export type MentionRow = {
  annotationId: string;
  documentId: string;
  documentTitle: string;
  publishedOn: string | null;
  prefix: string;
  exact: string;
  suffix: string;
  author: { id: string; name: string };
  label: { id: string; name: string; color: string };
  gold: boolean;
};

/** Aliases typed one per line (or separated by semicolons). */
export const parseAliases = (value: string) =>
  value
    .split(/[\n;]/)
    .map((a) => a.trim())
    .filter(Boolean);
