// What the knowledge-base pages hand to their client components (plain JSON-safe shapes).
import type { ItemMention } from "@/lib/server/knowledge/get-canonical-item";
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

// The server's mention, less what the table does not show (type-only import: erased from the bundle).
export type MentionRow = Omit<ItemMention, "start" | "end" | "attributes">;

/** Aliases typed one per line (or separated by semicolons). */
export const parseAliases = (value: string) =>
  value
    .split(/[\n;]/)
    .map((a) => a.trim())
    .filter(Boolean);
